"""Anti-pattern: serialising an ObjectRef out of band (cloudpickle)."""

import ray
from ray import cloudpickle

ray.init()


# __out_of_band_object_ref_bad_start__
@ray.remote
def make_report():
    return {"rows": 3, "status": "ok"}


@ray.remote
def read_status_bad(pickled_ref):
    report_ref = cloudpickle.loads(pickled_ref)
    return ray.get(report_ref)["status"]


report_ref = make_report.remote()
# Ray can't see where these bytes go, so it can't count this
# reference: to stay safe, it pins the report in memory for as
# long as this process lives.
pickled_ref = cloudpickle.dumps(report_ref)
status_bad = ray.get(read_status_bad.remote(pickled_ref))
# __out_of_band_object_ref_bad_end__


# __out_of_band_object_ref_better_start__
@ray.remote
def read_status(report_refs):
    # A ref nested in an argument arrives as a ref, not a value.
    return ray.get(report_refs[0])["status"]


# Pass the ObjectRef itself (here in a list): Ray knows the task
# borrows it, and frees the report once no one refers to it.
status = ray.get(read_status.remote([report_ref]))
print(status)
# Output:
# ok

assert status == status_bad
# __out_of_band_object_ref_better_end__
