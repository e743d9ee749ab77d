"""Tell a resource request that can never be met from one that is merely queued.

Pure Python (no Ray): ``jobwatch.py`` feeds it what the GCS reports. Two
kinds of hopeless demand, both of which would otherwise hang a file until its
timeout:

- infeasible: the request asks for more of a resource than the instance has
  in total (``num_cpus=16`` on 8 logical CPUs, or a resource it lacks), or
  more than any one node has (on a cluster of several nodes);
- starved: the rest is held by live actors, which keep their resources until
  they die (8 one-CPU actors on a 2-CPU instance), and that has not changed
  for a while.

And one that only sharing causes: crowded out, where the request fits beside
the file's own actors but the actors of other files running at the same time
hold the rest. Two such files wait for each other forever, where alone each
would pass; the engine then runs the file again on its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sphinxext.doccode.runner.protocol import SHAPED_BY_FILE_ENV


def hint(name: str, amount: float, *, cluster: bool = False) -> str:
    if os.environ.get(SHAPED_BY_FILE_ENV) == "1":
        return (
            "hint: the example's own ray.init(...) decides what this instance has; "
            "ask for more there, or make the example ask for less"
        )
    if cluster:
        return (
            f"hint: add a node with {_fmt(amount)} {name} to the cluster "
            "(doccode_ray_address), or make the example ask for less"
        )
    return (
        "hint: give the private Ray instance more logical resources with "
        f"doccode_ray_resources (for example {{{name!r}: {_fmt(amount)}}}) in conf.py, "
        "or make the example ask for less"
    )


@dataclass(frozen=True)
class PendingRequest:
    what: str  # e.g. "actor Counter" or "task square"
    resources: Mapping[str, float]


def _fmt(value: float) -> str:
    return f"{value:g}"


def infeasible(request: PendingRequest, totals: Mapping[str, float],
               nodes: Sequence[Mapping[str, float]] | None = None,
               *, cluster: bool = False) -> str | None:
    """Why ``request`` can never be scheduled: more than the instance has in total or,
    given ``nodes`` (each node's totals), more than any single node has."""
    for name, amount in sorted(request.resources.items()):
        have = totals.get(name, 0.0)
        if amount > have:
            where = "the Ray cluster" if cluster else "the Ray instance"
            return (
                f"{request.what} requires {_fmt(amount)} {name} but {where} has "
                f"{_fmt(have)} {name} in total, so it can never be scheduled "
                f"({hint(name, amount, cluster=cluster)})"
            )
    if nodes and not any(all(node.get(k, 0.0) >= v for k, v in request.resources.items())
                         for node in nodes):
        wanted = ", ".join(f"{_fmt(v)} {k}" for k, v in sorted(request.resources.items()))
        return (
            f"{request.what} requires {wanted} on one node, but no node of the "
            f"{'cluster' if cluster else 'instance'} has all of it, so it can never be "
            "scheduled (hint: make the example ask for less, or add a node that has it)"
        )
    return None


def starved(
    request: PendingRequest,
    totals: Mapping[str, float],
    held_by_actors: Mapping[str, float],
    actor_count: int,
    pending_total: Mapping[str, float],
    *,
    cluster: bool = False,
) -> str | None:
    for name, amount in sorted(request.resources.items()):
        total = totals.get(name, 0.0)
        held = held_by_actors.get(name, 0.0)
        if amount > 0 and total - held < amount:
            return (
                f"{request.what} waits for {_fmt(amount)} {name}, but {actor_count} live "
                f"actor(s) hold {_fmt(held)} of the instance's {_fmt(total)} {name} and keep "
                f"them until they exit, so it can never be scheduled "
                f"({hint(name, held + pending_total.get(name, amount), cluster=cluster)})"
            )
    return None


def diagnose(
    pending: Sequence[PendingRequest],
    totals: Mapping[str, float],
    held_by_actors: Mapping[str, float],
    actor_count: int,
    nodes: Sequence[Mapping[str, float]] | None = None,
    *,
    cluster: bool = False,
) -> tuple[str, str] | None:
    """("infeasible" | "starved", message) for the first hopeless request, or None.

    ``cluster``: an existing cluster (the hints say so); ``nodes``: each node's totals.
    """
    for request in pending:
        message = infeasible(request, totals, nodes, cluster=cluster)
        if message:
            return "infeasible", message
    pending_total: dict[str, float] = {}
    for request in pending:
        for name, amount in request.resources.items():
            pending_total[name] = pending_total.get(name, 0.0) + amount
    for request in pending:
        message = starved(request, totals, held_by_actors, actor_count, pending_total,
                          cluster=cluster)
        if message:
            return "starved", message
    return None


def crowded_out(
    pending: Sequence[PendingRequest],
    totals: Mapping[str, float],
    own_held: Mapping[str, float],
    others_held: Mapping[str, float],
) -> str | None:
    """Why a request waits only because of other files' live actors: it fits
    beside this file's own actors, not beside theirs too (None: it does not wait
    for them)."""
    for request in pending:
        for name, amount in sorted(request.resources.items()):
            total = totals.get(name, 0.0)
            mine, theirs = own_held.get(name, 0.0), others_held.get(name, 0.0)
            if amount > 0 and total - mine >= amount > total - mine - theirs:
                return (
                    f"{request.what} waits for {_fmt(amount)} {name} that live actors of "
                    f"other files running at the same time hold ({_fmt(theirs)} of the "
                    f"instance's {_fmt(total)} {name})"
                )
    return None
