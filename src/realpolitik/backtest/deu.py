"""Reader for DEU III (Arregui & Perarnaud 2021), with the file's quirks handled.

Reads either the project's copy (tab-delimited, with a GDP line as line 2;
``../shared/data/deu3/deu3.csv``) or the Dataverse original
(``Dataset_DEU_III.csv``, reported to be semicolon-delimited, presumably
without the GDP line). The delimiter is sniffed from the header.

Quirks handled here, each explicitly (see the data README, "Known quirks"):

1. Mangled dates: ``DD-MM-YY``, ``DD-MM-YYYY`` and a bare ``CCXX-MM-YY``
   written by a spreadsheet that read ``XX-MM-YY`` as a year-first date; the
   last is decoded as day ``XX``, month ``MM``, year ``20YY``
   (:func:`decode_date`). ``finact`` = ``999`` means "no final act".
2. Emptied outcomes: empty ``out`` -> NaN, such issues are not scoreable.
3. Positions without salience: such actors are not "with data" on the issue
   (their position is kept in ``positions`` but ``has_data`` is False).
4. Salience 0 counts as a salience; Croatia's empty saliences are missing.
5. The split proposal id (``a04163`` / ``d04167``): ``prnr`` is kept as
   recorded, and ``proposal`` (the id in ``isnr``) joins the two halves, so
   the clustered bootstrap resamples the proposal as one unit.
6. Duplicated issue rows across parallel proposals are kept as separate
   issues (protocol) and flagged in ``duplicate_of``.
7. The GDP line: detected as the row whose metadata fields are all empty,
   removed from the issues and returned as ``gdp``. If the file has none (the
   Dataverse original), :data:`GDP_FALLBACK` (the same 30 numbers) is used
   and a note says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from ..errors import InputError, Location

__all__ = [
    "ACTORS",
    "CUT_DATE",
    "DEFAULT_PATH",
    "DEUData",
    "GDP_FALLBACK",
    "decode_date",
    "read_deu3",
]

#: Actor codes in the file's column order (Commission, Parliament, 28 states).
ACTORS: tuple[str, ...] = (
    "com", "ep", "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el",
    "hu", "ie", "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk",
)

#: The temporal split of the protocol: dev < CUT_DATE <= test (intro date).
CUT_DATE = dt.date(2005, 7, 1)

#: The GDP line of the project's copy (line 2), in ACTORS order; used only
#: when a file (e.g. the Dataverse original) has no GDP line.
GDP_FALLBACK: tuple[float, ...] = (
    4.1, 4.1, 0.48, 0.58, 0.09, 0.08, 0.03, 0.31, 0.37, 0.04, 0.28, 2.8, 4.1, 0.22, 0.2, 0.5,
    2.09, 0.04, 0.07, 0.08, 0.02, 1.03, 0.75, 0.27, 0.32, 0.06, 0.12, 1.46, 0.55, 2.64,
)

_META = ("prnrnmc", "isnrnmc", "prnr", "prname", "isnr", "type", "council", "proc", "counvte",
         "proccde", "issues", "intro", "finact")
_POS = tuple("p" + a for a in ACTORS)
_SAL = tuple("s" + a for a in ACTORS)
_REQUIRED = _META + _POS + _SAL + ("rp", "out")


def _default_path() -> Path:
    # src/realpolitik/backtest/deu.py -> repo root is parents[3]; the shared
    # data folder sits next to the repository (../shared/data/deu3/).
    here = Path(__file__).resolve()
    for base in here.parents:
        cand = base / "shared" / "data" / "deu3" / "deu3.csv"
        if cand.is_file():
            return cand
        cand = base.parent / "shared" / "data" / "deu3" / "deu3.csv"
        if cand.is_file():
            return cand
    return here.parents[4] / "shared" / "data" / "deu3" / "deu3.csv"


DEFAULT_PATH: Path = _default_path()

_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{2})(\d{2})-(\d{2})-(\d{2})$")


def _year2(yy: int) -> int:
    # DEU III spans 1995-2019: two-digit years >= 90 are 19xx.
    return 1900 + yy if yy >= 90 else 2000 + yy


def decode_date(text: str, *, where: Location | None = None) -> dt.date | None:
    """Decode one DEU III date field.

    ``DD-MM-YY`` and ``DD-MM-YYYY`` are read as written. A bare
    ``CCXX-MM-YY`` (a spreadsheet's reading of ``XX-MM-YY`` as a year-first
    date with a 1930 pivot) is decoded as day ``XX``, month ``MM``, year
    20``YY``. Empty and ``999`` (no final act) give ``None``.

    Examples
    --------
    >>> decode_date("26-01-00")
    datetime.date(2000, 1, 26)
    >>> decode_date("1930-05-01")
    datetime.date(2001, 5, 30)
    >>> decode_date("2014-07-04")
    datetime.date(2004, 7, 14)
    >>> decode_date("14-12-1999")
    datetime.date(1999, 12, 14)
    >>> decode_date("999") is None
    True
    """
    t = text.strip()
    if t in ("", "999"):
        return None
    m = _DMY.match(t)
    try:
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
            year = int(y) if len(y) == 4 else _year2(int(y))
            return dt.date(year, mo, d)
        m = _ISO.match(t)
        if m:
            # CC XX - MM - YY: the century digits are the spreadsheet's, XX is the day.
            d, mo, yy = int(m.group(2)), int(m.group(3)), int(m.group(4))
            return dt.date(2000 + yy, mo, d)
    except ValueError:
        pass
    raise InputError(f"cannot decode date {text!r}", location=where,
                     expected="DD-MM-YY, DD-MM-YYYY, a mangled CCXX-MM-YY, empty or 999")


def _num(text: str, where: Location) -> float:
    t = text.strip()
    if t == "":
        return np.nan
    try:
        v = float(t.replace(",", "."))
    except ValueError:
        raise InputError(f"not a number: {text!r}", location=where,
                         expected="a number or an empty field") from None
    if not np.isfinite(v):
        raise InputError(f"not a finite number: {text!r}", location=where)
    return v


@dataclass(frozen=True)
class DEUData:
    """DEU III, parsed: one row per issue (the GDP line removed).

    Attributes
    ----------
    issues : pandas.DataFrame
        One row per issue, in file order: ``isnr``, ``prnr`` (as recorded),
        ``proposal`` (the proposal id in ``isnr``; joins the split id),
        ``prname``, ``type``, ``council``, ``proc`` (COD/CNS), ``vote``
        (``QMV``/``Unan``; ``QMV(10)`` read as QMV), ``intro``, ``finact``
        (``datetime.date`` or None), ``rp``, ``out`` (NaN = missing),
        ``n_actors`` (actors with position and salience), ``has_outcome``,
        ``has_rp``, ``has_com``, ``scoreable``, ``split`` (``dev``/``test``/
        ``""``), ``duplicate_of`` (isnr of an earlier identical row or ``""``),
        ``line`` (1-based line in the file).
    positions, saliences : numpy.ndarray
        ``(n_issues, 30)``, 0-100, NaN = empty, columns in :data:`ACTORS` order.
    has_data : numpy.ndarray
        ``(n_issues, 30)`` bool: position and salience both present.
    gdp : numpy.ndarray
        ``(30,)`` the GDP line (Commission and EP = Germany's value).
    source : str
        The file read; ``sha256`` its digest.
    notes : tuple of str
        What the reader did about the file's quirks.
    """

    issues: pd.DataFrame
    positions: np.ndarray
    saliences: np.ndarray
    has_data: np.ndarray
    gdp: np.ndarray
    source: str
    sha256: str
    notes: tuple[str, ...] = field(default=())
    actors: tuple[str, ...] = ACTORS

    @property
    def scoreable(self) -> np.ndarray:
        """Boolean mask of scoreable issues (protocol (a))."""
        return self.issues["scoreable"].to_numpy(dtype=bool)

    def split_mask(self, split: str) -> np.ndarray:
        """Scoreable issues of ``split`` (``dev``, ``test`` or ``all``)."""
        if split == "all":
            return self.scoreable
        if split not in ("dev", "test"):
            raise InputError(f"split must be dev, test or all; got {split!r}")
        return (self.issues["split"] == split).to_numpy()

    def subset(self, mask: np.ndarray) -> "DEUData":
        """A copy restricted to the issues where ``mask`` is True."""
        mask = np.asarray(mask, dtype=bool)
        return DEUData(self.issues.loc[mask].reset_index(drop=True), self.positions[mask],
                       self.saliences[mask], self.has_data[mask], self.gdp, self.source,
                       self.sha256, self.notes, self.actors)

    def protocol_frame(self) -> pd.DataFrame:
        """The per-issue protocol table, same columns as ``deu3_protocol.csv``."""
        df = self.issues
        return pd.DataFrame({
            "isnr": df["isnr"], "prnr": df["prnr"], "prname": df["prname"],
            "intro_date": [d.isoformat() for d in df["intro"]],
            "n_actors": df["n_actors"], "has_outcome": df["has_outcome"],
            "has_rp": df["has_rp"], "has_com": df["has_com"],
            "scoreable": df["scoreable"], "split": df["split"],
        })


def _sniff_delimiter(header: str, where: Location) -> str:
    counts = {d: header.count(d) for d in ("\t", ";", ",")}
    delim = max(counts, key=counts.get)  # type: ignore[arg-type]  # typeshed: dict.get overloads do not match key=
    if counts[delim] < len(_REQUIRED) - 1:
        raise InputError("header has too few fields for DEU III", location=where,
                         expected=f"{len(_REQUIRED)} tab-, semicolon- or comma-separated columns")
    return delim


def read_deu3(path: str | Path | None = None) -> DEUData:
    """Read DEU III and apply the evaluation protocol's issue table.

    Parameters
    ----------
    path : str or Path, optional
        The project's copy (default :data:`DEFAULT_PATH`) or the Dataverse
        original ``Dataset_DEU_III.csv``.

    Returns
    -------
    DEUData

    Raises
    ------
    InputError
        Missing columns, unparseable numbers or dates, duplicate ``isnr``,
        positions or saliences outside 0-100 (message names file and line).

    Examples
    --------
    >>> data = read_deu3()
    >>> int(data.scoreable.sum()), int(data.split_mask("dev").sum()), int(data.split_mask("test").sum())
    (351, 219, 132)
    """
    p = Path(path) if path is not None else DEFAULT_PATH
    from .._io import check_input_path

    check_input_path(p, InputError)  # missing, a folder, a FIFO or a device: refused
    raw = p.read_bytes()
    if len(raw) > 50_000_000:
        raise InputError("file too large for DEU III (> 50 MB)", location=Location(file=str(p)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    lines = text.splitlines()
    if not lines:
        raise InputError("empty file", location=Location(file=str(p)))
    delim = _sniff_delimiter(lines[0], Location(file=str(p), line=1))
    rows = list(csv.reader(io.StringIO(text), delimiter=delim, quotechar='"'))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", location=Location(file=str(p), line=1),
                         expected="the DEU III columns (prnrnmc ... out)")
    col = {name: header.index(name) for name in _REQUIRED}

    notes: list[str] = []
    gdp: np.ndarray | None = None
    recs: list[dict] = []
    pos_rows: list[np.ndarray] = []
    sal_rows: list[np.ndarray] = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(f.strip() for f in row):
            continue
        if len(row) < len(header):
            raise InputError(f"{len(row)} fields, expected {len(header)}",
                             location=Location(file=str(p), line=lineno))
        get = lambda name: row[col[name]]  # noqa: E731
        if all(get(m).strip() == "" for m in _META):
            # The GDP line added by the derived copy: metadata empty, one number per p* column.
            if gdp is not None:
                raise InputError("a second line with empty metadata (GDP line?)",
                                 location=Location(file=str(p), line=lineno))
            gdp = np.array([_num(get(c), Location(file=str(p), line=lineno, path=c)) for c in _POS])
            if not np.all(np.isfinite(gdp) & (gdp > 0)):
                raise InputError("GDP line: every p* field must hold a positive number",
                                 location=Location(file=str(p), line=lineno))
            notes.append(f"line {lineno}: GDP line read as capabilities and removed from the issues")
            continue
        loc = lambda c: Location(file=str(p), line=lineno, path=c)  # noqa: E731
        x = np.array([_num(get(c), loc(c)) for c in _POS])
        s = np.array([_num(get(c), loc(c)) for c in _SAL])
        for name, arr in (("position", x), ("salience", s)):
            bad = np.isfinite(arr) & ((arr < 0) | (arr > 100))
            if bad.any():
                k = int(np.argmax(bad))
                raise InputError(f"{name} {arr[k]} outside 0-100", location=loc(("p" if name == "position" else "s") + ACTORS[k]))
        rp = _num(get("rp"), loc("rp"))
        out = _num(get("out"), loc("out"))
        for name, v in (("rp", rp), ("out", out)):
            if np.isfinite(v) and not 0 <= v <= 100:
                raise InputError(f"{name} {v} outside 0-100", location=loc(name))
        isnr = get("isnr").strip()
        m = re.match(r"^(.+?)i\d+$", isnr)
        if not m:
            raise InputError(f"issue id {isnr!r} is not '<proposal>i<n>'", location=loc("isnr"))
        vote = get("counvte").strip()
        recs.append({
            "isnr": isnr,
            "prnr": get("prnr").strip(),
            "proposal": m.group(1),
            "prname": get("prname").strip(),
            "type": get("type").strip(),
            "council": get("council").strip(),
            "proc": get("proc").strip(),
            "vote": "QMV" if vote.upper().startswith("QMV") else ("Unan" if vote.lower().startswith("unan") else vote),
            "intro": decode_date(get("intro"), where=loc("intro")),
            "finact": decode_date(get("finact"), where=loc("finact")),
            "rp": rp,
            "out": out,
            "line": lineno,
        })
        pos_rows.append(x)
        sal_rows.append(s)
    if not recs:
        raise InputError("no issue rows", location=Location(file=str(p)))
    if gdp is None:
        gdp = np.array(GDP_FALLBACK)
        notes.append("no GDP line in the file: using the GDP line of the project's copy")

    issues = pd.DataFrame.from_records(recs)
    positions = np.vstack(pos_rows)
    saliences = np.vstack(sal_rows)
    dup = issues["isnr"].duplicated()
    if dup.any():
        first = issues.loc[dup].iloc[0]
        raise InputError(f"issue id {first['isnr']} occurs twice", location=Location(file=str(p), line=int(first["line"])))
    if issues["intro"].isna().any():
        first = issues.loc[issues["intro"].isna()].iloc[0]
        raise InputError("no introduction date", location=Location(file=str(p), line=int(first["line"]), path="intro"))

    has_data = np.isfinite(positions) & np.isfinite(saliences)
    issues["n_actors"] = has_data.sum(axis=1)
    issues["has_outcome"] = np.isfinite(issues["out"].to_numpy())
    issues["has_rp"] = np.isfinite(issues["rp"].to_numpy())
    issues["has_com"] = has_data[:, 0]
    issues["scoreable"] = issues["has_outcome"] & (issues["n_actors"] >= 3)
    # The split is by proposal introduction date; a proposal never straddles it.
    issues["split"] = np.where(~issues["scoreable"], "",
                               np.where(issues["intro"] < CUT_DATE, "dev", "test"))
    issues["duplicate_of"] = _duplicates(issues, positions, saliences)
    n_pos_only = int((np.isfinite(positions) & ~np.isfinite(saliences)).sum())
    if n_pos_only:
        notes.append(f"{n_pos_only} actor-issue cells hold a position without a salience: "
                     "those actors are left out of their issue")
    n_dup = int((issues["duplicate_of"] != "").sum())
    if n_dup:
        notes.append(f"{n_dup} issue row(s) repeat an earlier issue's content; kept as separate issues")
    split_ids = issues.groupby("proposal")["prnr"].nunique()
    for prop in split_ids[split_ids > 1].index:
        ids = sorted(issues.loc[issues["proposal"] == prop, "prnr"].unique())
        notes.append(f"proposal {prop} is recorded under prnr {' and '.join(ids)}: one cluster in the bootstrap")
    return DEUData(issues=issues, positions=positions, saliences=saliences, has_data=has_data,
                   gdp=gdp, source=str(p), sha256=hashlib.sha256(raw).hexdigest(), notes=tuple(notes))


def _duplicates(issues: pd.DataFrame, positions: np.ndarray, saliences: np.ndarray) -> list[str]:
    # Same positions, saliences, rp and outcome as an earlier row of another proposal.
    seen: dict[bytes, str] = {}
    out: list[str] = []
    for k in range(len(issues)):
        key = np.concatenate([np.nan_to_num(positions[k], nan=-1), np.nan_to_num(saliences[k], nan=-1),
                              [np.nan_to_num(cast(float, issues["rp"].iat[k]), nan=-1),
                               np.nan_to_num(cast(float, issues["out"].iat[k]), nan=-1)]]).tobytes()
        out.append(seen.get(key, ""))
        seen.setdefault(key, cast(str, issues["isnr"].iat[k]))
    return out
