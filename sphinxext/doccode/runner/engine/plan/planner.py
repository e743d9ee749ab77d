"""What each unit of a run needs before it runs: its settings, its cache key, and the
result when it is known without running (skipped, cached, unreadable)."""

from __future__ import annotations

from dataclasses import dataclass

from sphinxext.doccode.results import ErrorInfo, FileResult, FileStatus
from sphinxext.doccode.runner.engine.options import FileRequest, RunOptions
from sphinxext.doccode.runner.engine.plan import pages
from sphinxext.doccode.runner.engine.plan.cache import ResultCache, cache_key
from sphinxext.doccode.runner.engine.plan.outcomes import (
    marker_error_result,
    request_index,
    skipped_result,
)
from sphinxext.doccode.runner.engine.plan.policy import UnitPolicy
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


class Planner:
    """Plans the units of one engine: ``doccode_rules`` and markers, cache lookups."""

    def __init__(self, options: RunOptions, policy: UnitPolicy,
                 cache: ResultCache | None) -> None:
        self.options = options
        self.policy = policy
        self.cache = cache

    def plan(self, request: FileRequest) -> Plan:
        if request.inline is not None:  # a page's inline blocks: runner/engine/plan/pages.py
            markers = self.policy.settings(request, FileMarkers())  # doccode_rules apply
            plan = Plan(request, markers, result=pages.empty_page_result(request))
            if plan.result is None and (reason := self.policy.not_run_reason(markers)):
                plan.result = pages.skipped_page_result(request, reason)
            if plan.result is None and self.cache is not None:
                plan.key = cache_key(pages.page_content(request), pages.page_settings(
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
