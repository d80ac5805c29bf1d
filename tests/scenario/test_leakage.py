"""The leakage and provenance rules (docs/scenario-format.md, "Rules checked by validate").

One test per rule: a source dated after ``as_of`` cited by any kind of input, an undated
source, a data set released after ``as_of``, an input with neither source nor assumption,
a probability range outside [0, 1], a rationale citing ground truth, and ``--strict``.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from realpolitik import catalog
from realpolitik.cli.app import app
from realpolitik.errors import ScenarioError
from realpolitik.scenario import loads_scenario
from realpolitik.scenario.loading import lint_any

runner = CliRunner()

# Every number cited, every source dated: valid under --strict.
CLEAN = """\
schema_version: 1
metadata: {id: clean, title: Clean, as_of: 2022-10-11}
sources:
  - {id: old, title: Old news, published: 2022-10-01}
  - {id: late, title: Later news, published: 2023-02-16, url: "https://example.org/late"}
  - {id: nmc6, title: COW NMC 6.0, kind: dataset, released: 2021-01-01}
actors:
  - {id: a, name: Alpha, capability: 0.5, sources: [nmc6]}
  - {id: b, name: Beta, capability: 0.2, sources: [nmc6]}
issues:
  - id: i
    question: How much?
    scale: {min: 0, max: 100}
    status_quo: 40
    sources: [old]
    positions:
      - {actor: a, position: 10, salience: 50, leverage: 30, rationale: "said so", sources: [old]}
      - {actor: b, position: 90, salience: 80, rationale: "said so"}
parameters:
  - {id: p, value: {dist: uniform, low: 0.1, high: 0.3}, unit: probability, sources: [old]}
games:
  - id: g
    players: [a, b]
    nodes:
      - {id: root, player: a, actions: {x: c, y: t2}}
      - {id: c, probs: {u: p, v: "1 - p"}, actions: {u: t1, v: t2}}
      - {id: t1, payoffs: {a: 1, b: 0}}
      - {id: t2, payoffs: {a: 0, b: 1}}
ground_truth: []
"""


def _write(tmp_path, text):
    f = tmp_path / "s.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def _problems(exc: ScenarioError) -> list[str]:
    items = getattr(exc, "problems", None)
    if items is None:
        return [f"{exc.location.path}: {exc.message} (expected {exc.expected})"]
    return [f"{loc.path}: {m} (expected {e})" for loc, m, e in items]


def test_clean_scenario_passes_strict(tmp_path):
    rep = lint_any(_write(tmp_path, CLEAN), strict=True)
    assert rep.errors == () and rep.warnings == ()


@pytest.mark.parametrize("old, new, path", [
    ("capability: 0.5, sources: [nmc6]", "capability: 0.5, sources: [late]", "actors[0].sources[0]"),
    ("    sources: [old]\n    positions", "    sources: [late]\n    positions", "issues[0].sources[0]"),
    ("rationale: \"said so\", sources: [old]}", "rationale: \"said so\", sources: [late]}",
     "issues[0].positions[0].sources[0]"),
    ("unit: probability, sources: [old]", "unit: probability, sources: [late]", "parameters[0].sources[0]"),
    ("    players: [a, b]\n", "    players: [a, b]\n    sources: [late]\n", "games[0].sources[0]"),
    ("{id: t1, payoffs: {a: 1, b: 0}}", "{id: t1, payoffs: {a: 1, b: 0}, sources: [late]}",
     "games[0].nodes[2].sources[0]"),
])
def test_source_after_as_of_is_an_error_from_any_input(old, new, path):
    assert old in CLEAN
    with pytest.raises(ScenarioError) as ei:
        loads_scenario(CLEAN.replace(old, new, 1))
    got = _problems(ei.value)
    assert len(got) == 1 and got[0].startswith(path + ": ") and "after as_of 2022-10-11" in got[0], got


def test_living_page_accessed_after_as_of_is_an_error():
    text = CLEAN.replace("{id: old, title: Old news, published: 2022-10-01}",
                         "{id: old, title: A wiki page, kind: web, accessed: 2024-01-01}")
    with pytest.raises(ScenarioError, match="accessed 2024-01-01, after as_of"):
        loads_scenario(text)


def test_data_set_released_after_as_of_is_an_error():
    text = CLEAN.replace("{id: nmc6, title: COW NMC 6.0, kind: dataset, released: 2021-01-01}",
                         "{id: nmc6, title: COW NMC 7.0, kind: dataset, released: 2025-01-01, published: 2021-01-01}")
    with pytest.raises(ScenarioError) as ei:
        loads_scenario(text)
    got = _problems(ei.value)
    assert got and all("data set 'nmc6' was released 2025-01-01, after as_of" in g for g in got)
    assert [g.split(":")[0] for g in got] == ["actors[0].sources[0]", "actors[1].sources[0]"]


def test_data_set_without_release_date_is_an_error():
    text = CLEAN.replace(", released: 2021-01-01}", "}")
    with pytest.raises(ScenarioError) as ei:
        loads_scenario(text)
    assert _problems(ei.value)[0].startswith("sources[2].released: data set 'nmc6' has no release date")


def test_undated_source_warns_and_strict_makes_it_an_error(tmp_path):
    f = _write(tmp_path, CLEAN.replace("{id: old, title: Old news, published: 2022-10-01}",
                                       "{id: old, title: Old news}"))
    rep = lint_any(f)
    assert rep.errors == ()
    assert [(loc.path, m) for loc, m, _ in rep.warnings] == [
        ("sources[0]", "source 'old' has no date, so nobody can check that it predates as_of")]
    strict = lint_any(f, strict=True)
    assert [loc.path for loc, _, _ in strict.errors] == ["sources[0]"] and strict.warnings == ()
    r = runner.invoke(app, ["validate", str(f)])
    assert r.exit_code == 0 and "warning:" in r.output and "sources[0]" in r.output
    r = runner.invoke(app, ["validate", "--strict", str(f)])
    assert r.exit_code == 2 and f"{f}:4:5: sources[0]: source 'old' has no date" in r.output


def test_input_with_no_source_and_no_assumption_is_an_error(tmp_path):
    text = CLEAN.replace('{actor: b, position: 90, salience: 80, rationale: "said so"}',
                         '{actor: b, position: 90, salience: 80, leverage: 5, rationale: "said so"}')
    text = text.replace("    status_quo: 40\n    sources: [old]\n", "    status_quo: 40\n")
    text = text.replace("capability: 0.2, sources: [nmc6]", "capability: 0.2")
    text = text.replace("unit: probability, sources: [old]", "unit: probability")
    rep = lint_any(_write(tmp_path, text))
    paths = [loc.path for loc, _, _ in rep.errors]
    assert paths == ["actors[1].capability", "issues[0].status_quo", "issues[0].positions[1].position",
                     "issues[0].positions[1].salience", "issues[0].positions[1].leverage", "parameters[0].value"]
    loc, msg, expected = rep.errors[0]
    assert loc.line == 9 and "cites no source and is not marked as an assumption" in msg and "assumption: true" in expected
    r = runner.invoke(app, ["validate", str(tmp_path / "s.yaml")])
    assert r.exit_code == 2 and "issues[0].positions[1].salience" in r.output


def test_assumption_needs_a_rationale_and_then_counts(tmp_path):
    base = CLEAN.replace("unit: probability, sources: [old]", "unit: probability, assumption: true")
    rep = lint_any(_write(tmp_path, base))
    assert [(loc.path, "no rationale" in m) for loc, m, _ in rep.errors] == [("parameters[0].value", True)]
    ok = base.replace("assumption: true", 'assumption: true, rationale: "no evidence either way"')
    assert lint_any(_write(tmp_path, ok), strict=True).errors == ()
    # a position may mark only some numbers as assumed; the others still need a source
    text = CLEAN.replace("    status_quo: 40\n    sources: [old]\n", "    status_quo: 40\n    status_quo_assumption: true\n"
                         "    status_quo_rationale: guess\n")
    text = text.replace('{actor: b, position: 90, salience: 80, rationale: "said so"}',
                        '{actor: b, position: 90, salience: 80, rationale: "said so", assumption: [salience]}')
    rep = lint_any(_write(tmp_path, text))
    assert [loc.path for loc, _, _ in rep.errors] == ["issues[0].positions[1].position"]


def test_probability_range_outside_0_1_is_always_an_error():
    for value in ("{dist: uniform, low: 0.5, high: 1.2}", "-0.1"):
        text = CLEAN.replace("{dist: uniform, low: 0.1, high: 0.3}, unit: probability",
                             f"{value}, unit: probability")
        with pytest.raises(ScenarioError) as ei:
            loads_scenario(text)
        got = _problems(ei.value)
        assert any(g.startswith("parameters[0].value: parameter 'p' has unit probability") for g in got), got


@pytest.mark.parametrize("where, old, new", [
    ("issues[0].positions[0].rationale", 'rationale: "said so", sources: [old]}',
     'rationale: "as he said later [late]", sources: [old]}'),
    ("parameters[0].rationale", "unit: probability, sources: [old]",
     'unit: probability, sources: [old], rationale: "see https://example.org/late/"'),
    ("actors[0].notes", "capability: 0.5, sources: [nmc6]", 'capability: 0.5, sources: [nmc6], notes: "cf. late."'),
    ("games[0].nodes[0].actions.x", "actions: {x: c, y: t2}", 'actions: {x: {to: c, label: "as late said"}, y: t2}'),
])
def test_rationale_citing_ground_truth_is_an_error(where, old, new):
    with pytest.raises(ScenarioError) as ei:
        loads_scenario(CLEAN.replace(old, new, 1))
    got = _problems(ei.value)
    assert len(got) == 1 and got[0].startswith(f"{where}: cites the ground-truth source 'late'"), got


def test_resolution_source_counts_as_ground_truth_and_ids_match_as_words():
    text = CLEAN.replace("ground_truth: []", "questions:\n  - {id: q, title: Q?, type: binary, resolution_criteria: r,"
                         " opens: 2022-10-11, closes: 2023-01-01, resolve_by: 2023-02-01, forecaster: analyst}\n"
                         "ground_truth:\n  - {question: q, option: 'yes', date: 2022-12-01, sources: [old]}\n")
    with pytest.raises(ScenarioError, match="cited by the resolution of 'q'"):
        loads_scenario(text.replace('rationale: "said so", sources: [old]}', 'rationale: "per old", sources: []}', 1))
    # "older" and "old-ish" are other words, not the id
    sc = loads_scenario(text.replace('rationale: "said so", sources: [old]}', 'rationale: "older, old-ish"}', 1))
    assert sc.id == "clean"


def test_unused_parameter_warns_and_strict_makes_it_an_error(tmp_path):
    text = CLEAN.replace("parameters:\n", "parameters:\n  - {id: spare, value: 2, sources: [old]}\n")
    f = _write(tmp_path, text)
    rep = lint_any(f)
    assert rep.errors == () and [m for _, m, _ in rep.warnings] == [
        "parameter 'spare' is used by no model (no game expression names it)"]
    r = runner.invoke(app, ["validate", "--strict", "--json", str(f)])
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert out["strict"] is True and "parameters[0]: parameter 'spare' is used by no model" in out["results"][0]["error"]


@pytest.mark.parametrize("sid", catalog.ids())
def test_catalogue_passes_strict(sid):
    rep = lint_any(sid, strict=True)
    assert rep.errors == () and rep.warnings == (), [str(x[0]) + " " + x[1] for x in rep.errors]
    r = runner.invoke(app, ["validate", "--strict", sid])
    assert r.exit_code == 0, r.output
