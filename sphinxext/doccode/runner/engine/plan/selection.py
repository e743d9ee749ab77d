"""Which units run under ``doccode_select = "changed"`` or ``doccode_changed_since``,
and why (issue 24).

``changed``: a unit runs when its cached result cannot be reused (new, its content
or settings changed, a file it used changed); the others come from the cache.
``changed_since REF``: a unit runs when its own file, or a file it used (as far as
the cache knows), is among the files ``git diff REF`` names, or untracked; for a
CI job without a cache.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path


class SelectionError(ValueError):
    """The changed files could not be listed (not a git repository, unknown revision)."""


def _git(args: list[str], cwd: Path) -> list[str]:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SelectionError(f"could not run git: {exc}") from exc
    if done.returncode != 0:
        raise SelectionError(f"git {' '.join(args)} failed in {cwd}: "
                             f"{done.stderr.strip() or done.returncode}")
    return [line for line in done.stdout.splitlines() if line]


def changed_since(ref: str, cwd: Path) -> frozenset[Path]:
    """The files changed since ``ref`` (committed or not) and untracked files, absolute."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd)[0])
    names = _git(["diff", "--name-only", ref, "--"], top)
    names += _git(["ls-files", "--others", "--exclude-standard"], top)
    return frozenset((top / name).resolve() for name in names)


class ChangedFiles:
    """The answer to "did this unit change since REF?", with the files listed once."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self._files: frozenset[Path] | None = None
        self._error = ""

    def _listed(self, cwd: Path) -> frozenset[Path] | None:
        if self._files is None and not self._error:
            try:
                self._files = changed_since(self.ref, cwd)
            except SelectionError as exc:
                self._error = str(exc)
        return self._files

    def why(self, unit_path: Path, display_path: str, used: Iterable[str],
            root: Path) -> str | None:
        """Why the unit runs (its file or a file it used changed); None: it did not change.
        When git cannot list the changes, every unit runs, and says why."""
        files = self._listed(root)
        if files is None:
            return f"cannot tell what changed since {self.ref}: {self._error}"
        if unit_path.resolve() in files:
            return f"`{display_path}` changed since {self.ref}"
        for recorded in used:
            path = Path(recorded)
            if (path if path.is_absolute() else root / path).resolve() in files:
                return f"`{recorded}` changed since {self.ref}"
        return None
