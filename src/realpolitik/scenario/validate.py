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
    as_of = sc.metadata.as_of

    for k, s in enumerate(sc.sources):
        if s.kind == "dataset" and s.released is None:
            yield (("sources", k, "released"), f"data set {s.id!r} has no release date",
                   "released: YYYY-MM-DD, the date this vintage of the data was published")

    def cites(path: tuple[Any, ...], ids: tuple[str, ...], is_input: bool = True) -> Iterator[Problem]:
        for j, sid in enumerate(ids):
            if sid not in source_ids:
                yield (path + ("sources", j), f"unknown source {sid!r}", "the id of an entry in sources")
            elif is_input:
                yield from _leak(path + ("sources", j), source_by_id[sid], as_of)
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
        if prm.unit.strip().casefold() == "probability":
            p_lo, p_hi = _support(prm.value)
            if p_lo < 0 or p_hi > 1:
                yield (("parameters", k, "value"), f"parameter {prm.id!r} has unit probability but its range "
                       f"{_show(prm.value)} leaves [0, 1]", "a value or range inside [0, 1]")
    yield from _hindsight_in_text(sc)

    for k, gt in enumerate(sc.ground_truth):
        yield from cites(("ground_truth", k), gt.sources, is_input=False)
    yield from check_questions(sc)

    for g, game in enumerate(sc.games):  # the leakage rule holds for games and every node too
        yield from cites(("games", g), tuple(game.sources))
        for k, node in enumerate(game.nodes):
            yield from cites(("games", g, "nodes", k), tuple(node.sources))

    for dotted, message, expected in validate_games(sc.games, sc):
        yield (_parse_dotted(dotted), message, expected)


def _leak(path: tuple[Any, ...], s: Any, as_of: Any) -> Iterator[Problem]:
    """The leakage rule for one source cited by an input: dated, and dated on or before ``as_of``."""
    when = s.date
    if when is None or when <= as_of:
        return
    if s.kind == "dataset":
        yield (path, f"data set {s.id!r} was released {when}, after as_of {as_of}: an analyst on as_of could "
               "not have had it", "a vintage released on or before as_of (cite the later one under ground_truth)")
    elif s.kind == "web":
        yield (path, f"living page {s.id!r} was accessed {when}, after as_of {as_of}: later evidence is "
               "ground truth, never input", "a page accessed on or before as_of")
    else:
        yield (path, f"source {s.id!r} is dated {when}, after as_of {as_of}: later evidence is ground truth, "
               "never input", "a source published on or before as_of (cite it under ground_truth instead)")


def ground_truth_sources(sc: Scenario) -> dict[str, str]:
    """Sources that are ground truth, with why: cited by a resolution, or dated after ``as_of``."""
    out: dict[str, str] = {}
    for gt in sc.ground_truth:
        for sid in gt.sources:
            out.setdefault(sid, f"cited by the resolution of {gt.question!r}")
    for s in sc.sources:
        if s.date is not None and s.date > sc.metadata.as_of:
            out.setdefault(s.id, f"dated {s.date}, after as_of {sc.metadata.as_of}")
    return out


def input_texts(sc: Scenario) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every free text that argues for an input: rationales, notes, descriptions, bases."""
    gt_ids = set(ground_truth_sources(sc))
    for k, s in enumerate(sc.sources):
        if s.id not in gt_ids:
            yield ("sources", k, "notes"), s.notes
    for k, a in enumerate(sc.actors):
        for name in ("notes", "capability_basis", "rationale"):
            yield ("actors", k, name), getattr(a, name)
    for i, issue in enumerate(sc.issues):
        yield ("issues", i, "status_quo_rationale"), issue.status_quo_rationale
        for j, p in enumerate(issue.positions):
            yield ("issues", i, "positions", j, "rationale"), p.rationale
    for k, prm in enumerate(sc.parameters):
        for name in ("description", "rationale"):
            yield ("parameters", k, name), getattr(prm, name)
    for g, game in enumerate(sc.games):
        yield ("games", g, "description"), game.description
        for k, node in enumerate(game.nodes):
            yield ("games", g, "nodes", k, "label"), node.label
            for code, text in node.action_labels.items():
                yield ("games", g, "nodes", k, "actions", code), text


def _hindsight_in_text(sc: Scenario) -> Iterator[Problem]:
    """A rationale or note that names a ground-truth source (its id as a word, or its URL) argues from hindsight."""
    import re

    gt = ground_truth_sources(sc)
    if not gt:
        return
    by_id = {s.id: s for s in sc.sources}
    pats = []
    for sid, why in gt.items():
        alts = [r"(?<![A-Za-z0-9_.\-])" + re.escape(sid) + r"(?![A-Za-z0-9_\-]|\.[A-Za-z0-9])"]
        url = by_id[sid].url.strip() if sid in by_id else ""
        if url:
            alts.append(re.escape(url.rstrip("/")))
        pats.append((sid, why, re.compile("|".join(alts)), (sid, url.rstrip("/")) if url else (sid,)))
    for path, text in input_texts(sc):
        if not text:
            continue
        for sid, why, pat, literals in pats:
            # the pattern needs one of its literals in the text: a substring test first is much cheaper
            if any(lit in text for lit in literals) and pat.search(text):
                yield (path, f"cites the ground-truth source {sid!r} ({why}): a rationale may use only what was "
                       "known on as_of", "reasoning from sources dated on or before as_of")


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


# -- provenance: the checks of `realpolitik validate` ---------------------------------------------------
#: (path, message, expected, severity) with severity "error" or "warning".
Finding = tuple[tuple[Any, ...], str, str | None, str]


def provenance(sc: Scenario) -> list[Finding]:
    """The provenance checks that ``realpolitik validate`` adds to loading, in file order.

    Errors: a numeric input (capability, position, salience, leverage, status quo, parameter)
    that cites no source and is not marked ``assumption: true`` with a rationale. Warnings
    (errors under ``--strict``): a source with no date, a parameter that no game uses.
    """
    return list(_provenance(sc))


_NEEDS = "sources: [...] citing evidence dated on or before as_of, or assumption: true with a rationale"


def _covered(path: tuple[Any, ...], what: str, sources: tuple[str, ...], assumed: bool,
             rationale: str, rationale_key: str) -> Iterator[Finding]:
    if assumed and not rationale.strip():
        yield (path, f"{what} is marked as an assumption but has no {rationale_key}",
               f"a {rationale_key} saying why the analyst assumes it", "error")
    elif not sources and not assumed:
        yield (path, f"{what} cites no source and is not marked as an assumption", _NEEDS, "error")


def _provenance(sc: Scenario) -> Iterator[Finding]:
    for k, s in enumerate(sc.sources):
        if s.date is None:
            field = {"dataset": "released", "web": "accessed"}.get(s.kind, "published")
            yield (("sources", k), f"source {s.id!r} has no date, so nobody can check that it predates as_of",
                   f"{field}: YYYY-MM-DD", "warning")
    for k, a in enumerate(sc.actors):
        if a.capability is not None:
            yield from _covered(("actors", k, "capability"), f"the capability of {a.id!r}", a.sources,
                                a.assumption, a.rationale, "rationale")
    for i, issue in enumerate(sc.issues):
        if issue.status_quo is not None:
            yield from _covered(("issues", i, "status_quo"), f"the status quo of {issue.id!r}", issue.sources,
                                issue.status_quo_assumption, issue.status_quo_rationale, "status_quo_rationale")
        for j, p in enumerate(issue.positions):
            for name in ("position", "salience", "leverage"):
                if getattr(p, name) is None:
                    continue
                yield from _covered(("issues", i, "positions", j, name), f"the {name} of {p.actor!r}",
                                    p.sources or issue.sources, p.assumed(name), p.rationale, "rationale")
    used = used_parameters(sc)
    for k, prm in enumerate(sc.parameters):
        yield from _covered(("parameters", k, "value"), f"parameter {prm.id!r}", prm.sources, prm.assumption,
                            prm.rationale, "rationale")
        if prm.id not in used:
            yield (("parameters", k), f"parameter {prm.id!r} is used by no model (no game expression names it)",
                   "a parameter that a game's payoffs or chance probabilities use, or none", "warning")


def used_parameters(sc: Scenario) -> set[str]:
    """Parameter ids named by some game's payoff or chance-probability expression."""
    from ..errors import InputError
    from ..games.expr import parse_expression

    params = {p.id for p in sc.parameters}
    out: set[str] = set()

    def scan(values: Any) -> None:
        for v in (values or {}).values():
            try:
                out.update(parse_expression(v, params).names)
            except InputError:
                pass  # reported by the games checks

    for game in sc.games:
        for node in game.nodes:
            scan(node.payoffs)
            scan(node.probs)
        for pp in game.payoffs:
            scan(pp.payoffs)
    return out
