"""Safe YAML 1.2 reading with positions for every value.

ruamel.yaml (safe, pure) only *composes* the node graph; this module builds
the Python data itself so that it can (a) remember the line and column of
every value by field path, (b) refuse every tag outside the YAML core schema
(``!!python/object/apply`` and friends), (c) refuse duplicate keys and
non-string keys, and (d) bound the work an alias bomb can cause: aliases are
expanded by reference, and the number of values built is capped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Location, ScenarioError

__all__ = ["PathMap", "read_yaml", "MAX_NODES", "MAX_DEPTH"]

MAX_NODES = 200_000  #: values built, counting each alias expansion
MAX_DEPTH = 64

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
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError(f"invalid YAML: {problem}",
                            location=Location(file=file, line=line, column=col)) from None
    except YAMLError as exc:
        raise ScenarioError(f"invalid YAML: {exc}", location=Location(file=file)) from None
    except RecursionError:
        raise ScenarioError("invalid YAML: nested too deeply", location=Location(file=file)) from None
    if node is None:
        raise ScenarioError("the file is empty", location=Location(file=file),
                            expected="a YAML mapping with schema_version, metadata, actors ...")
    builder = _Builder(pm)
    return builder.build(node, ()), pm


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
            try:
                if _HEX.match(value):
                    return int(v, 16)
                if _OCT.match(value):
                    return int(v[2:], 8)
                return int(v)
            except ValueError:
                raise self._err(node, f"not an integer: {value!r}", path) from None
        if tag == _CORE + "float":
            low = value.lower()
            if low in (".nan",):
                return math.nan
            if low in (".inf", "+.inf"):
                return math.inf
            if low == "-.inf":
                return -math.inf
            try:
                return float(value.replace("_", ""))
            except ValueError:
                raise self._err(node, f"not a number: {value!r}", path) from None
        if tag == _CORE + "timestamp":
            return value  # dates stay ISO strings; the model parses them
        raise self._err(node, f"tag {tag!r} is not allowed", path, "plain YAML values (no tags)")
