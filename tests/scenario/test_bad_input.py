"""Every bad input listed in the foundation issue gets a precise ScenarioError."""

from __future__ import annotations

import resource

import pytest

from realpolitik.errors import ScenarioError, ScenarioFileError
from realpolitik.scenario import load_scenario, loads_scenario
from realpolitik.scenario.io import MAX_FILE_BYTES


def err_of(text: str, tmp_write) -> ScenarioError:
    path = tmp_write(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert str(path) in str(err), "the message names the file"
    return err


def test_minimal_is_valid(minimal_text, write):
    sc = load_scenario(write(minimal_text))
    assert [a.id for a in sc.actors] == ["a", "b", "NO"]


def test_yaml12_no_stays_norway(minimal_text, write):
    sc = load_scenario(write(minimal_text))
    assert sc.actor("NO").name == "Norway"


def test_invalid_yaml_names_line(write):
    err = err_of("schema_version: 1\nmetadata: {id: x\nactors: []\n", write)
    assert "invalid YAML" in err.message
    assert err.line is not None and err.line >= 2


def test_unknown_key(minimal_text, write):
    err = err_of(minimal_text.replace("  - {id: b, name: Beta,", "  - {id: b, colour: red, name: Beta,"), write)
    assert err.path == "actors[1].colour"
    assert "unknown key" in err.message and err.line == 10


def test_missing_field(minimal_text, write):
    err = err_of(minimal_text.replace("  title: A minimal scenario\n", ""), write)
    assert err.path == "metadata.title" and "required" in err.message
    assert err.line == 3  # the metadata mapping


def test_wrong_type(minimal_text, write):
    err = err_of(minimal_text.replace("position: 90, salience: 80", "position: high, salience: 80"), write)
    assert err.path == "issues[0].positions[1].position"
    assert "neither a number nor a distribution" in err.message
    assert err.line == 19


def test_position_outside_scale(minimal_text, write):
    err = err_of(minimal_text.replace("position: 90,", "position: 190,"), write)
    assert err.path == "issues[0].positions[1].position"
    assert "outside the scale [0.0, 100.0]" in err.message
    assert err.expected == "a value in [0.0, 100.0]"


def test_distribution_outside_scale(minimal_text, write):
    err = err_of(minimal_text.replace("position: 90,", "position: {dist: uniform, low: 80, high: 120},"), write)
    assert err.path == "issues[0].positions[1].position" and "outside the scale" in err.message


def test_salience_above_declared_scale(minimal_text, write):
    text = minimal_text.replace("salience_scale: 100", "salience_scale: 1").replace("salience: 80", "salience: 0.8")
    text = text.replace("salience: 50", "salience: 0.5")
    err = err_of(text, write)  # 20 > 1 on a 0-1 salience scale
    assert err.path == "issues[0].positions[2].salience"
    assert "outside 0-1" in err.message


def test_negative_capability(minimal_text, write):
    err = err_of(minimal_text.replace("capability: 2.0", "capability: -2.0"), write)
    assert err.path == "actors[1].capability" and "negative" in err.message


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.inf"])
def test_nan_and_inf(minimal_text, write, bad):
    err = err_of(minimal_text.replace("capability: 2.0", f"capability: {bad}"), write)
    assert err.path == "actors[1].capability"
    assert "finite number" in err.message


def test_nan_in_distribution(minimal_text, write):
    err = err_of(minimal_text.replace("high: 0.4", "high: .nan"), write)
    assert err.path.startswith("parameters[0].value")


def test_duplicate_ids(minimal_text, write):
    err = err_of(minimal_text.replace("{id: b, name: Beta", "{id: a, name: Beta"), write)
    assert "duplicate id 'a'" in str(err)


def test_duplicate_yaml_key(minimal_text, write):
    err = err_of(minimal_text.replace("  title: A minimal scenario\n", "  title: A\n  title: B\n"), write)
    assert "duplicate key 'title'" in err.message and err.line == 5


def test_position_for_unknown_actor(minimal_text, write):
    err = err_of(minimal_text.replace("{actor: b,", "{actor: zz,"), write)
    assert err.path == "issues[0].positions[1].actor" and "unknown actor 'zz'" in err.message


def test_alias_resolves(minimal_text, write):
    sc = load_scenario(write(minimal_text.replace("{actor: a,", "{actor: al,")))
    assert sc.issue_data().actor_ids[0] == "a"


def test_alias_naming_two_actors(minimal_text, write):
    err = err_of(minimal_text.replace("{id: b, name: Beta,", "{id: b, name: Beta, aliases: [al],"), write)
    assert err.path == "actors[1].aliases[0]" and "also names actor 'a'" in err.message


def test_no_actors(minimal_text, write):
    text = minimal_text.split("actors:")[0] + "actors: []\n"
    err = err_of(text, write)
    assert err.path == "actors" and "at least 1" in err.message


def test_empty_file(write):
    err = err_of("", write)
    assert "empty" in err.message


def test_alias_bomb_rejected_fast(write):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 10):
        prev = chr(ord("a") + k - 1)
        cur = chr(ord("a") + k)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    err = err_of("\n".join(lines) + "\n", write)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert "alias bomb" in err.message and "50,000" in err.message
    # Bounded work by construction: building stops at MAX_NODES values although the document
    # expands to 9^10; memory stays far below what expanding it would take.
    assert grown_mib < 500


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!custom 1",
                                 "!!binary aGVsbG8="])
def test_custom_tags_refused(minimal_text, write, tag):
    err = err_of(minimal_text.replace("title: A minimal scenario", f"title: {tag}"), write)
    assert "is not allowed" in err.message and err.line == 4


def test_file_over_size_limit(write, minimal_text):
    path = write(minimal_text + "#" * (MAX_FILE_BYTES + 10))
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    assert "limit" in str(info.value) and str(path) in str(info.value)


def test_non_utf8_bytes(write, minimal_text):
    raw = minimal_text.encode().replace(b"Beta", b"B\xe9ta")
    path = write(raw)
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    err = info.value
    assert "not valid UTF-8" in err.message and err.line == 10


def test_utf8_bom_accepted(write, minimal_text):
    sc = load_scenario(write(b"\xef\xbb\xbf" + minimal_text.encode()))
    assert sc.id == "mini"


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert isinstance(info.value, FileNotFoundError) is False and "not found" in str(info.value)


def test_evidence_after_as_of_is_not_input(minimal_text, write):
    err = err_of(minimal_text.replace("published: 2022-10-10", "published: 2023-01-01"), write)
    assert err.path == "issues[0].positions[1].sources[0]" and "after as_of" in err.message


def test_several_problems_listed(minimal_text, write):
    text = minimal_text.replace("capability: 2.0", "capability: -2.0").replace("position: 90,", "position: 190,")
    err = err_of(text, write)
    assert "2 problems" in err.message
    assert "actors[1].capability" in err.message and "issues[0].positions[1].position" in err.message


def test_errors_are_value_errors(minimal_text):
    with pytest.raises(ValueError):
        loads_scenario(minimal_text.replace("capability: 2.0", "capability: -1"))


def test_copenhagen_with_errors_names_bad_rows(shared):
    from realpolitik.scenario import load_any

    path = shared / "data/bargaining/foarsitter_decide-exchange-model/copenhagen_with_errors.csv"
    with pytest.raises(ScenarioError) as info:
        load_any(str(path))
    text = str(info.value)
    assert f"{path}:86:4" in text and "position 160.0 is outside" in text
    assert f"{path}:87:6" in text and "leverage -0.247 is negative" in text
