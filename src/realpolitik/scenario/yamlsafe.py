"""Safe YAML 1.2 reading with positions for every value.

ruamel.yaml (safe, pure) only *composes* the node graph; this module builds
the Python data itself so that it can (a) remember the line and column of
every value by field path, (b) refuse every tag outside the YAML core schema
(``!!python/object/apply`` and friends), (c) refuse duplicate keys and
non-string keys, and (d) bound the work any text can cause: lines are at most
:data:`MAX_LINE_CHARS` characters (checked before parsing), nesting at most
:data:`MAX_DEPTH` levels and the number of values at most :data:`MAX_NODES`
(both counted while composing, so a huge flow list stops at the limit instead
of being parsed whole), a string value at most :data:`MAX_SCALAR_CHARS`
characters; aliases are expanded by reference and each expansion counts.
Numbers outside the float range (``1e400``, a 5,000-digit integer) are refused
here, with their line and column. Every error names line and column, byte-level
ones (NUL, control characters) included.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from ..errors import Location, ScenarioError, shown

__all__ = ["PathMap", "read_yaml", "MAX_NODES", "MAX_DEPTH", "MAX_LINE_CHARS", "MAX_SCALAR_CHARS"]

MAX_NODES = 50_000  #: values built, counting each alias expansion (Belarus: ~1,700)
MAX_DEPTH = 64
#: Longest line (a scenario written as one-line JSON of a few hundred KB still fits).
MAX_LINE_CHARS = 1_048_576
#: Longest single string value (a title, a description, a quote).
MAX_SCALAR_CHARS = 100_000
#: Longest integer written in digits: anything longer is far outside the float range (~1.8e308).
_MAX_INT_DIGITS = 400

_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_OCT = re.compile(r"^0o[0-7_]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F_]+$")

PathKey = tuple[Any, ...]


@dataclass
class PathMap:
    """Maps a field path (a tuple of keys and indexes) to its 1-based line/column."""

    file: str | None
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, dotted: str | None = None) -> Location:
        probe = tuple(path)
        while probe not in self.marks and probe:
            probe = probe[:-1]
        line, col = self.marks.get(probe, (None, None))
        return Location(file=self.file, line=line, column=col, path=dotted or format_path(path))


def format_path(path: PathKey) -> str:
    """``('actors', 2, 'salience')`` → ``actors[2].salience``."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def read_yaml(text: str, file: str | None = None) -> tuple[Any, PathMap]:
    """Parse ``text`` as one safe YAML 1.2 document; return data and positions."""
    pm = PathMap(file)
    _check_lines(text, file)
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.Composer = _BoundedComposer
    try:
        node = yaml.compose(text)
    except ReaderError as exc:  # NUL and other control characters: no mark, only an offset
        line, col = _line_col(text, exc.position)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise ScenarioError(f"invalid YAML: {what} is not allowed in YAML text ({exc.reason})",
                            location=Location(file=file, line=line, column=col),
                            expected="printable text (tabs and newlines are fine)") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError(f"invalid YAML: {problem}",
                            location=Location(file=file, line=line, column=col)) from None
    except YAMLError as exc:
        raise ScenarioError(f"invalid YAML: {exc}", location=Location(file=file)) from None
    except RecursionError:  # pragma: no cover - the composer stops at MAX_DEPTH first
        raise ScenarioError("invalid YAML: nested too deeply", location=Location(file=file),
                            expected=f"at most {MAX_DEPTH} levels of nesting") from None
    if node is None:
        raise ScenarioError("the file is empty", location=Location(file=file),
                            expected="a YAML mapping with schema_version, metadata, actors ...")
    builder = _Builder(pm)
    return builder.build(node, ()), pm


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of character offset ``pos``."""
    pos = max(0, min(pos, len(text)))
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _check_lines(text: str, file: str | None) -> None:
    """Refuse a line longer than MAX_LINE_CHARS before the (pure Python) parser sees it."""
    if len(text) <= MAX_LINE_CHARS:
        return  # no line can be longer
    for k, line in enumerate(text.split("\n")):
        if len(line) > MAX_LINE_CHARS:
            raise ScenarioError(f"line {k + 1} is {len(line):,} characters long",
                                location=Location(file=file, line=k + 1, column=1),
                                expected=f"lines of at most {MAX_LINE_CHARS:,} characters (docs/limits.md)")


class _BoundedComposer(Composer):
    """ruamel's composer, counting values and nesting as it goes (errors carry the event's mark)."""

    _values = 0
    _level = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            return super().compose_node(parent, index)
        event = self.parser.peek_event()
        self._values += 1
        if self._values > MAX_NODES:
            raise ComposerError(None, None, f"the document has more than {MAX_NODES:,} values (docs/limits.md)",
                                event.start_mark)
        if self._level >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested too deeply (more than {MAX_DEPTH} levels)", event.start_mark)
        self._level += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._level -= 1
        if isinstance(node, ScalarNode) and len(node.value) > MAX_SCALAR_CHARS:
            raise ComposerError(None, None, f"a value of {len(node.value):,} characters is over the limit of "
                                f"{MAX_SCALAR_CHARS:,} (docs/limits.md)", node.start_mark)
        return node


class _Builder:
    def __init__(self, pm: PathMap) -> None:
        self.pm = pm
        self.count = 0

    def _err(self, node: Node, message: str, path: PathKey, expected: str | None = None) -> ScenarioError:
        return ScenarioError(message, expected=expected, location=Location(
            file=self.pm.file, line=node.start_mark.line + 1, column=node.start_mark.column + 1,
            path=format_path(path) or None))

    def build(self, node: Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._err(node, f"the document expands to more than {MAX_NODES:,} values "
                            "(an alias bomb?)", path)
        if len(path) > MAX_DEPTH:
            raise self._err(node, f"nested deeper than {MAX_DEPTH} levels", path)
        self.pm.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        tag = node.tag or ""
        if isinstance(node, MappingNode):
            if tag not in (_CORE + "map",):
                raise self._err(node, f"tag {tag!r} is not allowed", path, "plain YAML (no tags)")
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if knode.tag == _CORE + "merge":
                    raise self._err(knode, "merge keys (<<) are not allowed", path)
                if not isinstance(knode, ScalarNode) or knode.tag != _CORE + "str":
                    raise self._err(knode, "mapping keys must be plain strings", path)
                key = knode.value
                if key in out:
                    raise self._err(knode, f"duplicate key {key!r}", path + (key,))
                out[key] = self.build(vnode, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            if tag != _CORE + "seq":
                raise self._err(node, f"tag {tag!r} is not allowed", path, "plain YAML (no tags)")
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: Node, path: PathKey) -> Any:
        tag, value = node.tag, node.value
        if tag == _CORE + "str":
            return value
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "bool":
            return value.lower() == "true"
        if tag == _CORE + "int":
            v = value.replace("_", "")
            if len(v) > _MAX_INT_DIGITS:
                raise self._err(node, f"an integer of {len(v):,} digits is outside the range of numbers",
                                path, "numbers within ±1.8e308 (and the documented bounds of docs/limits.md)")
            try:
                if _HEX.match(value):
                    return int(v, 16)
                if _OCT.match(value):
                    return int(v[2:], 8)
                return int(v)
            except ValueError:
                raise self._err(node, f"not an integer: {shown(value)}", path) from None
        if tag == _CORE + "float":
            low = value.lower()
            if low in (".nan",):
                return math.nan
            if low in (".inf", "+.inf"):
                return math.inf
            if low == "-.inf":
                return -math.inf
            try:
                f = float(value.replace("_", ""))
            except ValueError:
                raise self._err(node, f"not a number: {shown(value)}", path) from None
            if math.isinf(f):  # 1e400: written as a finite number, outside the float range
                raise self._err(node, f"the number {shown(value)} is outside the range of numbers", path,
                                "numbers within ±1.8e308 (and the documented bounds of docs/limits.md)")
            return f
        if tag == _CORE + "timestamp":
            return value  # dates stay ISO strings; the model parses them
        raise self._err(node, f"tag {tag!r} is not allowed", path, "plain YAML values (no tags)")
