# A stand-in for a Ray example: plain Python, so it runs anywhere.

# __return_single_value_start__
def task_returning_ref(value):
    # __return_single_value_bad_start__
    return {"ref": value}  # stands in for ray.put(value)
    # __return_single_value_bad_end__


def task_returning_value(value):
    # __return_single_value_better_start__
    return value
    # __return_single_value_better_end__
# __return_single_value_end__

# __compare_start__
assert task_returning_ref(1)["ref"] == task_returning_value(1)
# __compare_end__
