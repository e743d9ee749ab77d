"""Ray's internal settings, given to the instance with _system_config."""

import ray

# __system_config_start__
ray.init(_system_config={"object_timeout_milliseconds": 1234,
                         "metrics_report_interval_ms": 4321})
# __system_config_end__

# __seen_everywhere_start__
assert ray._config.object_timeout_milliseconds() == 1234


@ray.remote
def worker_settings():
    return ray._config.object_timeout_milliseconds(), ray._config.metrics_report_interval_ms()


assert ray.get(worker_settings.remote(), timeout=30) == (1234, 4321)
# __seen_everywhere_end__
