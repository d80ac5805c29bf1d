"""Tiny exact polynomials over scenario parameters, to write game values in the scenario's terms.

A game payoff in a scenario may be an arithmetic expression over parameters
(``3 - 2*p_ret``). To explain a decision ("Belarus hedges: 4 > 3 − 2·p_ret >
2") the report needs the expected value of each alternative *as an
expression*: sums and products of payoffs and chance probabilities. This
module parses such expressions with :mod:`ast` (no ``eval``: only numbers,
names, ``+ - * /`` by a constant, ``**`` by a small integer, parentheses),
keeps them as polynomials with rational coefficients, prints them in the
article's typography and solves ``a(p) = b(p)`` for one parameter.

>>> v = Poly.parse("p_ret*1 + (1 - p_ret)*3")
>>> str(v)
'3 − 2·p_ret'
>>> v.evaluate({"p_ret": 0.25})
2.5
>>> (Poly.parse("4") - v).roots("p_ret", {})
[-0.5]
"""

from __future__ import annotations

import ast
import math
from fractions import Fraction
from typing import Any, Mapping

from ..errors import InputError

__all__ = ["Poly"]

MAX_LENGTH = 500
MAX_DEGREE = 8
_MINUS = "\u2212"

Monomial = tuple[tuple[str, int], ...]


def _mono_mul(a: Monomial, b: Monomial) -> Monomial:
    d = dict(a)
    for k, v in b:
        d[k] = d.get(k, 0) + v
    return tuple(sorted(d.items()))


class Poly:
    """A polynomial with Fraction coefficients over named parameters (immutable)."""

    __slots__ = ("terms",)
    terms: dict[Monomial, Fraction]  # set once in __init__ (slot, not a class attribute)

    def __init__(self, terms: Mapping[Monomial, Fraction] | None = None):
        clean = {m: Fraction(c) for m, c in (terms or {}).items() if c != 0}
        object.__setattr__(self, "terms", clean)

    def __setattr__(self, *_: Any) -> None:
        raise AttributeError("Poly is immutable")

    # -- construction ------------------------------------------------------
    @classmethod
    def const(cls, c: Any) -> "Poly":
        return cls({(): _frac(c)})

    @classmethod
    def var(cls, name: str) -> "Poly":
        return cls({((name, 1),): Fraction(1)})

    @classmethod
    def parse(cls, text: Any) -> "Poly":
        """Parse a number or an expression string (raises InputError if not a polynomial)."""
        if isinstance(text, Poly):
            return text
        if isinstance(text, (int, float, Fraction)) and not isinstance(text, bool):
            return cls.const(text)
        s = str(text)
        if len(s) > MAX_LENGTH:
            raise InputError(f"expression longer than {MAX_LENGTH} characters")
        try:
            tree = ast.parse(s.replace("\u2212", "-").replace("·", "*"), mode="eval")
        except SyntaxError as exc:
            raise InputError(f"cannot read expression {s!r}: {exc.msg}") from None
        return cls._from(tree.body, s)

    @classmethod
    def _from(cls, node: ast.AST, src: str) -> "Poly":
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return cls.const(node.value)
        if isinstance(node, ast.Name):
            return cls.var(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = cls._from(node.operand, src)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            a, b = cls._from(node.left, src), cls._from(node.right, src)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div) and b.is_constant and b.constant != 0:
                return a * Poly.const(1 / b.constant)
            if isinstance(node.op, ast.Pow) and b.is_constant and b.constant.denominator == 1 \
                    and 0 <= b.constant <= MAX_DEGREE:
                out = Poly.const(1)
                for _ in range(int(b.constant)):
                    out = out * a
                return out
        raise InputError(f"expression {src!r} is not a polynomial in the parameters")

    # -- algebra -------------------------------------------------------------
    def __add__(self, other: Any) -> "Poly":
        o = Poly.parse(other)
        t = dict(self.terms)
        for m, c in o.terms.items():
            t[m] = t.get(m, 0) + c
        return Poly(t)

    __radd__ = __add__

    def __neg__(self) -> "Poly":
        return Poly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: Any) -> "Poly":
        return self + (-Poly.parse(other))

    def __rsub__(self, other: Any) -> "Poly":
        return Poly.parse(other) - self

    def __mul__(self, other: Any) -> "Poly":
        o = Poly.parse(other)
        t: dict[Monomial, Fraction] = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in o.terms.items():
                m = _mono_mul(m1, m2)
                t[m] = t.get(m, 0) + c1 * c2
        return Poly(t)

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        try:
            return (self - Poly.parse(other)).terms == {}
        except InputError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.terms.items())))

    @property
    def is_constant(self) -> bool:
        return all(m == () for m in self.terms)

    @property
    def constant(self) -> Fraction:
        return self.terms.get((), Fraction(0))

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(sorted({k for m in self.terms for k, _ in m}))

    def evaluate(self, values: Mapping[str, float]) -> float:
        total = 0.0
        for m, c in self.terms.items():
            term = float(c)
            for k, p in m:
                if k not in values:
                    raise InputError(f"no value for parameter {k!r}")
                term *= float(values[k]) ** p
            total += term
        return total

    def substitute(self, values: Mapping[str, float], keep: str) -> list[float]:
        """Coefficients (lowest degree first) of the polynomial in ``keep`` with the others substituted."""
        coef: dict[int, float] = {}
        for m, c in self.terms.items():
            term, deg = float(c), 0
            for k, p in m:
                if k == keep:
                    deg = p
                else:
                    if k not in values:
                        raise InputError(f"no value for parameter {k!r}")
                    term *= float(values[k]) ** p
            coef[deg] = coef.get(deg, 0.0) + term
        top = max(coef) if coef else 0
        return [coef.get(d, 0.0) for d in range(top + 1)]

    def roots(self, name: str, values: Mapping[str, float]) -> list[float]:
        """Real roots of this polynomial in ``name``, the other parameters at ``values``, sorted."""
        c = self.substitute(values, name)
        while len(c) > 1 and abs(c[-1]) < 1e-15:
            c.pop()
        if len(c) <= 1:
            return []
        if len(c) == 2:
            return [-c[0] / c[1]]
        import numpy as np

        r = np.roots(c[::-1])
        return sorted(float(x.real) for x in r if abs(x.imag) < 1e-12)

    # -- printing ------------------------------------------------------------
    def __str__(self) -> str:
        if not self.terms:
            return "0"
        items = sorted(self.terms.items(), key=lambda kv: (sum(p for _, p in kv[0]), kv[0]))
        out = ""
        for k, (m, c) in enumerate(items):
            neg = c < 0
            a = -c if neg else c
            coef = _fmt_frac(a)
            body = "·".join(v if p == 1 else f"{v}^{p}" for v, p in m)
            if not m:
                piece = coef
            elif a == 1:
                piece = body
            else:
                piece = f"{coef}·{body}"
            if k == 0:
                out = (_MINUS if neg else "") + piece
            else:
                out += f" {_MINUS if neg else '+'} {piece}"
        return out

    def __repr__(self) -> str:
        return f"Poly({str(self)!r})"


def _frac(c: Any) -> Fraction:
    if isinstance(c, Fraction):
        return c
    if isinstance(c, float):
        if not math.isfinite(c):
            raise InputError(f"not a finite number: {c}")
        return Fraction(c).limit_denominator(10**9)
    return Fraction(c)


def _fmt_frac(f: Fraction) -> str:
    if f.denominator == 1:
        return str(f.numerator)
    if f.denominator <= 12:
        return f"{f.numerator}/{f.denominator}"
    s = f"{float(f):.4g}"
    return s
