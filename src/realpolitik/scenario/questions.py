"""Forecast questions and their resolutions (the ``questions:`` and ``ground_truth:`` sections).

A :class:`Question` is something that reality will answer after ``as_of``:
its type (``binary``, ``multiple_choice`` with ordered or unordered options,
``numeric`` with a range whose bounds are open or closed), its resolution
criteria and dates, and the declared **mapping** from model outputs to its
probabilities (:mod:`.mapping`), written before any scoring. A question no
model output can answer says ``forecaster: analyst`` (forecast by hand) and
is kept, never dropped.

A :class:`Resolution` (an entry of ``ground_truth``) points at a question id
and carries its outcome: an ``option`` (``"yes"``/``"no"`` for binary
questions), a ``value`` (numeric), or ``annulled``/``ambiguous``; its date
(after ``as_of``) and sources. Resolutions are never model input.

Examples
--------
>>> import realpolitik
>>> sc = realpolitik.load_any("belarus-2022")
>>> q = sc.headline_question
>>> q.type, q.labels
('binary', ('yes', 'no'))
>>> sc.resolution(q.id).option
'no'
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Iterator, Literal

from pydantic import Field, StringConstraints

from .model import Finite, Id, Text, _Model

__all__ = ["Question", "NumericRange", "Resolution", "check_questions", "BINARY_LABELS", "QUESTION_TYPES"]

#: Option labels of a binary question, in order.
BINARY_LABELS = ("yes", "no")
QUESTION_TYPES = ("binary", "multiple_choice", "numeric")

Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class NumericRange(_Model):
    """The range of a numeric question; an open bound means the outcome may lie beyond it."""

    min: Finite
    max: Finite
    open_lower: bool = False
    open_upper: bool = False
    unit: Text = ""


class Question(_Model):
    """A resolvable forecast question (see the module docstring)."""

    id: Id
    title: Text
    type: Literal["binary", "multiple_choice", "numeric"]
    options: tuple[Label, ...] = Field((), description="Option labels of a multiple_choice question, in order.")
    ordered: bool = Field(False, description="Whether the options are ordered (ordered-categorical scoring).")
    range: NumericRange | None = Field(None, description="The range of a numeric question.")
    resolution_criteria: Text = Field(description="How the question resolves, precisely.")
    fine_print: Text = ""
    opens: dt.date = Field(description="When forecasting opens (on or before as_of).")
    closes: dt.date = Field(description="Scheduled close: no forecast counts after it.")
    resolve_by: dt.date = Field(description="When the outcome will be known at the latest.")
    mapping: Text | None = Field(None, description="Model outputs to probabilities, in the mapping language.")
    other_mappings: tuple[Text, ...] = Field(
        (), description="Other framings' readings of the same question (e.g. the bargaining models'), "
                        "reported beside the mapping and compared with it.")
    forecaster: Literal["analyst"] | None = Field(
        None, description="'analyst' when no model output can answer the question (forecast by hand).")
    headline: bool = Field(False, description="The scenario's headline question (at most one).")
    notes: Text = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """Outcome labels in order (``("yes", "no")`` for binary, none for numeric)."""
        if self.type == "binary":
            return BINARY_LABELS
        return tuple(self.options)

    def parsed_mapping(self) -> Any:
        """The parsed mapping (:class:`~realpolitik.scenario.mapping.Mapping_`) or None for analyst questions."""
        from .mapping import parse_mapping

        return None if self.mapping is None else parse_mapping(self.mapping)


class Resolution(_Model):
    """How reality answered a question: exactly one of option, value, annulled, ambiguous."""

    question: Id = Field(description="The id of the question it resolves.")
    date: dt.date
    option: Label | None = Field(None, description="The option that happened ('yes'/'no' for binary questions).")
    value: Finite | None = Field(None, description="The value of a numeric question.")
    annulled: bool = Field(False, description="The question was annulled (its premise failed).")
    ambiguous: bool = Field(False, description="The outcome cannot be determined.")
    description: Text = ""
    sources: tuple[Id, ...] = ()

    @property
    def kind(self) -> str:
        """``"option"``, ``"value"``, ``"annulled"`` or ``"ambiguous"``."""
        for k in ("option", "value"):
            if getattr(self, k) is not None:
                return k
        return "annulled" if self.annulled else "ambiguous"

    @property
    def outcome(self) -> str | float:
        """The option label, the value, or ``"annulled"``/``"ambiguous"``."""
        if self.option is not None:
            return self.option
        if self.value is not None:
            return self.value
        return self.kind


Problem = tuple[tuple[Any, ...], str, "str | None"]


def check_questions(sc: Any) -> Iterator[Problem]:
    """Cross-checks of ``questions`` and ``ground_truth``, each with its field path."""
    from .mapping import MappingSyntaxError, check_mapping, output_kinds, parse_mapping

    as_of = sc.metadata.as_of
    kinds = output_kinds(sc)
    by_id = {}
    headlines = []
    for k, q in enumerate(sc.questions):
        base = ("questions", k)
        by_id.setdefault(q.id, q)
        if q.headline:
            headlines.append(k)
        if q.type == "multiple_choice":
            if len(q.options) < 2:
                yield (base + ("options",), f"a multiple_choice question needs at least two options, "
                       f"got {len(q.options)}", "two or more option labels")
            seen: dict[str, int] = {}
            for j, o in enumerate(q.options):
                if o.casefold() in seen:
                    yield (base + ("options", j), f"duplicate option {o!r} (first at options[{seen[o.casefold()]}])",
                           "unique option labels")
                seen.setdefault(o.casefold(), j)
        elif q.options:
            yield (base + ("options",), f"a {q.type} question has no options"
                   + (" (its labels are yes/no)" if q.type == "binary" else ""), "no options key")
        if q.ordered and q.type != "multiple_choice":
            yield (base + ("ordered",), "only multiple_choice options can be ordered", "no ordered key")
        if q.type == "numeric":
            if q.range is None:
                yield (base + ("range",), "a numeric question needs a range", "range: {min: A, max: B}")
            elif not q.range.min < q.range.max:
                yield (base + ("range",), f"range min {q.range.min} is not below max {q.range.max}", "min < max")
        elif q.range is not None:
            yield (base + ("range",), f"only numeric questions have a range (this one is {q.type})", "no range key")
        if q.opens > as_of:
            yield (base + ("opens",), f"opens {q.opens}, after as_of {as_of}: the forecast would predate the question",
                   "a date on or before as_of")
        if q.closes < q.opens:
            yield (base + ("closes",), f"closes {q.closes} before it opens {q.opens}", "a date on or after opens")
        if q.closes <= as_of:
            yield (base + ("closes",), f"closes {q.closes}, not after as_of {as_of}: the scenario could not forecast it",
                   "a date after as_of")
        if q.resolve_by < q.closes:
            yield (base + ("resolve_by",), f"resolve_by {q.resolve_by} is before closes {q.closes}",
                   "a date on or after closes")
        if (q.mapping is None) == (q.forecaster is None):
            yield (base + ("mapping",), "give either a mapping or forecaster: analyst"
                   + (" (not both)" if q.mapping is not None else ""),
                   "mapping: P(...) / bands(...) / cases(...) / distribution(...), or forecaster: analyst")
        if q.mapping is not None:
            try:
                parsed = parse_mapping(q.mapping)
            except MappingSyntaxError as exc:
                yield (base + ("mapping",), exc.message, exc.expected)
                continue
            n_opt = len(q.options) if q.type == "multiple_choice" else None
            for msg, exp in check_mapping(parsed, kinds, qtype=q.type, n_options=n_opt):
                yield (base + ("mapping",), f"mapping {q.mapping!r}: {msg}", exp)
        if q.other_mappings and q.mapping is None:
            yield (base + ("other_mappings",), "other_mappings need a mapping", "a mapping, or no other_mappings")
        for j, text in enumerate(q.other_mappings):
            try:
                other = parse_mapping(text)
            except MappingSyntaxError as exc:
                yield (base + ("other_mappings", j), exc.message, exc.expected)
                continue
            n_opt = len(q.options) if q.type == "multiple_choice" else None
            for msg, exp in check_mapping(other, kinds, qtype=q.type, n_options=n_opt):
                yield (base + ("other_mappings", j), f"mapping {text!r}: {msg}", exp)
    for k in headlines[1:]:
        yield (("questions", k, "headline"), f"a second headline question (the first is questions[{headlines[0]}])",
               "at most one question with headline: true")

    seen_q: dict[str, int] = {}
    for k, r in enumerate(sc.ground_truth):
        base = ("ground_truth", k)
        q = by_id.get(r.question)
        if q is None:
            yield (base + ("question",), f"resolution of unknown question {r.question!r}",
                   "the id of an entry in questions: " + (", ".join(by_id) or "(none declared)"))
        if r.question in seen_q:
            yield (base + ("question",), f"question {r.question!r} is already resolved at ground_truth[{seen_q[r.question]}]",
                   "one resolution per question")
        seen_q.setdefault(r.question, k)
        if r.date <= as_of:
            yield (base + ("date",), f"resolution dated {r.date} is not after as_of {as_of}: what the scenario "
                   "knew at as_of cannot be a forecast's outcome", "a date after as_of")
        given = [n for n in ("option", "value") if getattr(r, n) is not None]
        given += [n for n in ("annulled", "ambiguous") if getattr(r, n)]
        if len(given) != 1:
            yield (base + (given[1] if len(given) > 1 else "option",),
                   "a resolution needs exactly one of option, value, annulled: true, ambiguous: true"
                   + (f" (got {', '.join(given)})" if given else ""), "one outcome")
            continue
        if q is None:
            continue
        if r.date < q.opens:
            yield (base + ("date",), f"resolved {r.date}, before the question opens {q.opens}",
                   "a date on or after the question's opens")
        if r.option is not None:
            if q.type == "numeric":
                yield (base + ("option",), f"question {q.id!r} is numeric: resolve it with value", "value: X")
            elif r.option not in q.labels:
                yield (base + ("option",), f"{r.option!r} is not an option of {q.id!r}",
                       "one of " + ", ".join(repr(o) for o in q.labels))
        if r.value is not None:
            if q.type != "numeric":
                yield (base + ("value",), f"question {q.id!r} is {q.type}: resolve it with option",
                       "option: one of " + ", ".join(repr(o) for o in q.labels))
            elif q.range is not None:
                rg = q.range
                if (r.value < rg.min and not rg.open_lower) or (r.value > rg.max and not rg.open_upper):
                    yield (base + ("value",), f"value {r.value} is outside the closed range [{rg.min}, {rg.max}]",
                           f"a value in [{rg.min}, {rg.max}]")
