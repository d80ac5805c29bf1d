"""A small, safe arithmetic evaluator for payoffs written over scenario parameters.

Grammar: numbers, parameter names, ``+ - * / **`` (``^`` is accepted for ``**``),
unary ``+``/``-`` and parentheses. Nothing else: no function calls, no
attribute or item access, no names other than the declared parameters, at most
:data:`MAX_LENGTH` characters and :data:`MAX_NODES` operations. The text is
parsed by Python's ``ast`` parser (no ``eval``) and compiled to a tree of
closures that works on floats, Fractions or NumPy arrays alike — so a payoff
can be evaluated for a whole vector of Monte Carlo samples in one call.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, cast

import numpy as np

from ..errors import InputError

__all__ = ["Expression", "parse_expression", "MAX_LENGTH", "MAX_NODES"]

MAX_LENGTH = 200
MAX_NODES = 100

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


@dataclass(frozen=True)
class Expression:
    """A parsed payoff expression.

    Examples
    --------
    >>> e = parse_expression("3 - 2*p_ret", {"p_ret"})
    >>> e.names
    frozenset({'p_ret'})
    >>> e.evaluate({"p_ret": 0.5})
    2.0
    >>> e.evaluate({"p_ret": np.array([0.0, 1.0])})
    array([3., 1.])
    """

    text: str
    names: frozenset[str]
    _fn: Callable[[Mapping[str, Any]], Any] = field(repr=False, compare=False)
    constant: Fraction | None = None

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Value for ``values`` (name -> float, Fraction or array); arrays broadcast."""
        missing = self.names - set(values)
        if missing:
            raise InputError(f"expression {self.text!r} needs parameter(s) {sorted(missing)}")
        try:
            with np.errstate(all="ignore"):
                return self._fn(values)
        except ZeroDivisionError:
            raise InputError(f"expression {self.text!r} divides by zero") from None
        except OverflowError:
            raise InputError(f"expression {self.text!r} overflows") from None


def parse_expression(text: str | int | float, allowed: set[str] | frozenset[str]) -> Expression:
    """Parse ``text`` allowing only the names in ``allowed``; raise InputError otherwise."""
    if isinstance(text, bool):
        raise InputError("a payoff must be a number or an expression, not true/false")
    if isinstance(text, (int, float)):
        val = Fraction(text) if isinstance(text, int) else Fraction(str(text))
        # the cast: mypy cannot infer a lambda whose extra argument only binds a default
        return Expression(str(text), frozenset(), cast(Callable[[Mapping[str, Any]], Any], lambda v, c=val: c),
                          constant=val)
    if not isinstance(text, str):
        raise InputError(f"a payoff must be a number or an expression, got {type(text).__name__}")
    src = text.strip()
    if not src:
        raise InputError("empty expression", expected="a number or an arithmetic expression")
    if len(src) > MAX_LENGTH:
        raise InputError(f"expression is {len(src)} characters long", expected=f"at most {MAX_LENGTH}")
    try:
        tree = ast.parse(src.replace("^", "**"), mode="eval")
    except SyntaxError as exc:
        raise InputError(f"cannot parse expression {src!r}: {exc.msg} at column {exc.offset}",
                         expected="numbers, parameter names, + - * / ** and parentheses") from None
    count = [0]
    names: set[str] = set()

    def build(node: ast.AST) -> Callable[[Mapping[str, Any]], Any]:
        count[0] += 1
        if count[0] > MAX_NODES:
            raise InputError(f"expression {src!r} is too complex", expected=f"at most {MAX_NODES} operations")
        if isinstance(node, ast.Expression):
            return build(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            c = Fraction(node.value) if isinstance(node.value, int) else Fraction(repr(node.value))
            return lambda v: c
        if isinstance(node, ast.Name):
            if node.id not in allowed:
                raise InputError(f"unknown name {node.id!r} in expression {src!r}",
                                 expected=f"one of the scenario parameters {sorted(allowed)}")
            names.add(node.id)
            key = node.id
            return lambda v: v[key]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = build(node.operand)
            if isinstance(node.op, ast.USub):
                return lambda v: -inner(v)
            return inner
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            op = _BINOPS[type(node.op)]
            left, right = build(node.left), build(node.right)
            if isinstance(node.op, ast.Pow):
                def power(v: Mapping[str, Any]) -> Any:
                    base, ex = left(v), right(v)
                    if isinstance(ex, Fraction) and isinstance(base, Fraction):
                        if ex.denominator != 1 or abs(ex) > 64:
                            return float(base) ** float(ex)
                        return base ** int(ex)
                    return np.power(np.asarray(base, dtype=float), np.asarray(ex, dtype=float))
                return power
            return lambda v: _coerce(op, left(v), right(v))
        raise InputError(f"{type(node).__name__} is not allowed in expression {src!r}",
                         expected="numbers, parameter names, + - * / ** and parentheses")

    fn = build(tree)
    constant = None
    if not names:
        try:
            val = fn({})
            constant = val if isinstance(val, Fraction) else None
        except ZeroDivisionError:
            raise InputError(f"expression {src!r} divides by zero") from None
    return Expression(src, frozenset(names), fn, constant)


def _coerce(op: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    # Fractions stay exact with Fractions; mixed with floats or arrays they become floats
    if isinstance(a, Fraction) and not isinstance(b, Fraction):
        a = float(a)
    elif isinstance(b, Fraction) and not isinstance(a, Fraction):
        b = float(b)
    return op(a, b)
