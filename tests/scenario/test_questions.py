"""Questions, resolutions and the mapping language: structure, precise errors, the Belarus migration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik import catalog
from realpolitik.errors import ScenarioError
from realpolitik.scenario import dump_yaml, loads_scenario
from realpolitik.scenario.mapping import MappingSyntaxError, has_action, parse_mapping

BASE = """\
schema_version: 1
metadata: {id: qs, title: Q, as_of: 2022-10-11}
sources:
  - {id: later, title: "After", published: 2023-01-05}
actors:
  - {id: a, name: Alpha, capability: 1.0}
  - {id: b, name: Beta, capability: 2.0}
issues:
  - id: i1
    question: How much?
    scale: {min: 0, max: 100}
    positions:
      - {actor: a, position: {dist: uniform, low: 10, high: 30}, salience: 50}
      - {actor: b, position: 80, salience: 60}
games:
  - id: g
    players: [a, b]
    nodes:
      - {id: r, player: a, actions: {L: l, R: x}}
      - {id: x, player: b, actions: {U: u, D: d}}
      - {id: l, payoffs: {a: 1, b: 1}}
      - {id: u, payoffs: {a: 2, b: 0}}
      - {id: d, payoffs: {a: 0, b: 2}}
"""

Q_OK = """\
questions:
  - {id: q1, title: "Does a move right?", type: binary, resolution_criteria: "x", opens: 2022-10-01,
     closes: 2023-01-01, resolve_by: 2023-02-01, mapping: "P(game.g.path has a = R)", headline: true}
  - {id: q2, title: "Band", type: multiple_choice, options: [low, mid, high], ordered: true,
     resolution_criteria: "x", opens: 2022-10-01, closes: 2023-01-01, resolve_by: 2023-02-01,
     mapping: "bands(bargaining.i1.compromise; 33, 66)"}
  - {id: q3, title: "Level", type: numeric, range: {min: 0, max: 100, open_upper: true},
     resolution_criteria: "x", opens: 2022-10-01, closes: 2023-01-01, resolve_by: 2023-02-01,
     mapping: "distribution(bargaining.i1.eu)"}
  - {id: q4, title: "By hand", type: binary, resolution_criteria: "x", opens: 2022-10-01,
     closes: 2023-01-01, resolve_by: 2023-02-01, forecaster: analyst}
ground_truth:
  - {question: q1, option: "no", date: 2023-01-02, sources: [later]}
  - {question: q3, value: 140, date: 2023-01-02}
  - {question: q4, annulled: true, date: 2023-01-03}
"""


def _load(extra: str):
    return loads_scenario(BASE + extra, file="qs.yaml")


def _problems(extra: str) -> str:
    with pytest.raises(ScenarioError) as ei:
        _load(extra)
    return str(ei.value)


def test_valid_questions_and_resolutions_round_trip():
    sc = _load(Q_OK)
    assert [q.id for q in sc.questions] == ["q1", "q2", "q3", "q4"]
    assert sc.headline_question.id == "q1"
    assert sc.question("q2").labels == ("low", "mid", "high") and sc.question("q1").labels == ("yes", "no")
    assert sc.resolution("q1").outcome == "no" and sc.resolution("q3").outcome == 140
    assert sc.resolution("q4").kind == "annulled" and sc.resolution("q2") is None
    assert loads_scenario(dump_yaml(sc)) == sc


@pytest.mark.parametrize("bad, path, words", [
    ('mapping: "P(game.g.path has a = Q)"', "questions[0].mapping", "'Q' is not an action"),
    ('mapping: "P(game.g.nope = R)"', "questions[0].mapping", "unknown output 'game.g.nope'"),
    ('mapping: "P(bargaining.i1.eu >= high)"', "questions[0].mapping", "needs a number"),
    ('mapping: "P(bargaining.i1.eu >= 40"', "questions[0].mapping", "column 25"),
    ('mapping: "bands(bargaining.i1.eu; 50)"', "questions[0].mapping", "binary question cannot use a bands"),
    ('mapping: "P(game.g.a < 3)"', "questions[0].mapping", "cannot compare it"),
    ('mapping: "__import__(\'os\')"', "questions[0].mapping", "a mapping starts with P("),
    ('mapping: "P(x ~ 1)"', "questions[0].mapping", "unexpected character '~'"),
])
def test_bad_mappings_name_the_field(bad, path, words):
    text = Q_OK.replace('mapping: "P(game.g.path has a = R)"', bad)
    msg = _problems(text)
    assert path in msg and words in msg, msg


def test_mapping_band_count_must_match_options():
    msg = _problems(Q_OK.replace("33, 66", "50"))
    assert "questions[1].mapping" in msg and "2 options but the question has 3" in msg


@pytest.mark.parametrize("old, new, path, words", [
    ("{question: q1, option: \"no\", date: 2023-01-02", "{question: q1, option: \"no\", date: 2022-10-11",
     "ground_truth[0].date", "not after as_of"),
    ("{question: q1, option: \"no\"", "{question: nope, option: \"no\"", "ground_truth[0].question",
     "unknown question 'nope'"),
    ("{question: q1, option: \"no\"", "{question: q1, option: \"maybe\"", "ground_truth[0].option",
     "'maybe' is not an option"),
    ("{question: q3, value: 140", "{question: q3, value: -5", "ground_truth[1].value", "outside the closed range"),
    ("{question: q4, annulled: true", "{question: q4, annulled: true, option: \"yes\"", "ground_truth[2]",
     "exactly one of"),
    ("opens: 2022-10-01,\n     closes: 2023-01-01, resolve_by: 2023-02-01, mapping: \"P(",
     "opens: 2022-11-01,\n     closes: 2023-01-01, resolve_by: 2023-02-01, mapping: \"P(",
     "questions[0].opens", "after as_of"),
    ("forecaster: analyst}", "forecaster: analyst, mapping: \"P(game.g.a = L)\"}", "questions[3].mapping",
     "not both"),
    ("forecaster: analyst}", "}", "questions[3].mapping", "either a mapping or forecaster: analyst"),
    ("type: numeric, range: {min: 0, max: 100, open_upper: true}", "type: numeric", "questions[2].range",
     "needs a range"),
    ("options: [low, mid, high]", "options: [low, mid, Low]", "questions[1].options[2]", "duplicate option"),
])
def test_bad_questions_and_resolutions(old, new, path, words):
    assert old in Q_OK
    msg = _problems(Q_OK.replace(old, new, 1))
    assert path in msg and words in msg, msg


def test_duplicate_question_ids_and_second_headline():
    text = Q_OK.replace("id: q2, title", "id: q1, title").replace("ordered: true,", "ordered: true, headline: true,")
    msg = _problems(text)
    assert "questions[1].id" in msg and "duplicate id 'q1'" in msg
    assert "questions[1].headline" in msg


def test_mapping_evaluation_and_operators():
    cols = {"x": np.array([10.0, 40.0, 70.0]), "game.g.b": np.array(["U", "-", "D:0.5/U:0.5"]),
            "game.g.path": np.array(["R U", "L", "R D:0.5/U:0.5"])}
    ev = lambda text: parse_mapping(text).condition.evaluate(cols).tolist()  # noqa: E731
    assert ev("P(x >= 40)") == [False, True, True]
    assert ev("P(x < 40 or x > 60)") == [True, False, True]
    assert ev("P(not (x = 40))") == [True, False, True]
    assert ev("P(game.g.path has b = U)") == [True, False, True]
    assert ev("P(game.g.path has L)") == [False, True, False]
    assert ev("P(game.g.b = 'U' and x != 10)") == [False, False, False]
    m = parse_mapping("bands(x; 20, 50)")
    assert m.option_index(cols).tolist() == [0, 1, 2]
    c = parse_mapping("cases(x < 20; x >= 20 and x < 50; x >= 50)")
    assert c.option_index(cols).tolist() == [0, 1, 2]
    with pytest.raises(Exception, match="no case or several"):
        parse_mapping("cases(x < 50; x > 20)").option_index(cols)


def test_mapping_limits_are_enforced():
    with pytest.raises(MappingSyntaxError, match="limit"):
        parse_mapping("P(" + " or ".join(["x = 1"] * 400) + ")")
    with pytest.raises(MappingSyntaxError, match="nested deeper"):
        parse_mapping("P(" + "not " * 40 + "x = 1)")
    with pytest.raises(MappingSyntaxError, match="strictly increasing"):
        parse_mapping("bands(x; 5, 5)")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_mapping_parser_never_crashes(text):
    try:
        parse_mapping(text)
    except MappingSyntaxError:
        pass


@given(st.lists(st.sampled_from(["A", "B", "C:0.5/A:0.5", "-"]), min_size=1, max_size=4))
def test_has_action_reads_every_token(tokens):
    value = " ".join(tokens)
    assert has_action(value, "A") == any(t in ("A", "C:0.5/A:0.5") for t in tokens)


def test_belarus_questions_migrated():
    sc = catalog.get("belarus-2022")
    ids = {q.id for q in sc.questions}
    assert {f"q{k}" for k in range(1, 11)} <= {i.split("-")[0] for i in ids}
    # every resolution points at a question; none was dropped; analyst questions kept
    assert {r.question for r in sc.ground_truth} <= ids and len(sc.ground_truth) >= 10
    assert any(q.forecaster == "analyst" for q in sc.questions)
    assert all((q.mapping is None) != (q.forecaster is None) for q in sc.questions)
    head = sc.headline_question
    assert head.type == "binary" and "Ukrainian territory" in head.title and head.mapping
    assert all(r.date > sc.metadata.as_of for r in sc.ground_truth)
    assert all(q.opens <= sc.metadata.as_of < q.closes for q in sc.questions)
