"""Cross-reference checks of a structurally valid scenario.

Each check yields ``(path, message, expected)`` where ``path`` is a tuple of
keys and indexes into the file, so errors can name ``issues[0].positions[3]``
and the line it is on.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..errors import shown
from .games_spec import validate_games
from .model import Scenario, _support
from .questions import check_questions

Problem = tuple[tuple[Any, ...], str, str | None]


def check(sc: Scenario) -> list[Problem]:
    """All problems found, in file order."""
    return list(_checks(sc))


def _dupes(items: tuple[Any, ...], section: str, attr: str = "id") -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for k, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            yield ((section, k, attr), f"duplicate {attr} {key!r} (first at {section}[{seen[key]}])",
                   "unique ids")
        else:
            seen[key] = k


def _checks(sc: Scenario) -> Iterator[Problem]:
    for section in ("sources", "actors", "issues", "parameters", "games", "questions"):
        yield from _dupes(getattr(sc, section), section)

    # Aliases and ids share one namespace (case-insensitive): a name must pick one actor.
    owner: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for k, a in enumerate(sc.actors):
        owner.setdefault(a.id.casefold(), (a.id, ("actors", k, "id")))
    for k, a in enumerate(sc.actors):
        for j, alias in enumerate(a.aliases):
            key = alias.casefold()
            prev = owner.get(key)
            if prev is not None and prev[0] != a.id:
                yield (("actors", k, "aliases", j),
                       f"alias {alias!r} also names actor {prev[0]!r}", "an alias that names one actor only")
            else:
                owner[key] = (a.id, ("actors", k, "aliases", j))

    source_ids = {s.id for s in sc.sources}
    source_by_id = {s.id: s for s in sc.sources}

    def cites(path: tuple[Any, ...], ids: tuple[str, ...], is_input: bool = True) -> Iterator[Problem]:
        for j, sid in enumerate(ids):
            if sid not in source_ids:
                yield (path + ("sources", j), f"unknown source {sid!r}", "the id of an entry in sources")
            elif is_input:
                s = source_by_id[sid]
                if s.published is not None and s.published > sc.metadata.as_of:
                    yield (path + ("sources", j),
                           f"source {sid!r} is dated {s.published}, after as_of {sc.metadata.as_of}: "
                           "later evidence is ground truth, never input",
                           "a source published on or before as_of (cite it under ground_truth instead)")

    for k, a in enumerate(sc.actors):
        yield from cites(("actors", k), a.sources)
        if a.capability is not None and _support(a.capability)[0] < 0:
            yield (("actors", k, "capability"), f"capability {_show(a.capability)} is negative",
                   "a capability >= 0")

    for i, issue in enumerate(sc.issues):
        base = ("issues", i)
        yield from cites(base, issue.sources)
        lo, hi = issue.scale.min, issue.scale.max
        if not lo < hi:
            yield (base + ("scale",), f"scale min {lo} is not below max {hi}", "min < max")
            continue
        for j, anchor in enumerate(issue.scale.anchors):
            if not lo <= anchor.value <= hi:
                yield (base + ("scale", "anchors", j, "value"),
                       f"anchor {anchor.value} is outside the scale [{lo}, {hi}]", f"a value in [{lo}, {hi}]")
        if issue.status_quo is not None:
            s_lo, s_hi = _support(issue.status_quo)
            if s_lo < lo or s_hi > hi:
                yield (base + ("status_quo",), f"status quo {_show(issue.status_quo)} is outside the scale "
                       f"[{lo}, {hi}]", f"a value in [{lo}, {hi}]")
        seen: dict[str, int] = {}
        for j, p in enumerate(issue.positions):
            path = base + ("positions", j)
            hit = owner.get(p.actor.casefold())
            if hit is None:
                yield (path + ("actor",), f"unknown actor {shown(p.actor)}",
                       "an actor id or alias: " + ", ".join(a.id for a in sc.actors))
            else:
                if hit[0] in seen:
                    yield (path + ("actor",), f"actor {hit[0]!r} already has a position on this issue "
                           f"(positions[{seen[hit[0]]}])", "one position per actor and issue")
                seen.setdefault(hit[0], j)
            yield from cites(path, p.sources)
            p_lo, p_hi = _support(p.position)
            if p_lo < lo or p_hi > hi:
                yield (path + ("position",), f"position {_show(p.position)} is outside the scale [{lo}, {hi}]",
                       f"a value in [{lo}, {hi}]")
            s_lo, s_hi = _support(p.salience)
            if s_lo < 0 or s_hi > issue.salience_scale:
                yield (path + ("salience",), f"salience {_show(p.salience)} is outside 0-{issue.salience_scale}"
                       " (the issue's salience_scale)", f"a value in [0, {issue.salience_scale}]")
            if p.leverage is not None and _support(p.leverage)[0] < 0:
                yield (path + ("leverage",), f"leverage {_show(p.leverage)} is negative", "a leverage >= 0")

    for k, prm in enumerate(sc.parameters):
        yield from cites(("parameters", k), prm.sources)

    for k, gt in enumerate(sc.ground_truth):
        yield from cites(("ground_truth", k), gt.sources, is_input=False)
    yield from check_questions(sc)

    for g, game in enumerate(sc.games):  # the leakage rule holds for games and every node too
        yield from cites(("games", g), tuple(game.sources))
        for k, node in enumerate(game.nodes):
            yield from cites(("games", g, "nodes", k), tuple(node.sources))

    for dotted, message, expected in validate_games(sc.games, sc):
        yield (_parse_dotted(dotted), message, expected)


def _show(v: Any) -> str:
    if isinstance(v, (int, float)):
        return repr(v)
    lo, hi = v.support
    return f"{v.dist} on [{lo}, {hi}]"


def _parse_dotted(path: str | tuple[Any, ...]) -> tuple[Any, ...]:
    """``games[0].nodes[3]`` → ``('games', 0, 'nodes', 3)``."""
    if isinstance(path, tuple):
        return path
    import re

    out: list[Any] = []
    for name, idx in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        out.append(int(idx) if idx else name)
    return tuple(out)
