"""What each unit of a run needs before it runs: its settings, its cache key, and the
result when it is known without running (skipped, cached, unreadable); and the order
the units start in (longest expected first)."""

from __future__ import annotations

from dataclasses import dataclass

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner import inline_units
from sphinxext.doccode.runner.cache import ResultCache, cache_key
from sphinxext.doccode.runner.options import FileRequest, RunOptions
from sphinxext.doccode.runner.outcomes import marker_error_result, request_index, skipped_result
from sphinxext.doccode.runner.schedule import Job, lpt_order
from sphinxext.doccode.runner.shaped_pool import OwnInstance, shape_key
from sphinxext.doccode.runner.unitsettings import UnitPolicy
from sphinxext.doccode.sources.filemarkers import FileMarkers, parse_file_markers
from sphinxext.doccode.sources.initshape import ClusterShape, scan_shape
from sphinxext.doccode.sources.settings import FileSettings
from sphinxext.doccode.sources.source_text import (
    UNDECODABLE_TYPE,
    SourceDecodeError,
    decode_source,
)


@dataclass
class Plan:
    request: FileRequest
    markers: FileSettings  # the file's markers merged with doccode_rules
    key: str | None = None
    result: FileResult | None = None  # known without running (skipped, cached, bad markers)
    shape: ClusterShape | None = None  # what the file's ray.init(...) asks of its instance


#: about what starting a private instance of a file's own shape costs (seconds)
SHAPED_INSTANCE_START_S = 5.0
#: a file that took this long last time runs on an instance of its own (seconds)
OWN_INSTANCE_MIN_S = 12.0


class Planner:
    """Plans the units of one engine: ``doccode_rules`` and markers, cache lookups."""

    def __init__(self, options: RunOptions, policy: UnitPolicy,
                 cache: ResultCache | None) -> None:
        self.options = options
        self.policy = policy
        self.cache = cache

    def plan(self, request: FileRequest) -> Plan:
        if request.inline is not None:  # a page's inline blocks: runner/inline_units.py
            markers = self.policy.settings(request, FileMarkers())  # doccode_rules apply
            plan = Plan(request, markers, result=inline_units.empty_page_result(request))
            if plan.result is None and (reason := self.policy.not_run_reason(markers)):
                plan.result = inline_units.skipped_page_result(request, reason)
            if plan.result is None and self.cache is not None:
                plan.key = cache_key(inline_units.page_content(request), inline_units.page_settings(
                    self.settings(request, plan.markers)))
                if self.options.cache_mode == "auto":
                    plan.result = self.cache.get(plan.key)
            return plan
        try:
            content = request.path.read_bytes()
        except OSError as exc:
            error = ErrorInfo(None, "FileNotFound", f"cannot read {request.path}: {exc}")
            result = FileResult(request.display_path, FileStatus.ERROR, 0.0, error=error)
            return Plan(request, self.policy.settings(request, FileMarkers()), result=result)
        try:
            source = decode_source(content, request.display_path)
        except SourceDecodeError as exc:
            error = ErrorInfo(None, UNDECODABLE_TYPE, str(exc))
            result = FileResult(request.display_path, FileStatus.ERROR, 0.0, error=error)
            return Plan(request, self.policy.settings(request, FileMarkers()), result=result)
        markers = self.policy.settings(request, parse_file_markers(source))
        # Region marker problems never stop a file (the builder warns about them):
        # it runs as it would alone, and its delimitable regions get its results.
        index = request_index(request, source)
        plan = Plan(request, markers, shape=scan_shape(source).shape)
        if markers.problems:
            plan.result = marker_error_result(request, index, markers)
        elif (reason := self.policy.not_run_reason(markers)) is not None:
            plan.result = skipped_result(request, index, reason)
        elif self.cache is not None:
            plan.key = cache_key(content, self.settings(request, markers))
            if self.options.cache_mode == "auto":
                plan.result = self.cache.get(plan.key)
        return plan

    def settings(self, request: FileRequest, markers: FileSettings) -> dict[str, object]:
        options = self.options
        return {
            "ray_address": options.ray_address,
            "ray_resources": dict(options.ray_resources),
            "object_store_memory": options.object_store_memory,
            "timeout": markers.timeout or options.timeout,
            "stop_after": request.stop_after,
            "rewrite_asserts": request.rewrite_asserts,
            "regions": [list(region) for region in request.regions],
            # only when set, so keys of files without them stay as they were
            **({"env": dict(markers.env)} if markers.env else {}),
            **({"xfail": markers.xfail} if markers.xfail is not None else {}),
            "isolation": options.isolation,
        }

    def own_instances(self, plans: list[Plan], pending: list[int]) -> list[int]:
        """Give each long file (``OWN_INSTANCE_MIN_S`` last time) that asks for no shape
        an instance of the default shape of its own.

        Files that share an instance share its logical CPUs: a file whose tasks
        sleep holds them while the machine idles, and every other file's tasks
        queue behind it, so the long files the run waits for grow longer. Alone,
        a file has all of them. A long file on its own instance has them too, and
        the instance's start (in the background, ahead) is small beside it.
        Returns the files given one."""
        if self.options.isolation != "warm" or self.options.ray_address or not self.cache:
            return []
        given = []
        for i in pending:
            plan = plans[i]
            if plan.shape is not None or plan.request.inline is not None:
                continue
            last = self.cache.latest(plan.request.display_path)
            if last is not None and last.duration_s >= OWN_INSTANCE_MIN_S:
                plan.shape = OwnInstance(for_path=plan.request.display_path)
                given.append(i)
        return given

    def start_order(self, plans: list[Plan], pending: list[int]) -> list[int]:
        """Longest expected first: each path's last duration, else its size."""
        jobs = []
        for i in pending:
            request = plans[i].request
            last = self.cache.latest(request.display_path) if self.cache else None
            try:
                size = request.path.stat().st_size
            except OSError:
                size = 0
            jobs.append(Job(request.display_path, size, last.duration_s if last else None,
                            setup_s=self._setup_seconds(plans[i])))
        return [pending[k] for k in lpt_order(jobs)]

    def _setup_seconds(self, plan: Plan) -> float:
        """What the file waits for before it runs: an instance of its own shape to start."""
        if plan.shape is None or shape_key(plan.shape, self.options) is None:
            return 0.0
        return SHAPED_INSTANCE_START_S
