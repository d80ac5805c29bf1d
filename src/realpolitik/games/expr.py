"""A small, safe arithmetic evaluator for payoffs written over scenario parameters.

Grammar: numbers, parameter names, ``+ - * / **`` (``^`` is accepted for ``**``),
unary ``+``/``-`` and parentheses. Nothing else: no function calls, no
attribute or item access, no names other than the declared parameters, at most
:data:`MAX_LENGTH` characters and :data:`MAX_NODES` operations.

The work is bounded (docs/limits.md): a literal is at most :data:`MAX_LITERAL`
in magnitude, an exponent at most :data:`MAX_EXPONENT`, every power and the
result at most :data:`MAX_VALUE`; a complex or non-finite result (``(-8)**0.5``,
``2.0**4096``) is an :class:`~realpolitik.errors.InputError`, never a complex
number, ``inf`` or an ``OverflowError``. Exact arithmetic on Fractions falls
back to floats once numerator or denominator pass :data:`MAX_EXACT_BITS` bits,
so ``9**9**9`` is refused at once instead of computing a 370-million-digit integer. The text is
parsed by Python's ``ast`` parser (no ``eval``) and compiled to a tree of
closures that works on floats, Fractions or NumPy arrays alike — so a payoff
can be evaluated for a whole vector of Monte Carlo samples in one call.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, cast

from ..errors import InputError, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    import numpy as np

__all__ = ["Expression", "parse_expression", "MAX_LENGTH", "MAX_NODES", "MAX_LITERAL", "MAX_EXPONENT",
           "MAX_VALUE", "MAX_EXACT_BITS"]

MAX_LENGTH = 200
MAX_NODES = 100
#: Largest magnitude of a number written in an expression.
MAX_LITERAL = 1e15
#: Largest magnitude of an exponent (``x ** 2000`` is refused whatever x is).
MAX_EXPONENT = 1024
#: Largest magnitude of a power and of the value of an expression.
MAX_VALUE = 1e100
#: Exact (Fraction) results beyond this many bits in numerator or denominator continue as floats.
MAX_EXACT_BITS = 4096

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
    >>> import numpy as np
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
            raise InputError(f"expression {shown(self.text)} needs parameter(s) {sorted(missing)}")
        return _run(self._fn, values, self.text)


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
        raise InputError(f"expression is {len(src):,} characters long", expected=f"at most {MAX_LENGTH}")
    try:
        tree = ast.parse(src.replace("^", "**"), mode="eval")
    except (SyntaxError, ValueError) as exc:  # ValueError: an integer literal over Python's digit limit
        if not isinstance(exc, SyntaxError):
            raise InputError(f"cannot parse expression {shown(src)}: a number is too long",
                             expected=f"numbers within ±{MAX_LITERAL:.0e}") from None
        raise InputError(f"cannot parse expression {shown(src)}: {exc.msg} at column {exc.offset}",
                         expected="numbers, parameter names, + - * / ** and parentheses") from None
    count = [0]
    names: set[str] = set()

    def build(node: ast.AST) -> Callable[[Mapping[str, Any]], Any]:
        count[0] += 1
        if count[0] > MAX_NODES:
            raise InputError(f"expression {shown(src)} is too complex", expected=f"at most {MAX_NODES} operations")
        if isinstance(node, ast.Expression):
            return build(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            if not abs(node.value) <= MAX_LITERAL:  # also inf, the value of 1e400
                raise InputError(f"the number {shown(ast.get_source_segment(src, node) or node.value)} in "
                                 f"expression {shown(src)} is outside ±{MAX_LITERAL:.0e}",
                                 expected=f"numbers within ±{MAX_LITERAL:.0e}")
            c = Fraction(node.value) if isinstance(node.value, int) else Fraction(repr(node.value))
            return lambda v: c
        if isinstance(node, ast.Name):
            if node.id not in allowed:
                raise InputError(f"unknown name {node.id!r} in expression {shown(src)}",
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
                    return _power(left(v), right(v), src)
                return power
            return lambda v: _coerce(op, left(v), right(v))
        raise InputError(f"{type(node).__name__} is not allowed in expression {shown(src)}",
                         expected="numbers, parameter names, + - * / ** and parentheses")

    fn = build(tree)
    constant = None
    if not names:
        val = _run(fn, {}, src)
        constant = val if isinstance(val, Fraction) else None
    return Expression(src, frozenset(names), fn, constant)


def _run(fn: Callable[[Mapping[str, Any]], Any], values: Mapping[str, Any], src: str) -> Any:
    """Evaluate and check the result: real, finite, at most MAX_VALUE; errors become InputError."""
    try:
        if all(type(v) in _SCALARS for v in values.values()):
            out = fn(values)  # plain Python numbers: no NumPy (validate never imports it)
        else:
            import numpy as np

            with np.errstate(all="ignore"):
                out = fn(values)
    except ZeroDivisionError:
        raise InputError(f"expression {shown(src)} divides by zero") from None
    except OverflowError:
        raise _too_large(src) from None
    if isinstance(out, Fraction):
        if abs(out) > MAX_VALUE:
            raise _too_large(src)
        return out
    if isinstance(out, complex):
        raise _complex(src)
    if isinstance(out, float):  # the common scalar case, without NumPy's overhead
        if not abs(out) <= MAX_VALUE:
            if math.isnan(out):
                raise _not_real(src)
            raise _too_large(src)
        return out
    import numpy as np

    arr = np.asarray(out)
    if arr.dtype.kind == "c":
        raise _complex(src)
    if arr.dtype.kind in "fiu" and arr.size:
        with np.errstate(all="ignore"):
            ok = bool(np.all(np.abs(arr) <= MAX_VALUE))  # False for NaN and inf
        if not ok:
            if bool(np.any(np.isnan(arr))):
                raise _not_real(src)
            raise _too_large(src)
    return out


_SCALARS = (int, float, Fraction)


def _too_large(src: str) -> InputError:
    return InputError(f"expression {shown(src)} is too large in magnitude",
                      expected=f"values within ±{MAX_VALUE:.0e} (docs/limits.md)")


def _not_real(src: str) -> InputError:
    return InputError(f"expression {shown(src)} is not a real number for some parameter values "
                      "(a negative number to a fractional power, or 0/0)",
                      expected="an expression defined for every value of its parameters")


def _complex(src: str) -> InputError:
    return InputError(f"expression {shown(src)} is not a real number (a negative number to a fractional power)",
                      expected="a real-valued expression")


def _power(base: Any, ex: Any, src: str) -> Any:
    """``base ** ex`` with a bounded exponent and result; exact for Fraction base and small integer exponent."""
    if type(ex) in _SCALARS and type(base) in _SCALARS and not (type(ex) is Fraction and type(base) is Fraction):
        b, e = float(base), float(ex)
        if not abs(e) <= MAX_EXPONENT:
            raise InputError(f"expression {shown(src)} has an exponent of {shown(e)}",
                             expected=f"exponents within ±{MAX_EXPONENT}")
        if b == 0 and e < 0:
            raise ZeroDivisionError
        if b < 0 and e != int(e):
            raise _complex(src)
        import numpy as np

        with np.errstate(all="ignore"):  # np.power, as on arrays: per-sample and batched values agree bit for bit
            return float(np.power(b, e))  # a Python float: later steps raise, not warn
    import numpy as np

    if isinstance(ex, Fraction):
        if abs(ex) > MAX_EXPONENT:
            raise InputError(f"expression {shown(src)} has an exponent of {shown(float(ex))}",
                             expected=f"exponents within ±{MAX_EXPONENT}")
    elif not bool(np.all(np.abs(np.asarray(ex, dtype=float)) <= MAX_EXPONENT)):
        raise InputError(f"expression {shown(src)} has an exponent outside ±{MAX_EXPONENT}",
                         expected=f"exponents within ±{MAX_EXPONENT}")
    if isinstance(base, Fraction) and isinstance(ex, Fraction):
        if base == 0 and ex < 0:
            raise ZeroDivisionError
        if ex.denominator == 1 and abs(ex) <= 64 and base != 0:
            # bound the size of the exact result before computing it
            bits = max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(int(ex))
            mag = math.log10(abs(base.numerator)) - math.log10(base.denominator)
            if mag * int(ex) > math.log10(MAX_VALUE):
                raise _too_large(src)
            if bits <= MAX_EXACT_BITS:
                return base ** int(ex)
        if base < 0 and ex.denominator != 1:
            raise _complex(src)
        out = float(base) ** float(ex)
        if isinstance(out, complex):  # pragma: no cover - excluded above
            raise _complex(src)
        if not abs(out) <= MAX_VALUE:
            raise _too_large(src)
        return out
    with np.errstate(all="ignore"):
        out = np.power(np.asarray(_float(base), dtype=float), np.asarray(_float(ex), dtype=float))
    return out


def _float(v: Any) -> Any:
    return float(v) if isinstance(v, Fraction) else v


def _coerce(op: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    # Fractions stay exact with Fractions; mixed with floats or arrays they become floats
    if isinstance(a, Fraction) and not isinstance(b, Fraction):
        a = float(a)
    elif isinstance(b, Fraction) and not isinstance(a, Fraction):
        b = float(b)
    out = op(a, b)
    if isinstance(out, Fraction) and max(out.numerator.bit_length(), out.denominator.bit_length()) > MAX_EXACT_BITS:
        return float(out) if abs(out) <= MAX_VALUE else out  # too large: refused by the final check
    return out
