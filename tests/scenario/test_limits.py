"""Limits, not crashes: each bad input of the hardening issues (15 and 16) is refused with a clear error.

Every case names its input. The errors are ScenarioError (exit code 2 at the CLI) with the file and,
where the input has one, the line and column; none is a traceback, a MemoryError, a RecursionError
or unbounded work.
"""

from __future__ import annotations

import pytest

from realpolitik.bounds import MAX_ACTORS, MAX_GAME_NODES, MAX_SCENARIO_PROFILES
from realpolitik.errors import ScenarioError
from realpolitik.scenario import load_scenario, loads_scenario
from realpolitik.scenario.imports import MAX_FIELD_CHARS, import_bdm_csv, import_decide
from realpolitik.scenario.io import dump_yaml
from realpolitik.scenario.yamlsafe import MAX_DEPTH, MAX_LINE_CHARS, MAX_NODES, MAX_SCALAR_CHARS


def err_of(text: str, write) -> ScenarioError:
    path = write(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value)
    return info.value


GAME = """\
games:
  - id: g
    players: [a, b]
    nodes:
      - {id: root, player: a, actions: {x: n1, y: n1}}
"""


# ----------------------------------------------------------------------------- YAML bytes and numbers
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_nul_and_control_characters_give_line_and_column(minimal_text, write, char):
    text = minimal_text.replace("title: A minimal scenario", f"title: A mini{char}mal scenario")
    err = err_of(text, write)
    assert err.line == 4 and err.column == 16
    assert f"U+{ord(char):04X}" in err.message


def test_bad_utf8_gives_line_and_column(minimal_text, write):
    raw = minimal_text.encode().replace(b"A minimal", b"A mi\xffnimal")
    err = err_of(raw, write)
    assert (err.line, err.column) == (4, 14) and "UTF-8" in err.message


def test_flow_nesting_too_deep_gives_line_and_column(minimal_text, write):
    text = minimal_text + "extra: " + "[" * 100_000 + "\n"
    err = err_of(text, write)
    assert "nested too deeply" in err.message
    assert err.line == minimal_text.count("\n") + 1 and err.column is not None


def test_block_nesting_too_deep_gives_line_and_column(write):
    text = "".join("  " * i + "a:\n" for i in range(MAX_DEPTH + 10))
    err = err_of(text, write)
    assert "nested too deeply" in err.message and err.line == MAX_DEPTH


def test_4mb_single_line_is_refused_before_parsing(minimal_text, write):
    text = minimal_text.replace("title: A minimal scenario", "title: " + "x" * (4 * 1024 * 1024))
    err = err_of(text, write)
    assert err.line == 4 and f"{MAX_LINE_CHARS:,}" in str(err)
    assert len(str(err)) < 500, "the long value is not echoed"


def test_4mib_title_over_several_lines_is_echoed_truncated(minimal_text, write):
    # a folded title below the line limit but over the value limit: refused, and the message is short
    body = "\n".join("    " + "y" * 60_000 for _ in range(70))
    text = minimal_text.replace("  title: A minimal scenario", "  title: >-\n" + body)
    err = err_of(text, write)
    assert f"{MAX_SCALAR_CHARS:,}" in err.message and len(str(err)) < 500


def test_long_title_under_the_limits_is_echoed_truncated(minimal_text):
    # a 90,000-character title is valid text but not a valid id: the echo is cut at 80 characters
    text = minimal_text.replace("id: mini", "id: " + "x" * 90_000)
    with pytest.raises(ScenarioError) as info:
        loads_scenario(text, file="t.yaml")
    assert "… (90,002 characters)" in str(info.value) and len(str(info.value)) < 300


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1.8e308"])
def test_numbers_outside_float_range_are_refused_at_parse_time(minimal_text, write, number):
    err = err_of(minimal_text.replace("capability: 2.0", f"capability: {number}"), write)
    assert "outside the range of numbers" in err.message
    assert (err.line, err.path) == (10, "actors[1].capability")


def test_integer_beyond_pythons_4300_digit_limit(minimal_text, write):
    err = err_of(minimal_text.replace("capability: 2.0", "capability: " + "9" * 5000), write)
    assert "5,000 digits" in err.message and err.line == 10
    assert len(str(err)) < 500


def test_huge_flow_list_stops_at_the_value_limit(minimal_text, write):
    text = minimal_text + "extra: [" + "1, " * (MAX_NODES + 10) + "1]\n"
    err = err_of(text, write)
    assert f"{MAX_NODES:,} values" in err.message and err.line == minimal_text.count("\n") + 1


# ----------------------------------------------------------------------------- counts
def _actors_text(n: int) -> str:
    # one value each, to stay under the YAML value limit: the count is checked before the entries
    actors = "".join(f"  - a{k}\n" for k in range(n))
    return ("schema_version: 1\nmetadata: {id: big, title: Big, as_of: 2022-10-11}\nactors:\n" + actors
            + "issues: []\n")


def test_20000_actors_are_refused(write):
    err = err_of(_actors_text(20_000), write)
    assert "20,000 actors" in err.message and f"{MAX_ACTORS:,}" in err.message and err.path == "actors"


def test_normal_form_300x300_in_a_scenario_is_refused(minimal_text, write):
    strategies = [f"s{k}" for k in range(300)]
    text = minimal_text + (
        "games:\n  - id: big\n    form: normal\n    players: [a, b]\n"
        f"    strategies: {{a: [{', '.join(strategies)}], b: [{', '.join(strategies)}]}}\n"
        "    payoffs:\n      - {profile: [s0, s0], payoffs: {a: 1, b: 1}}\n")
    err = err_of(text, write)
    assert "300 x 300" in err.message and f"{MAX_SCENARIO_PROFILES:,}" in err.message
    assert err.path is not None and err.path.startswith("games[0]")


def test_dag_bomb_of_shared_subtrees_is_refused_by_node_count(minimal_text, write):
    # 40 levels, each node's two actions lead to the same next node: 40 nodes that expand to 2^41
    nodes = "".join(f"      - {{id: n{k}, player: {'ab'[k % 2]}, actions: {{l: n{k + 1}, r: n{k + 1}}}}}\n"
                    for k in range(40))
    nodes += "      - {id: n40, payoffs: {a: 1, b: 0}}\n"
    text = minimal_text + "games:\n  - id: bomb\n    players: [a, b]\n    nodes:\n" + nodes
    err = err_of(text, write)
    assert f"{MAX_GAME_NODES:,} nodes" in err.message and err.path == "games[0]"


def test_deep_scenario_tree_gives_no_recursion_error(minimal_text, write):
    nodes = "".join(f"      - {{id: n{k}, player: {'ab'[k % 2]}, actions: {{l: n{k + 1}, stop: t{k}}}}}\n"
                    f"      - {{id: t{k}, payoffs: {{a: 1, b: 0}}}}\n" for k in range(400))
    nodes += "      - {id: n400, payoffs: {a: 0, b: 0}}\n"
    err = err_of(minimal_text + "games:\n  - id: deep\n    players: [a, b]\n    nodes:\n" + nodes, write)
    assert "deeper than 200 levels" in err.message


# ----------------------------------------------------------------------------- tables
def test_bdm_csv_with_a_multi_megabyte_field():
    text = "Actor,Capability,Position,Salience\na,1,2," + "3" * (3 * 1024 * 1024) + "\n"
    with pytest.raises(ScenarioError) as info:
        import_bdm_csv(text, file="t.csv")
    assert info.value.line == 2 and len(str(info.value)) < 500


def test_bdm_csv_field_just_over_the_field_limit():
    text = "Actor,Capability,Position,Salience\n" + "a" * (MAX_FIELD_CHARS + 1) + ",1,2,3\n"
    with pytest.raises(ScenarioError) as info:
        import_bdm_csv(text, file="t.csv")
    assert (info.value.line, info.value.column) == (2, 1) and f"{MAX_FIELD_CHARS:,}" in str(info.value)


def test_decide_file_with_a_multi_megabyte_field():
    text = "#A\ta\tAlpha\n#P\tp\tIssue\n#D\ta\tp\t" + "1" * (2 * 1024 * 1024) + "\t0.5\t1\n"
    with pytest.raises(ScenarioError) as info:
        import_decide(text, file="t.dat")
    assert info.value.line == 3


@pytest.mark.parametrize("number", ["1e400", "9" * 5000, "nan"])
def test_bdm_csv_numbers_outside_float_range_name_the_cell(number):
    with pytest.raises(ScenarioError) as info:
        import_bdm_csv(f"Actor,Capability,Position,Salience\na,{number},2,3\n", file="t.csv")
    assert (info.value.line, info.value.column) == (2, 2) and "not a finite number" in str(info.value)


def test_csv_with_20000_actors_is_refused():
    rows = "".join(f"a{k},1,{k % 100},50\n" for k in range(20_000))
    with pytest.raises(ScenarioError) as info:
        import_bdm_csv("Actor,Capability,Position,Salience\n" + rows, file="t.csv")
    assert "actors" in str(info.value) and f"{MAX_ACTORS:,}" in str(info.value)


# ----------------------------------------------------------------------------- issue 16: validation gaps
@pytest.mark.parametrize("change, path, fragment", [
    (("schema_version: 1", "schema_version: true"), "schema_version", "bool"),
    (("position: 10, salience: 50", "position: 10, salience: true"), "issues[0].positions[0].salience", "true"),
    (("position: 10, salience: 50", 'position: 10, salience: "0.1"'), "issues[0].positions[0].salience", "string"),
    (("as_of: 2022-10-11", "as_of: 1665446400"), "metadata.as_of", "1665446400"),
    (("published: 2022-10-10", "published: 0"), "sources[0].published", "date"),
    (("capability: 2.0", "capability: 1e308"), "actors[1].capability", "1e+15"),
    (("scale: {min: 0, max: 100}", "scale: {min: -1.7e308, max: 1.7e308}"), "issues[0].scale.m", "less than or equal to"),
])
def test_strict_types_and_bounds_name_the_field(minimal_text, write, change, path, fragment):
    err = err_of(minimal_text.replace(*change), write)
    text = str(err)
    assert path in text and fragment in text


def _game(node_extra: str = "", probs: str = "{hi: 0.5, lo: 0.5}", sources: str = "[]") -> str:
    return ("games:\n  - id: g\n    players: [a, b]\n    sources: " + sources + "\n    nodes:\n"
            f"      - {{id: root, probs: {probs}, actions: {{hi: x, lo: y}}{node_extra}}}\n"
            "      - {id: x, payoffs: {a: 1, b: 0}}\n"
            "      - {id: y, payoffs: {a: 0, b: 1}}\n")


def test_valid_chance_game_loads(minimal_text, write):
    sc = load_scenario(write(minimal_text + _game()))
    assert sc.games[0].id == "g"


@pytest.mark.parametrize("probs, fragment", [("{hi: -1, lo: 2}", "outside [0, 1]"),
                                             ("{hi: 0.7, lo: 0.7}", "sum to 1.4"),
                                             ('{hi: "(-p)**0.5", lo: 0.5}', "not a real number")])
def test_bad_chance_probabilities_are_refused_at_load(minimal_text, write, probs, fragment):
    err = err_of(minimal_text + _game(probs=probs), write)
    assert fragment in str(err) and "games[0].nodes[0].probs" in str(err)


@pytest.mark.parametrize("sources, fragment", [("[nope]", "unknown source"),
                                               ("[late]", "after as_of")])
def test_game_sources_are_checked(minimal_text, write, sources, fragment):
    text = minimal_text.replace(
        "sources:\n", "sources:\n  - {id: late, title: Later, published: 2022-12-01}\n") + _game(sources=sources)
    err = err_of(text, write)
    assert fragment in str(err) and "games[0].sources" in str(err)


def test_node_sources_are_checked(minimal_text, write):
    err = err_of(minimal_text + _game(node_extra=", sources: [nope]"), write)
    assert "unknown source" in str(err) and "games[0].nodes[0].sources" in str(err)


def test_negative_zero_keeps_the_digest_on_a_round_trip(minimal_text):
    text = minimal_text.replace("{dist: uniform, low: 0.2, high: 0.4}", "{dist: uniform, low: -0.0, high: 0.4}")
    sc = loads_scenario(text)
    again = loads_scenario(dump_yaml(sc))
    assert again.digest == sc.digest
