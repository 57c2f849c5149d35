"""Safe YAML loading shared by the config and front matter.

Uses libyaml's C parser when PyYAML was built with it (several times faster)
and never constructs Python objects. On top of PyYAML's safe loader:

- Plain scalars follow YAML 1.2's core schema, not 1.1: ``no``, ``on`` and
  ``12:30`` stay text instead of becoming ``False``, ``True`` and ``750``;
  only ``true``/``false``, ``null`` and decimal integers are typed. Floats
  stay text too, so ``1.10`` keeps its trailing zero.
- Timestamps stay text: :func:`feedsmith.dates.parse` gives them the site's
  zone and a clear error (PyYAML raises an uncaught ``ValueError`` on
  ``2024-02-30``).
- A key given twice is an error naming both lines.
- Aliases can be refused (front matter), which defuses "billion laughs".
"""

from __future__ import annotations

import re
from typing import ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_TYPED = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
    "tag:yaml.org,2002:null": re.compile(r"^(?:~|null|Null|NULL|)$"),
}
_KEPT = ("tag:yaml.org,2002:merge",)  # ``<<`` merge keys stay as PyYAML has them


def _core_schema_resolvers(base: dict) -> dict:
    resolvers: dict = {}
    for first, rules in base.items():
        kept = [rule for rule in rules if rule[0] in _KEPT]
        if kept:
            resolvers[first] = kept
    for tag, pattern in _TYPED.items():
        for first in [*"-+0123456789tTfFnN~", None]:
            resolvers.setdefault(first, []).append((tag, pattern))
    return resolvers


class _CoreSchemaLoader(_BaseLoader):
    yaml_implicit_resolvers: ClassVar = _core_schema_resolvers(
        _BaseLoader.yaml_implicit_resolvers
    )


class YamlProblem(yaml.MarkedYAMLError):
    """A document PyYAML accepts but feedsmith refuses, with its position."""


def load(text: str, *, aliases: bool = True) -> object:
    """Parse one YAML document; raises ``yaml.YAMLError`` on bad input."""
    loader = _CoreSchemaLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check(node, aliases)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check(root: Node, aliases: bool) -> None:
    """Refuse repeated keys and, unless allowed, aliases (shared nodes)."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            if not aliases:
                raise YamlProblem(
                    problem="anchors and aliases (&name, *name) are not allowed "
                    "in front matter; write the value out",
                    problem_mark=node.start_mark,
                )
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            _check_keys(node)
            pending.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)


def _check_keys(node: MappingNode) -> None:
    lines: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        if key.value in lines:
            raise YamlProblem(
                problem=f"key {key.value!r} appears twice (first on line "
                f"{lines[key.value]}); remove one",
                problem_mark=key.start_mark,
            )
        lines[key.value] = key.start_mark.line + 1
