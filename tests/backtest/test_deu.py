import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from realpolitik.backtest.deu import ACTORS, DEFAULT_PATH, decode_date, read_deu3
from realpolitik.errors import InputError


@pytest.mark.parametrize("text, expected", [
    ("26-01-00", dt.date(2000, 1, 26)),
    ("07-02-96", dt.date(1996, 2, 7)),
    ("14-12-1999", dt.date(1999, 12, 14)),
    ("1930-05-01", dt.date(2001, 5, 30)),   # README: final act of d00032
    ("2014-07-04", dt.date(2004, 7, 14)),   # README: intro of a04163/d04167
    ("999", None), ("", None),
])
def test_decode_date(text, expected):
    assert decode_date(text) == expected


@pytest.mark.parametrize("bad", ["31-02-01", "2001/05/30", "yesterday", "1931-13-01"])
def test_decode_date_rejects(bad):
    with pytest.raises(InputError):
        decode_date(bad)


def test_counts_match_readme(deu):
    iss = deu.issues
    assert len(iss) == 364 and iss["isnr"].is_unique
    assert int(iss["has_outcome"].sum()) == 353
    assert int(iss["has_rp"].sum()) == 261
    assert int(deu.scoreable.sum()) == 351
    assert int(deu.has_data.sum()) == 7155
    assert iss["intro"].min() == dt.date(1996, 2, 7) and iss["intro"].max() == dt.date(2018, 4, 17)
    fin = iss["finact"].dropna()
    assert fin.min() == dt.date(1998, 3, 30) and fin.max() == dt.date(2019, 7, 12)
    assert int(iss["finact"].isna().sum()) == 29


def test_protocol_file_reproduced(deu):
    ref = pd.read_csv(DEFAULT_PATH.with_name("deu3_protocol.csv"), dtype=str, keep_default_na=False)
    mine = deu.protocol_frame().astype(str)
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), ref)


def test_split_table(deu):
    iss = deu.issues
    for split, n, props in (("dev", 219, 86), ("test", 132, 51)):
        sub = iss[iss["split"] == split]
        assert len(sub) == n and sub["prnr"].nunique() == props
    sc = iss[iss["split"] != ""]
    assert not (sc.groupby("prnr")["split"].nunique() > 1).any()  # no proposal straddles


def test_dates_consistent(deu):
    iss = deu.issues
    year = iss["prnr"].str.extract(r"^[adn](\d\d)")[0].astype(int)
    year = np.where(year >= 90, 1900 + year, 2000 + year)
    intro = np.array([d.year for d in iss["intro"]])
    assert set(iss.loc[intro != year, "prnr"]) == {"d95341"}
    ok = iss["finact"].notna()
    assert (iss.loc[ok, "finact"] >= iss.loc[ok, "intro"]).all()


def test_split_proposal_id_joined(deu):
    iss = deu.issues.set_index("isnr")
    assert iss.loc["d04167i1", "prnr"] == "a04163" and iss.loc["d04167i3", "prnr"] == "d04167"
    assert {iss.loc[f"d04167i{k}", "proposal"] for k in range(1, 5)} == {"d04167"}
    assert any("a04163" in n for n in deu.notes)


def test_duplicates_flagged_and_kept(deu):
    iss = deu.issues.set_index("isnr")
    assert iss.loc["n98299i1", "duplicate_of"] == "d98300i1"
    assert iss.loc["n98331i1", "duplicate_of"] == "n00223i1"
    assert iss.loc["d98300i1", "split"] == iss.loc["n98299i1", "split"] != ""
    assert iss.loc["n0062Bi1", "duplicate_of"] == ""  # differs in rp and out


def test_missing_saliences(deu):
    pos_only = np.isfinite(deu.positions) & ~np.isfinite(deu.saliences)
    assert int(pos_only.sum()) == 54
    k = deu.issues.index[deu.issues["isnr"] == "d07249i1"][0]
    assert int(pos_only[k].sum()) == 22
    assert not deu.has_data[pos_only].any()
    cr = ACTORS.index("cr")
    assert int(np.isnan(deu.saliences[:, cr]).sum()) == 336
    # salience 0 with a position counts as data
    zero = deu.has_data & (deu.saliences == 0)
    assert int(zero.sum()) == 365


def test_gdp_line(deu):
    assert len(deu.issues) == 364  # GDP line not an issue
    assert deu.gdp[ACTORS.index("de")] == 4.1 and deu.gdp[0] == 4.1 and deu.gdp[1] == 4.1
    assert deu.gdp[ACTORS.index("mt")] == 0.02


def _write_variant(tmp_path: Path, *, drop_gdp: bool, delim: str) -> Path:
    lines = DEFAULT_PATH.read_text().splitlines()
    if drop_gdp:
        lines = [lines[0]] + lines[2:]
    text = "\n".join(line.replace("\t", delim) for line in lines) + "\n"
    p = tmp_path / "Dataset_DEU_III.csv"
    p.write_text(text)
    return p


def test_semicolon_original_without_gdp_line(tmp_path, deu):
    other = read_deu3(_write_variant(tmp_path, drop_gdp=True, delim=";"))
    assert np.array_equal(other.gdp, deu.gdp)
    assert any("no GDP line" in n for n in other.notes)
    pd.testing.assert_frame_equal(other.protocol_frame(), deu.protocol_frame())


def test_bad_files_name_line(tmp_path):
    if not DEFAULT_PATH.is_file():
        pytest.skip(f"shared data: {DEFAULT_PATH} not found")
    lines = DEFAULT_PATH.read_text().splitlines()
    fields = lines[5].split("\t")
    fields[13] = "abc"
    p = tmp_path / "bad.csv"
    p.write_text("\n".join(lines[:5] + ["\t".join(fields)] + lines[6:]) + "\n")
    with pytest.raises(InputError, match=r"bad.csv:6: pcom"):
        read_deu3(p)
    p.write_text("a\tb\tc\n1\t2\t3\n")
    with pytest.raises(InputError):
        read_deu3(p)
    fields = lines[5].split("\t")
    fields[11] = '"32-13-01"'
    p.write_text("\n".join(lines[:5] + ["\t".join(fields)] + lines[6:]) + "\n")
    with pytest.raises(InputError, match="intro"):
        read_deu3(p)
