"""Imports of the real actor tables in shared/data/bargaining."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.scenario import load_any
from realpolitik.scenario.imports import import_bdm_csv, import_decide, sniff_format

BARGAINING = "data/bargaining"


def all_tables(shared):
    return sorted(p for p in (shared / BARGAINING).rglob("*") if p.suffix in (".csv", ".txt"))


def test_every_table_imports_but_the_broken_one(shared):
    tables = all_tables(shared)
    assert len(tables) == 11
    for path in tables:
        if path.name == "copenhagen_with_errors.csv":
            continue
        sc = load_any(str(path))
        assert sc.actors and sc.issues, path


def test_dmasad_example_classic_mac_line_endings(shared):
    path = shared / BARGAINING / "dmasad_BDM_DecisionModel_Replication/ExampleActors.csv"
    assert b"\r" in path.read_bytes() and b"\n" not in path.read_bytes()
    sc = load_any(str(path))
    d = sc.issue_data()
    assert d.actor_ids[:3] == ("netherlands", "belgium", "luxembourg")
    assert sc.issues[0].salience_scale == 100
    np.testing.assert_allclose(d.saliences[:3], [0.8, 0.4, 0.2])
    assert (d.scale_min, d.scale_max) == (4.0, 10.0)


def test_both_example_files_agree(shared):
    a = load_any(str(shared / BARGAINING / "dmasad_BDM_DecisionModel_Replication/ExampleActors.csv")).issue_data()
    b = load_any(str(shared / BARGAINING / "jmckib_bdm-scholz-expected-utility-model/ExampleActors.csv")).issue_data()
    np.testing.assert_allclose(a.saliences, b.saliences)
    np.testing.assert_allclose(a.positions, b.positions)
    np.testing.assert_allclose(a.capabilities, b.capabilities)


def test_catalogue_ec_example_matches_the_csv(shared):
    a = load_any(str(shared / BARGAINING / "jmckib_bdm-scholz-expected-utility-model/ExampleActors.csv")).issue_data()
    c = load_any("ec-emissions-1994").issue_data()
    np.testing.assert_allclose(a.positions, c.positions)
    np.testing.assert_allclose(a.saliences, c.saliences)
    np.testing.assert_allclose(a.capabilities, c.capabilities)


def test_decide_tab_dialect(shared):
    sc = load_any(str(shared / BARGAINING / "foarsitter_decide-exchange-model/copenhagen.csv"))
    assert len(sc.actors) == 11 and len(sc.issues) == 7
    d = sc.issue_data("Newtreaty")
    usa = d.actor_ids.index("usa")
    assert d.positions[usa] == 10 and d.saliences[usa] == pytest.approx(0.9) and d.capabilities[usa] == 0.26
    assert sc.actor("EU (incl Norway)").id == "eu_incl_norway"


def test_decide_semicolon_dialect(shared):
    sc = load_any(str(shared / BARGAINING / "foarsitter_decide-exchange-model/verkiezing_2012.csv"))
    assert len(sc.issues) == 11


def test_decide_scale_points(shared):
    sc = load_any(str(shared / BARGAINING / "foarsitter_decide-exchange-model/sample_data.txt"))
    toll = sc.issue("tol-hoogte")
    assert (toll.scale.min, toll.scale.max) == (0.5, 7.0)


def test_sniff():
    assert sniff_format("'#A'\t'x'") == "decide"
    assert sniff_format("#A;x") == "decide"
    assert sniff_format("Actor,Capability,Position,Salience") == "bdm"


def test_bdm_bad_number_names_row():
    with pytest.raises(ValueError) as info:
        import_bdm_csv("Actor,Capability,Position,Salience\nA,1,2,3\nB,x,2,3\n", file="t.csv")
    assert "t.csv:3:2" in str(info.value)


def test_bdm_missing_column():
    with pytest.raises(ValueError) as info:
        import_bdm_csv("Actor,Position,Salience\nA,2,3\n", file="t.csv")
    assert "no capability column" in str(info.value)


def test_decide_unknown_actor_row():
    text = "#A;a;A\n#P;i;I\n#D;b;i;10;0.5;0.3\n"
    with pytest.raises(ValueError) as info:
        import_decide(text, file="d.csv")
    assert "d.csv:3:2" in str(info.value) and "no #A row" in str(info.value)
