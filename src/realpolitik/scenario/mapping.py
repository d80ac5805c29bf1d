"""The mapping language: how a forecast question reads the models' outputs.

A question's ``mapping`` is declared in the scenario, before any scoring, in
a small language that is parsed here (a hand-written tokenizer and recursive
descent parser: no ``eval``, bounded length and nesting) and checked against
the scenario's outputs when the scenario is loaded. Four forms:

``P(CONDITION)``
    binary questions: the share of Monte Carlo samples where the condition
    holds, e.g. ``P(game.escalation.belarus has E)`` or
    ``P(bargaining.involvement.compromise >= 40)``.
``bands(OUTPUT; C1, C2, ...)``
    multiple-choice questions over a numeric output: the cut points split
    the output's range into ``len(options)`` bands, in option order:
    ``[-inf, C1)``, ``[C1, C2)``, ..., ``[Ck, +inf]``.
``cases(CONDITION; CONDITION; ...)``
    multiple-choice questions: one condition per option, in option order;
    every sample must satisfy exactly one.
``distribution(OUTPUT)``
    numeric questions: the sample distribution of a numeric output.

A CONDITION compares outputs: ``OUTPUT OP VALUE`` with ``OP`` one of
``= != < <= > >=`` (order comparisons on numeric outputs only), ``OUTPUT has
ACTION`` (a discrete game output lists that action), ``game.G.path has
PLAYER = ACTION`` (the equilibrium path has that player choosing that action;
the same as ``game.G.PLAYER has ACTION``), combined with ``and``, ``or``,
``not`` and parentheses. Values are numbers, bare words (action labels) or
quoted strings.

Examples
--------
>>> m = parse_mapping("P(game.escalation.path has belarus = E)")
>>> m.kind, m.outputs()
('P', ('game.escalation.belarus',))
>>> import numpy as np
>>> m2 = parse_mapping("P(bargaining.involvement.compromise >= 40 and not x = 1)")
>>> m2.condition.evaluate({"bargaining.involvement.compromise": np.array([30., 45., 50.]),
...                        "x": np.array([0., 0., 1.])}).tolist()
[False, True, False]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from ..errors import InputError

TYPE_CHECKING = False  # NumPy loads on first use: `realpolitik validate` never needs it
if TYPE_CHECKING:
    import numpy as np

__all__ = ["MAX_MAPPING_CHARS", "MAX_DEPTH", "MappingSyntaxError", "Mapping_", "Condition", "parse_mapping",
           "output_kinds", "check_mapping", "has_action"]

#: Longest mapping text accepted.
MAX_MAPPING_CHARS = 2_000
#: Deepest nesting of parentheses / ``not`` accepted.
MAX_DEPTH = 32

BARGAINING_MODELS = ("eu", "compromise", "median", "mean", "nbs")


class MappingSyntaxError(InputError):
    """A mapping that does not parse; ``mapping_column`` is 1-based within the mapping text."""

    def __init__(self, message: str, *, column: int | None = None, expected: str | None = None):
        self.mapping_column = column
        where = f" at column {column}" if column is not None else ""
        super().__init__(f"mapping{where}: {message}", expected=expected)


_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![A-Za-z_]))
  | (?P<op><=|>=|!=|==|=|<|>)
  | (?P<punct>[();,])
  | (?P<str>"[^"\n]*"|'[^'\n]*')
  | (?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-:]*)
""", re.VERBOSE)

_KEYWORDS = {"and", "or", "not", "has"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    col: int


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise MappingSyntaxError(f"unexpected character {text[pos]!r}", column=pos + 1,
                                     expected="names, numbers, quoted words, ( ) ; , and = != < <= > >=")
        kind = m.lastgroup or ""
        if kind != "ws":
            tok = m.group()
            if kind == "str":
                tok = tok[1:-1]
            elif kind == "op" and tok == "==":
                tok = "="
            elif kind == "name" and tok.lower() in _KEYWORDS:
                kind, tok = "kw", tok.lower()
            out.append(_Tok(kind, tok, pos + 1))
        pos = m.end()
    out.append(_Tok("end", "", len(text) + 1))
    return out


# -- the syntax tree ------------------------------------------------------------------------------
class Condition:
    """A per-sample truth value over the outputs."""

    def evaluate(self, outputs: Mapping[str, np.ndarray]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def atoms(self) -> Iterator["_Atom"]:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True)
class _Atom(Condition):
    output: str
    op: str          # "=", "!=", "<", "<=", ">", ">=", "has"
    value: str       # as written
    number: float | None
    col: int

    def atoms(self) -> Iterator["_Atom"]:
        yield self

    def evaluate(self, outputs: Mapping[str, np.ndarray]) -> np.ndarray:
        import numpy as np

        col = np.asarray(_column(outputs, self.output))
        if self.op == "has":
            return np.array([has_action(str(v), self.value) for v in col], dtype=bool)
        if col.dtype.kind in "fiub":
            if self.number is None:
                return np.zeros(col.shape, dtype=bool) if self.op == "=" else np.ones(col.shape, dtype=bool)
            x = col.astype(float)
            return {"=": x == self.number, "!=": x != self.number, "<": x < self.number,
                    "<=": x <= self.number, ">": x > self.number, ">=": x >= self.number}[self.op]
        s = col.astype(str)
        if self.op == "=":
            return s == self.value
        if self.op == "!=":
            return s != self.value
        raise InputError(f"mapping: {self.output} is not numeric, so {self.op!r} cannot compare it",
                         expected="= or != or has")

    def __str__(self) -> str:
        return f"{self.output} {self.op} {self.value}"


@dataclass(frozen=True)
class _Not(Condition):
    item: Condition

    def atoms(self) -> Iterator[_Atom]:
        yield from self.item.atoms()

    def evaluate(self, outputs: Mapping[str, np.ndarray]) -> np.ndarray:
        return ~self.item.evaluate(outputs)


@dataclass(frozen=True)
class _Junction(Condition):
    op: str  # "and" | "or"
    items: tuple[Condition, ...]

    def atoms(self) -> Iterator[_Atom]:
        for it in self.items:
            yield from it.atoms()

    def evaluate(self, outputs: Mapping[str, np.ndarray]) -> np.ndarray:
        vals = [it.evaluate(outputs) for it in self.items]
        out = vals[0].copy()
        for v in vals[1:]:
            out = (out & v) if self.op == "and" else (out | v)
        return out


def has_action(value: str, action: str) -> bool:
    """Whether a discrete game output (``"DL H S UK"``, ``"E:0.5/H:0.5"``) lists ``action``."""
    for tok in value.split():
        for part in tok.split("/"):
            name = part.rsplit(":", 1)[0] if re.search(r":[0-9.eE+-]+$", part) else part
            if name == action or name.endswith(":" + action):
                return True
    return False


def _column(outputs: Mapping[str, np.ndarray], name: str) -> np.ndarray:
    if name not in outputs:
        raise InputError(f"mapping reads output {name!r}, which the run did not produce",
                         expected="one of " + ", ".join(sorted(outputs)))
    return outputs[name]


@dataclass(frozen=True)
class Mapping_:
    """A parsed mapping (see the module docstring).

    Attributes
    ----------
    kind : {"P", "bands", "cases", "distribution"}
    text : str
        The mapping as written.
    condition : Condition or None
        For ``P``.
    output : str or None
        For ``bands`` and ``distribution``.
    cuts : tuple of float
        For ``bands``.
    cases : tuple of Condition
        For ``cases``.
    """

    kind: str
    text: str
    condition: Condition | None = None
    output: str | None = None
    cuts: tuple[float, ...] = ()
    cases: tuple[Condition, ...] = ()

    def atoms(self) -> list[_Atom]:
        conds = [self.condition] if self.condition is not None else list(self.cases)
        return [a for c in conds for a in c.atoms()]

    def outputs(self) -> tuple[str, ...]:
        """Every output the mapping reads, in order of appearance."""
        names = [a.output for a in self.atoms()]
        if self.output is not None:
            names.insert(0, self.output)
        return tuple(dict.fromkeys(names))

    @property
    def n_options(self) -> int | None:
        """How many options the mapping yields (None for ``P`` and ``distribution``)."""
        if self.kind == "bands":
            return len(self.cuts) + 1
        if self.kind == "cases":
            return len(self.cases)
        return None

    def option_index(self, outputs: Mapping[str, np.ndarray]) -> np.ndarray:
        """Per sample, the index of the option it falls in (``bands``/``cases``)."""
        import numpy as np

        if self.kind == "bands":
            x = np.asarray(_column(outputs, str(self.output)), dtype=float)
            return np.searchsorted(np.asarray(self.cuts), x, side="right")
        if self.kind == "cases":
            hits = np.stack([c.evaluate(outputs) for c in self.cases])
            bad = int(np.count_nonzero(hits.sum(axis=0) != 1))
            if bad:
                raise InputError(f"mapping {self.text!r}: {bad} samples satisfy no case or several cases",
                                 expected="cases that are exclusive and cover every sample")
            return np.argmax(hits, axis=0)
        raise InputError(f"a {self.kind} mapping has no options")


# -- the parser -------------------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str, what: str | None = None) -> _Tok:
        t = self.tok
        if t.text != text or t.kind not in ("punct", "op"):
            raise MappingSyntaxError(f"expected {what or repr(text)}, found {_show(t)}", column=t.col,
                                     expected=what or repr(text))
        return self.take()

    def name(self, what: str) -> _Tok:
        t = self.tok
        if t.kind != "name":
            raise MappingSyntaxError(f"expected {what}, found {_show(t)}", column=t.col, expected=what)
        return self.take()

    def number(self) -> float:
        t = self.tok
        if t.kind != "num":
            raise MappingSyntaxError(f"expected a number, found {_show(t)}", column=t.col, expected="a number")
        self.take()
        return float(t.text)

    def mapping(self) -> Mapping_:
        head = self.tok
        if head.kind != "name" or head.text not in ("P", "bands", "cases", "distribution"):
            raise MappingSyntaxError(f"a mapping starts with P(, bands(, cases( or distribution(, found {_show(head)}",
                                     column=head.col, expected="P(...), bands(...), cases(...) or distribution(...)")
        self.take()
        self.expect("(", "'(' after " + head.text)
        if head.text == "P":
            m = Mapping_(kind="P", text=self.text, condition=self.condition())
        elif head.text == "distribution":
            m = Mapping_(kind="distribution", text=self.text, output=self.name("an output name").text)
        elif head.text == "bands":
            out = self.name("an output name").text
            self.expect(";", "';' between the output and the cut points")
            cuts = [self.number()]
            while self.tok.text == ",":
                self.take()
                cuts.append(self.number())
            if any(b <= a for a, b in zip(cuts, cuts[1:])):
                raise MappingSyntaxError(f"cut points {cuts} are not strictly increasing", column=head.col,
                                         expected="increasing cut points")
            m = Mapping_(kind="bands", text=self.text, output=out, cuts=tuple(cuts))
        else:
            cases = [self.condition()]
            while self.tok.text == ";":
                self.take()
                cases.append(self.condition())
            if len(cases) < 2:
                raise MappingSyntaxError("cases(...) needs one condition per option (at least two)",
                                         column=head.col, expected="cond; cond; ...")
            m = Mapping_(kind="cases", text=self.text, cases=tuple(cases))
        self.expect(")", "')' closing " + head.text + "(")
        if self.tok.kind != "end":
            raise MappingSyntaxError(f"unexpected {_show(self.tok)} after the mapping", column=self.tok.col,
                                     expected="the end of the mapping")
        return m

    def condition(self) -> Condition:
        return self.junction("or", lambda: self.junction("and", self.negation))

    def junction(self, op: str, sub: Any) -> Condition:
        items = [sub()]
        while self.tok.kind == "kw" and self.tok.text == op:
            self.take()
            items.append(sub())
        return items[0] if len(items) == 1 else _Junction(op, tuple(items))

    def negation(self) -> Condition:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MappingSyntaxError(f"nested deeper than {MAX_DEPTH} levels", column=self.tok.col)
        try:
            if self.tok.kind == "kw" and self.tok.text == "not":
                self.take()
                return _Not(self.negation())
            if self.tok.text == "(" and self.tok.kind == "punct":
                self.take()
                c = self.condition()
                self.expect(")", "')'")
                return c
            return self.atom()
        finally:
            self.depth -= 1

    def atom(self) -> Condition:
        out = self.name("an output name (e.g. game.escalation.belarus or bargaining.involvement.eu)")
        t = self.tok
        if t.kind == "kw" and t.text == "has":
            self.take()
            what = self.value()
            if self.tok.kind == "op" and self.tok.text == "=":
                # "game.G.path has PLAYER = ACTION" reads the player's own output
                self.take()
                action = self.value()
                if not out.text.endswith(".path"):
                    raise MappingSyntaxError(f"'has PLAYER = ACTION' applies to a game's path, not {out.text}",
                                             column=out.col, expected="game.<game>.path has PLAYER = ACTION")
                player_out = out.text[: -len(".path")] + "." + what.text
                return _Atom(player_out, "has", action.text, None, what.col)
            return _Atom(out.text, "has", what.text, None, what.col)
        if t.kind != "op":
            raise MappingSyntaxError(f"expected a comparison after {out.text}, found {_show(t)}", column=t.col,
                                     expected="= != < <= > >= or has")
        self.take()
        v = self.value()
        num = float(v.text) if v.kind == "num" else None
        if t.text in ("<", "<=", ">", ">=") and num is None:
            raise MappingSyntaxError(f"{t.text!r} needs a number, found {_show(v)}", column=v.col,
                                     expected="a number")
        return _Atom(out.text, t.text, v.text, num, v.col)

    def value(self) -> _Tok:
        t = self.tok
        if t.kind not in ("num", "name", "str"):
            raise MappingSyntaxError(f"expected a value, found {_show(t)}", column=t.col,
                                     expected="a number, an action label or a quoted string")
        return self.take()


def _show(t: _Tok) -> str:
    return "the end of the mapping" if t.kind == "end" else repr(t.text)


def parse_mapping(text: str) -> Mapping_:
    """Parse a mapping (no scenario check: see :func:`check_mapping`).

    Raises
    ------
    MappingSyntaxError
        With the column of the problem.
    """
    if not isinstance(text, str) or not text.strip():
        raise MappingSyntaxError("empty mapping", expected="P(...), bands(...), cases(...) or distribution(...)")
    if len(text) > MAX_MAPPING_CHARS:
        raise MappingSyntaxError(f"{len(text):,} characters, over the {MAX_MAPPING_CHARS:,}-character limit")
    return _Parser(text.strip()).mapping()


# -- checks against a scenario ----------------------------------------------------------------------
def output_kinds(scenario: Any) -> dict[str, tuple[str, frozenset[str] | None]]:
    """Every output a scenario's models can produce: name -> (``"numeric"``/``"discrete"``, valid values).

    Valid values are the action labels a discrete game output can list
    (``None`` where unknown).
    """
    out: dict[str, tuple[str, frozenset[str] | None]] = {}
    for issue in scenario.issues:
        for model in BARGAINING_MODELS:
            out[f"bargaining.{issue.id}.{model}"] = ("numeric", None)
    for g in scenario.games:
        base = f"game.{g.id}"
        per_player: dict[str, set[str]] = {p: set() for p in g.players}
        if g.form == "normal":
            for p, strategies in g.strategies.items():
                per_player.setdefault(p, set()).update(strategies)
        for nd in g.nodes:
            if nd.player is not None:
                per_player.setdefault(nd.player, set()).update(nd.actions)
        everything = frozenset(a for acts in per_player.values() for a in acts)
        out[f"{base}.path"] = ("discrete", everything)
        out[f"{base}.n_equilibria"] = ("numeric", None)
        for p, acts in per_player.items():
            out[f"{base}.{p}"] = ("discrete", frozenset(acts))
            out[f"{base}.{p}.payoff"] = ("numeric", None)
    return out


def check_mapping(mapping: Mapping_, kinds: Mapping[str, tuple[str, frozenset[str] | None]], *,
                  qtype: str, n_options: int | None = None) -> list[tuple[str, str]]:
    """Problems of a parsed mapping for a question: ``[(message, expected)]``."""
    problems: list[tuple[str, str]] = []
    want = {"binary": ("P",), "multiple_choice": ("bands", "cases"), "numeric": ("distribution",)}[qtype]
    if mapping.kind not in want:
        problems.append((f"a {qtype} question cannot use a {mapping.kind}(...) mapping",
                         " or ".join(f"{k}(...)" for k in want)))
    if mapping.n_options is not None and n_options is not None and mapping.n_options != n_options:
        problems.append((f"the mapping gives {mapping.n_options} options but the question has {n_options}",
                         f"{n_options} options ({n_options - 1} cut points for bands)"))
    names = ", ".join(sorted(kinds)) or "(the scenario has no model outputs)"
    for out in ([mapping.output] if mapping.output else []):
        if out not in kinds:
            problems.append((f"unknown output {out!r}", "one of " + names))
        elif kinds[out][0] != "numeric":
            problems.append((f"{out} is not numeric; {mapping.kind}(...) needs a numeric output",
                             "a bargaining.<issue>.<model> or .payoff output"))
    for a in mapping.atoms():
        if a.output not in kinds:
            problems.append((f"unknown output {a.output!r}", "one of " + names))
            continue
        kind, values = kinds[a.output]
        if kind == "numeric":
            if a.op == "has":
                problems.append((f"{a.output} is numeric; 'has' applies to game actions", "a comparison"))
            elif a.number is None:
                problems.append((f"{a.output} is numeric but is compared with {a.value!r}", "a number"))
        else:
            if a.op in ("<", "<=", ">", ">="):
                problems.append((f"{a.output} lists actions; {a.op!r} cannot compare it", "= != or has"))
            elif values is not None and a.op == "has" and a.value not in values:
                problems.append((f"{a.value!r} is not an action of {a.output}",
                                 "one of " + ", ".join(sorted(values))))
    return problems
