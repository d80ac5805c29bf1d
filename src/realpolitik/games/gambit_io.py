"""Reading and writing Gambit ``.nfg`` (version 1) and ``.efg`` (version 2) files.

Numbers are kept exactly: integers, decimals (``0.80`` is 4/5) and rationals
(``1/3``). Legacy files with empty or repeated labels are accepted as they are.
Parse errors raise :class:`~realpolitik.errors.GameFileError` naming the line.
Declared sizes are checked before anything is allocated (docs/limits.md):
strategies per player, contingencies, nodes, tree depth, outcome numbers and the
length and exponent of every number, so a file declaring 10^9 strategies or
``1e999999999`` is refused at once.
The payoff list of an ``.nfg`` file is parsed with NumPy in one pass, so a
file with 10^6 contingencies reads in well under a second.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from .._io import write_atomic
from ..bounds import (MAX_CONTINGENCIES, MAX_GAME_DEPTH, MAX_GAME_NODES, MAX_NUMBER_CHARS, MAX_PAYOFF,
                      MAX_STRATEGIES)
from ..errors import GameFileError, InputError, Location, shown
from .extensive_form import ExtensiveFormGame, Infoset, Node, Outcome
from .normal_form import NormalFormGame

__all__ = ["read_nfg", "read_efg", "read_game", "read_nfg_string", "read_efg_string",
           "write_nfg", "write_efg", "nfg_text", "efg_text"]

MAX_FILE_BYTES = 512 * 1024 * 1024

#: A Gambit number: integer, decimal (with exponent) or rational; the exponent is bounded before
#: Fraction sees it (Fraction("1e999999999") would compute a billion-digit integer).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?(?:/\d+)?")
_MAX_EXPONENT = 400
#: Longest quoted string (title, comment, player, strategy, action, node or outcome label).
MAX_LABEL_CHARS = 100_000

_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}])|(,)|([^\s{},"]+)|(")|$)', re.S)


class _Tokens:
    """A cursor over the whitespace-separated tokens of a Gambit file."""

    def __init__(self, text: str, file: str | None) -> None:
        self.text = text
        self.pos = 0
        self.file = file
        self._peeked: tuple[str, str, int] | None = None

    def line_of(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def error(self, msg: str, pos: int | None = None, expected: str | None = None) -> GameFileError:
        p = self.pos if pos is None else pos
        return GameFileError(msg, location=Location(file=self.file, line=self.line_of(p)), expected=expected)

    def _scan(self) -> tuple[str, str, int]:
        m = _TOKEN.match(self.text, self.pos)
        if m is None:  # pragma: no cover - the pattern always matches (the $ branch)
            raise self.error("unreadable text")
        start = m.start(m.lastindex) if m.lastindex else m.end()
        self.pos = m.end()
        if m.group(1) is not None:
            raw = m.group(1)[1:-1]
            return "str", re.sub(r"\\(.)", r"\1", raw), start
        if m.group(2) is not None:
            return m.group(2), m.group(2), start
        if m.group(3) is not None:
            return ",", ",", start
        if m.group(4) is not None:
            return "word", m.group(4), start
        if m.group(5) is not None:
            raise self.error("unterminated string (a '\"' without its closing quote)", start)
        return "eof", "", start

    def peek(self) -> tuple[str, str, int]:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> tuple[str, str, int]:
        tok = self.peek()
        self._peeked = None
        return tok

    def rest_position(self) -> int:
        """Text offset of the next unread token (for bulk parsing of the body)."""
        if self._peeked is not None:
            return self._peeked[2]
        return self.pos

    def expect(self, kind: str, what: str) -> tuple[str, str, int]:
        tok = self.next()
        if tok[0] != kind:
            what_found = shown(tok[1]) if tok[0] != "eof" else "'end of file'"
            raise self.error(f"found {what_found}", tok[2], expected=what)
        return tok

    def string(self, what: str) -> str:
        tok = self.expect("str", f"a quoted {what}")
        if len(tok[1]) > MAX_LABEL_CHARS:
            raise self.error(f"a {what} of {len(tok[1]):,} characters", tok[2],
                             expected=f"at most {MAX_LABEL_CHARS:,} characters (docs/limits.md)")
        return tok[1]

    def integer(self, what: str) -> int:
        tok = self.expect("word", what)
        if len(tok[1]) > 18:  # beyond every count this reader accepts (and Python's 4,300-digit limit)
            raise self.error(f"found a {len(tok[1]):,}-character number {shown(tok[1])}", tok[2],
                             expected=f"{what} within the documented bounds (docs/limits.md)")
        try:
            return int(tok[1])
        except ValueError:
            raise self.error(f"found {shown(tok[1])}", tok[2], expected=what) from None

    def number(self, what: str) -> Fraction:
        tok = self.expect("word", what)
        return _fraction(tok[1], lambda: self.error(f"found {shown(tok[1])}", tok[2], expected=what))

    def skip_commas(self) -> None:
        while self.peek()[0] == ",":
            self.next()


def _fraction(text: str, err: Any) -> Fraction:
    """An exact number; anything that is not a bounded Gambit number raises ``err()``."""
    if len(text) > MAX_NUMBER_CHARS:
        raise err()
    m = _NUMBER.fullmatch(text)
    if m is None or (m.group(1) is not None and abs(int(m.group(1))) > _MAX_EXPONENT):
        raise err()
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise err() from None


def _read_text(source: str | Path) -> tuple[str, str]:
    from .._io import check_input_path

    path = check_input_path(source, GameFileError)  # missing, a folder, a FIFO or a device: refused
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise GameFileError(f"file is too large ({size} bytes)", location=Location(file=str(path)),
                            expected=f"at most {MAX_FILE_BYTES} bytes")
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except UnicodeDecodeError:  # legacy Gambit files are Latin-1; every byte string decodes as Latin-1
        return path.read_bytes().decode("latin-1"), str(path)
    except IsADirectoryError:
        raise GameFileError("is a folder, not a game file", location=Location(file=str(path))) from None


# ============================================================================ NFG
def read_nfg(source: str | Path) -> NormalFormGame:
    """Read a Gambit ``.nfg`` file (payoff or outcome form).

    Examples
    --------
    >>> g = read_nfg_string('NFG 1 R "PD" { "A" "B" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.shape, float(g.payoffs[0][1, 0])
    ((2, 2), 5.0)
    """
    text, name = _read_text(source)
    return read_nfg_string(text, file=name)


def _header(t: "_Tokens", magic: str, version: str, what: str) -> tuple[str, list[str]]:
    """The header both formats share: magic word, version, R/D, title, player list."""
    head = t.expect("word", f"the header '{magic}'")
    if head[1] != magic:
        raise t.error(f"found {shown(head[1])}", head[2], expected=what)
    ver = t.expect("word", f"the format version {version}")
    if ver[1] != version:
        raise t.error(f"unsupported {magic} version {shown(ver[1])}", ver[2], expected=f"version {version}")
    rtok = t.expect("word", "'R' (or 'D')")
    if rtok[1] not in ("R", "D"):
        raise t.error(f"found {shown(rtok[1])}", rtok[2], expected="'R' (or 'D')")
    title = t.string("title")
    t.expect("{", "'{' opening the list of players")
    players = []
    while t.peek()[0] == "str":
        players.append(t.next()[1])
    t.expect("}", "'}' closing the list of players")
    return title, players


def read_nfg_string(text: str, file: str | None = None) -> NormalFormGame:
    """Parse the text of an ``.nfg`` file (see :func:`read_nfg`)."""
    return _named(_parse_nfg, text, file)


def _named(parse: Any, text: str, file: str | None) -> Any:
    """Run a parser; a game-level error (payoff bounds, shapes) becomes a GameFileError naming the file."""
    try:
        return parse(text, file)
    except GameFileError:
        raise
    except InputError as exc:
        raise GameFileError(exc.message, location=Location(file=file), expected=exc.expected) from None
    except OverflowError:
        raise GameFileError("a payoff is too large for a float", location=Location(file=file),
                            expected=f"payoffs with |u| <= {MAX_PAYOFF:.0e} (docs/limits.md)") from None


def _parse_nfg(text: str, file: str | None) -> NormalFormGame:
    t = _Tokens(text, file)
    title, players = _header(t, "NFG", "1", "a strategic game file starting with 'NFG'")
    if not players:
        raise t.error("no players", expected="at least one quoted player name")
    t.expect("{", "'{' opening the strategy counts or labels")
    strategies: list[tuple[str, ...]] = []
    if t.peek()[0] == "{":
        for _ in players:
            t.expect("{", "'{' opening a player's strategy labels")
            labs = []
            while t.peek()[0] == "str":
                labs.append(t.next()[1])
                if len(labs) > MAX_STRATEGIES:
                    raise t.error(f"more than {MAX_STRATEGIES:,} strategies for a player",
                                  expected=f"at most {MAX_STRATEGIES:,} (docs/limits.md)")
            t.expect("}", "'}' closing a player's strategy labels")
            if not labs:
                raise t.error("a player has no strategies", expected="at least one strategy label")
            strategies.append(tuple(labs))
    else:
        counts = []
        for _ in players:
            pos = t.peek()[2]
            k = t.integer("a strategy count")
            if not 1 <= k <= MAX_STRATEGIES:
                raise t.error(f"strategy count {k:,}", pos,
                              expected=f"a positive integer, at most {MAX_STRATEGIES:,} (docs/limits.md)")
            counts.append(k)
            _check_contingencies(t, counts, pos)
        strategies = [tuple(str(j + 1) for j in range(k)) for k in counts]
    t.expect("}", f"'}}' after the strategies of {len(players)} players")
    comment = ""
    if t.peek()[0] == "str":
        comment = t.next()[1]
    shape = tuple(len(s) for s in strategies)
    n = len(players)
    ncont = _check_contingencies(t, list(shape), t.rest_position())
    if t.peek()[0] == "{":
        # outcome form
        t.next()
        outcomes: list[tuple[str, tuple[Fraction, ...]]] = []
        while t.peek()[0] == "{":
            t.next()
            lab = t.string("outcome label")
            pays = []
            for _ in range(n):
                t.skip_commas()
                pays.append(t.number("a payoff number"))
            t.skip_commas()
            t.expect("}", f"'}}' closing an outcome with {n} payoffs")
            outcomes.append((lab, tuple(pays)))
        t.expect("}", "'}' closing the outcome list")
        body_pos = t.rest_position()
        idx = _bulk_numbers(t, body_pos, ncont, "outcome indices", integer=True)
        if idx.min(initial=0) < 0 or idx.max(initial=0) > len(outcomes):
            bad = int(np.flatnonzero((idx < 0) | (idx > len(outcomes)))[0])
            raise t.error(f"outcome index {idx[bad]} in contingency {bad + 1}", _token_pos(t.text, body_pos, bad),
                          expected=f"0..{len(outcomes)}")
        table = np.zeros((len(outcomes) + 1, n))
        for k, (_, opays) in enumerate(outcomes):
            table[k + 1] = [float(p) for p in opays]
        flat = table[idx]  # (ncont, n)
        pay = np.stack([flat[:, i].reshape(shape, order="F") for i in range(n)])
        idx_arr = idx.reshape(shape, order="F")
        return NormalFormGame(players=tuple(players), strategies=tuple(strategies), payoffs=pay, title=title,
                              comment=comment, outcomes=tuple(outcomes), outcome_index=idx_arr)
    body_pos = t.rest_position()
    values, exact = _bulk_payoffs(t, body_pos, ncont * n)
    pay = np.stack([values[i::n].reshape(shape, order="F") for i in range(n)])
    exact_arr = None
    if exact is not None:
        exact_arr = np.stack([exact[i::n].reshape(shape, order="F") for i in range(n)])
    return NormalFormGame(players=tuple(players), strategies=tuple(strategies), payoffs=pay, title=title,
                          comment=comment, exact_source=exact_arr)


def _check_contingencies(t: "_Tokens", counts: list[int], pos: int) -> int:
    """The product of the strategy counts, in Python integers (no int64 wrap), within MAX_CONTINGENCIES."""
    total = math.prod(counts)
    if total > MAX_CONTINGENCIES:
        raise t.error(f"{' x '.join(f'{k:,}' for k in counts)} strategies make {total:,} contingencies", pos,
                      expected=f"at most {MAX_CONTINGENCIES:,} contingencies (docs/limits.md)")
    return total


def _body_tokens(t: _Tokens, pos: int) -> list[str]:
    body = t.text[pos:]
    bad = re.search(r'["{}]', body)
    if bad is not None:
        raise t.error(f"unexpected {bad.group(0)!r} in the list of numbers", pos + bad.start(),
                      expected="only numbers after the header")
    return body.replace(",", " ").split()


def _token_pos(text: str, pos: int, k: int) -> int:
    """Text offset of the k-th whitespace token after pos (only used for error messages)."""
    for j, m in enumerate(re.finditer(r"[^\s,]+", text[pos:])):
        if j == k:
            return pos + m.start()
    return len(text)


def _bulk_numbers(t: _Tokens, pos: int, count: int, what: str, integer: bool) -> np.ndarray:
    toks = _body_tokens(t, pos)
    if len(toks) != count:
        where = _token_pos(t.text, pos, max(0, min(len(toks), count + 1) - 1))
        raise t.error(f"{len(toks)} {what} found", where, expected=f"{count} {what} (one per contingency)")
    try:
        return np.array(toks, dtype=np.int64)
    except (ValueError, OverflowError):
        for k, s in enumerate(toks):
            if len(s) > 18 or not re.fullmatch(r"[+-]?\d+", s):
                raise t.error(f"found {shown(s)}", _token_pos(t.text, pos, k), expected="an integer") from None
        raise  # pragma: no cover


def _bulk_payoffs(t: _Tokens, pos: int, count: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Float payoffs (and exact Fractions when they are not all integers)."""
    toks = _body_tokens(t, pos)
    if len(toks) != count:
        where = _token_pos(t.text, pos, max(0, min(len(toks), count + 1) - 1))
        raise t.error(f"{len(toks)} payoffs found", where, expected=f"{count} payoffs (players x contingencies)")
    try:
        ints = np.array(toks, dtype=np.int64)
        return ints.astype(np.float64), None
    except (ValueError, OverflowError):
        pass
    exact = np.empty(count, dtype=object)
    for k, s in enumerate(toks):
        exact[k] = _fraction(s, lambda: t.error(f"found {shown(s)}", _token_pos(t.text, pos, k),
                                                expected=f"a number (at most {MAX_NUMBER_CHARS} characters, exponent within ±{_MAX_EXPONENT})"))
    return np.array([float(v) for v in exact]), exact


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    f = float(v)
    if f == int(f) and abs(f) < 2**53:
        return str(int(f))
    return repr(f)


def nfg_text(game: NormalFormGame) -> str:
    """The ``.nfg`` text of a game (outcome form if it was read so, else payoff form with labels)."""
    n = game.n_players
    lines = [f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
             "{ " + " ".join("{ " + " ".join(_quote(s) for s in ss) + " }" for ss in game.strategies) + " }",
             _quote(game.comment), ""]
    if game.outcomes is not None and game.outcome_index is not None:
        lines.append("{")
        for lab, pays in game.outcomes:
            lines.append(f"{{ {_quote(lab)} {', '.join(_num(p) for p in pays)} }}")
        lines.append("}")
        flat = np.asarray(game.outcome_index).ravel(order="F")
        lines.append(" ".join(map(str, flat.tolist())))
        return "\n".join(lines) + "\n"
    pay = game.payoffs
    cols = np.stack([pay[i].ravel(order="F") for i in range(n)], axis=1)  # (ncont, n)
    if game.integral:
        # format each distinct value once, then gather (files are dominated by repeated small integers)
        uniq, inv = np.unique(cols.astype(np.int64), return_inverse=True)
        table = np.array([str(v) for v in uniq.tolist()], dtype=object)
    else:
        ex = game.exact_payoffs
        excols = np.stack([ex[i].ravel(order="F") for i in range(n)], axis=1)
        uniq_vals = sorted(set(excols.ravel().tolist()))
        index = {v: k for k, v in enumerate(uniq_vals)}
        inv = np.array([index[v] for v in excols.ravel().tolist()], dtype=np.int64)
        table = np.array([_num(v) for v in uniq_vals], dtype=object)
    # one contingency per line: the last payoff of each contingency carries the newline
    ended = np.concatenate([table, np.array([t + "\n" for t in table.tolist()], dtype=object)])
    idx = inv.reshape(cols.shape).copy()
    idx[:, -1] += len(table)
    body = " ".join(ended[idx.ravel()].tolist())
    lines.append(body)
    return "\n".join(lines)


def write_nfg(game: NormalFormGame, path: str | Path) -> None:
    """Write ``game`` to ``path`` in Gambit ``.nfg`` format (atomically)."""
    write_atomic(Path(path), nfg_text(game))


# ============================================================================ EFG
def read_efg(source: str | Path) -> ExtensiveFormGame:
    """Read a Gambit ``.efg`` file (version 2)."""
    text, name = _read_text(source)
    return read_efg_string(text, file=name)


def read_efg_string(text: str, file: str | None = None) -> ExtensiveFormGame:
    """Parse the text of an ``.efg`` file (see :func:`read_efg`)."""
    return _named(_parse_efg, text, file)


def _parse_efg(text: str, file: str | None) -> ExtensiveFormGame:
    t = _Tokens(text, file)
    title, players = _header(t, "EFG", "2", "an extensive game file starting with 'EFG'")
    n = len(players)
    comment = ""
    if t.peek()[0] == "str":
        comment = t.next()[1]

    nodes: list[dict[str, Any]] = []
    infosets: list[dict[str, Any]] = []
    infoset_key: dict[tuple[int, int], int] = {}
    outcomes: list[Outcome | None] = []

    def read_outcome() -> int:
        tok = t.expect("word", "an outcome number")
        if len(tok[1]) > 18 or not re.fullmatch(r"[+-]?\d+", tok[1]):
            raise t.error(f"found {shown(tok[1])}", tok[2], expected="an outcome number")
        num = int(tok[1])
        if num < 0:
            raise t.error(f"outcome number {num}", tok[2], expected="a non-negative integer")
        if num > MAX_GAME_NODES:  # outcomes are numbered 1, 2, ...; a list is allocated up to num
            raise t.error(f"outcome number {num:,}", tok[2],
                          expected=f"at most {MAX_GAME_NODES:,} (one outcome per node at most; docs/limits.md)")
        described = t.peek()[0] == "str"
        if described:
            lab = t.next()[1]
            t.expect("{", "'{' opening the outcome's payoffs")
            pays = []
            for _ in range(n):
                t.skip_commas()
                pays.append(t.number("a payoff number"))
            t.skip_commas()
            t.expect("}", f"'}}' closing the {n} payoffs of an outcome")
        if num == 0:
            return -1
        while len(outcomes) < num:
            outcomes.append(None)
        if described:
            out = Outcome(lab, tuple(pays))
            prev = outcomes[num - 1]
            if prev is not None and prev.payoffs != out.payoffs:
                raise t.error(f"outcome {num} repeated with different payoffs", tok[2],
                              expected="the same payoffs as its first description")
            if prev is None:
                outcomes[num - 1] = out
        elif outcomes[num - 1] is None:
            raise t.error(f"outcome {num} used before it is described", tok[2],
                          expected="a label and payoffs at its first use")
        return num - 1

    def read_infoset(player: int, chance: bool, pos: int) -> int:
        num = t.integer("an information set number")
        key = (player, num)
        lab = None
        actions: list[str] | None = None
        probs: list[Fraction] | None = None
        if t.peek()[0] == "str":
            lab = t.next()[1]
        if t.peek()[0] == "{":
            t.next()
            actions, probs = [], []
            while t.peek()[0] == "str":
                actions.append(t.next()[1])
                if chance:
                    t.skip_commas()
                    probs.append(t.number("a chance probability"))
                    t.skip_commas()
            t.expect("}", "'}' closing the list of actions")
            if not actions:
                raise t.error("an information set without actions", pos, expected="at least one action")
        if key in infoset_key:
            k = infoset_key[key]
            info = infosets[k]
            if actions is not None and len(actions) != len(info["actions"]):
                raise t.error(f"information set {num} repeated with {len(actions)} actions, first had "
                              f"{len(info['actions'])}", pos, expected="the same actions")
            if chance and probs is not None and probs != info["probs"]:
                raise t.error(f"chance information set {num} repeated with different probabilities", pos,
                              expected="the same probabilities")
            return k
        if actions is None:
            raise t.error(f"information set {num} used before its actions are listed", pos,
                          expected="'{' with the actions at its first use")
        if chance:
            if any(p < 0 for p in probs or []):
                raise t.error("negative chance probability", pos, expected="probabilities >= 0")
            if sum(probs or []) != 1:
                raise t.error(f"chance probabilities sum to {sum(probs or [])}", pos, expected="a sum of exactly 1")
        infoset_key[key] = len(infosets)
        infosets.append({"player": player, "number": num, "label": lab or "", "actions": tuple(actions),
                         "probs": tuple(probs or []) if chance else None, "members": []})
        return len(infosets) - 1

    # prefix-order node list, children count from the infoset's actions
    stack: list[list[int]] = []  # [node index, children still expected]
    depth: list[int] = []  # of each node, for the depth bound
    while True:
        tok = t.peek()
        if tok[0] == "eof":
            break
        kind_tok = t.expect("word", "a node ('c', 'p' or 't')")
        kind = kind_tok[1]
        if kind not in ("c", "p", "t"):
            raise t.error(f"found {shown(kind)}", kind_tok[2], expected="a node type 'c', 'p' or 't'")
        if nodes and not stack:
            raise t.error("a node after the tree is complete", kind_tok[2], expected="end of file")
        label = t.string("node label")
        parent = stack[-1][0] if stack else -1
        action = (len(nodes[parent]["children"])) if parent >= 0 else -1
        if kind == "t":
            out = read_outcome()
            node: dict[str, Any] = {"kind": "t", "label": label, "infoset": -1, "outcome": out, "children": [],
                    "parent": parent, "action": action}
        else:
            if kind == "p":
                pl = t.integer("a player number")
                if not 1 <= pl <= n:
                    raise t.error(f"player {pl}", kind_tok[2], expected=f"a player number 1..{n}")
                h = read_infoset(pl - 1, False, kind_tok[2])
            else:
                h = read_infoset(-1, True, kind_tok[2])
            out = read_outcome()
            node = {"kind": kind, "label": label, "infoset": h, "outcome": out, "children": [],
                    "parent": parent, "action": action}
        k = len(nodes)
        if k >= MAX_GAME_NODES:
            raise t.error(f"more than {MAX_GAME_NODES:,} nodes", kind_tok[2],
                          expected=f"at most {MAX_GAME_NODES:,} nodes (docs/limits.md)")
        depth.append(depth[parent] + 1 if parent >= 0 else 0)
        if depth[-1] > MAX_GAME_DEPTH:
            raise t.error(f"the tree is deeper than {MAX_GAME_DEPTH} levels", kind_tok[2],
                          expected=f"at most {MAX_GAME_DEPTH} levels (docs/limits.md)")
        nodes.append(node)
        if parent >= 0:
            nodes[parent]["children"].append(k)
            stack[-1][1] -= 1
            if stack[-1][1] == 0:
                stack.pop()
        if kind != "t":
            infosets[node["infoset"]]["members"].append(k)
            stack.append([k, len(infosets[node["infoset"]]["actions"])])
        # pop completed ancestors
        while stack and stack[-1][1] == 0:
            stack.pop()
    if not nodes:
        raise t.error("the game has no nodes", expected="a tree of 'c', 'p' and 't' records")
    if stack:
        raise t.error("the file ends before the tree is complete", len(text.rstrip()),
                      expected=f"{stack[-1][1]} more child node(s)")
    for k, o in enumerate(outcomes):
        if o is None:
            outcomes[k] = Outcome(f"_{k + 1}", tuple(Fraction(0) for _ in range(n)))
    return ExtensiveFormGame(
        players=tuple(players),
        nodes=tuple(Node(kind=d["kind"], label=d["label"], infoset=d["infoset"], outcome=d["outcome"],
                         children=tuple(d["children"]), parent=d["parent"], action_from_parent=d["action"])
                    for d in nodes),
        infosets=tuple(Infoset(player=h["player"], number=h["number"], label=h["label"], actions=h["actions"],
                               probs=h["probs"], members=tuple(h["members"])) for h in infosets),
        outcomes=tuple(outcomes),  # type: ignore[arg-type]
        title=title, comment=comment)


def efg_text(game: ExtensiveFormGame) -> str:
    """The ``.efg`` (version 2) text of a game; labels, numbers and outcomes are kept."""
    lines = [f"EFG 2 R {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}",
             _quote(game.comment), ""]
    seen_h: set[int] = set()
    seen_o: set[int] = set()

    def outcome(o: int) -> str:
        if o < 0:
            return "0"
        if o in seen_o:
            return str(o + 1)
        seen_o.add(o)
        oc = game.outcomes[o]
        if game.outcome_values is not None:
            pays = [_num(v) for v in game.outcome_values[o]]
        else:
            pays = [_num(v) for v in oc.payoffs]
        return f"{o + 1} {_quote(oc.label)} {{ {', '.join(pays)} }}"

    for nd in game.nodes:
        if nd.kind == "t":
            lines.append(f"t {_quote(nd.label)} {outcome(nd.outcome)}")
            continue
        h = game.infosets[nd.infoset]
        desc = ""
        if nd.infoset not in seen_h:
            seen_h.add(nd.infoset)
            if h.player < 0:
                acts = " ".join(f"{_quote(a)} {_num(p)}" for a, p in zip(h.actions, h.probs or ()))
            else:
                acts = " ".join(_quote(a) for a in h.actions)
            desc = f" {_quote(h.label)} {{ {acts} }}"
        if h.player < 0:
            lines.append(f"c {_quote(nd.label)} {h.number}{desc} {outcome(nd.outcome)}")
        else:
            lines.append(f"p {_quote(nd.label)} {h.player + 1} {h.number}{desc} {outcome(nd.outcome)}")
    return "\n".join(lines) + "\n"


def write_efg(game: ExtensiveFormGame, path: str | Path) -> None:
    """Write ``game`` to ``path`` in Gambit ``.efg`` format (atomically)."""
    write_atomic(Path(path), efg_text(game))


def read_game(source: str | Path) -> NormalFormGame | ExtensiveFormGame:
    """Read an ``.nfg`` or ``.efg`` file, deciding by its header."""
    text, name = _read_text(source)
    head = text.lstrip()[:3]
    if head == "NFG":
        return read_nfg_string(text, file=name)
    if head == "EFG":
        return read_efg_string(text, file=name)
    raise GameFileError("not a Gambit game file", location=Location(file=name, line=1),
                        expected="a file starting with 'NFG' or 'EFG'")
