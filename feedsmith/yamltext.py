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
- Explicit tags other than ``!!str`` are refused, as are ``!!int``,
  ``!!bool`` and ``!!null`` on values the core schema would not read so.
- Aliases can be refused (front matter and config), which defuses "billion
  laughs"; lists and mappings nested over ``MAX_DEPTH`` deep are refused
  before libyaml builds them (it crashes the process past ~100,000 levels).
- Integers of over 100 digits stay text.

:func:`load_flat` reads the common front matter (one ``key: value`` a line)
without libyaml, several times faster, and gives up on anything else.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]  # its pure-Python twin

_TYPED = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    # Longer digit runs stay text: no setting or field counts that high, and
    # Python refuses to convert over 4,300 digits.
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,99})$"),
    "tag:yaml.org,2002:null": re.compile(r"^(?:~|null|Null|NULL|)$"),
}
# The patterns above in one, naming the one that matched: one search, not three.
_ANY_TYPED = re.compile(
    "|".join(f"(?P<{tag.rsplit(':', 1)[1]}>{p.pattern})" for tag, p in _TYPED.items())
)
_YAML_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_YAML_TAG + kind for kind in ("str", "seq", "map", "merge"))
_KEPT = ("tag:yaml.org,2002:merge",)  # ``<<`` merge keys stay as PyYAML has them
MAX_DEPTH = 100  # lists and mappings inside each other; no setting needs more
_TOO_DEEP = f"lists and mappings nested more than {MAX_DEPTH} levels deep"


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
    yaml_implicit_resolvers = _core_schema_resolvers(
        _BaseLoader.yaml_implicit_resolvers
    )


class YamlProblem(yaml.MarkedYAMLError):
    """A document PyYAML accepts but feedsmith refuses, with its position."""


def load(text: str, *, aliases: bool = True, first_line: int = 1) -> object:
    """Parse one YAML document; raises ``yaml.YAMLError`` on bad input.

    ``first_line`` is the file's line number of the text's first line, for
    messages that name another line.
    """
    # Each level of nesting needs one of these characters: fewer of them
    # than the bound is proof enough, without scanning.
    if sum(map(text.count, "[{-:?")) > MAX_DEPTH:
        _check_depth(text)
    loader = _CoreSchemaLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check(node, aliases, first_line)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def key_lines(text: str) -> dict[str, int]:
    """The line of every mapping key in ``text``, by dotted path
    (``feeds.limit``), for messages that point at a setting. Call it only on
    text :func:`load` accepted."""
    loader = _CoreSchemaLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    stack = [("", root)]
    while stack:
        prefix, node = stack.pop()
        if not isinstance(node, MappingNode):
            continue
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                dotted = f"{prefix}{key.value}"
                lines.setdefault(dotted, key.start_mark.line + 1)
                stack.append((f"{dotted}.", value))
    return lines


def explain(error: yaml.YAMLError, text: str) -> str:
    """The parser's complaint about ``text``, with the fix for two common causes."""
    problem = getattr(error, "problem", None) or "cannot parse"
    mark = getattr(error, "problem_mark", None)
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return problem
    line = lines[mark.line]
    if "\t" in line[: mark.column + 1]:
        return "found a tab: tabs are not allowed, use spaces"
    if problem == "exceeded maximum nesting depth":  # libyaml 0.2.5's own bound
        return _TOO_DEEP
    if problem == "found invalid Unicode character escape code":
        return (
            f"{problem}: \\ud800 to \\udfff name half a character each; "
            "remove the escape, or write the character itself"
        )
    key, colon, value = line.partition(":")
    if problem.startswith("mapping values are not allowed") and colon:
        quoted = value.strip().replace("\\", "\\\\").replace('"', '\\"')
        return (
            f"{problem}: a colon and a space inside a value start a new key; "
            f'put the value in quotes: {key.strip()}: "{quoted}"'
        )
    return problem


def _check_depth(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlProblem(problem=_TOO_DEEP, problem_mark=mark)  # type: ignore[arg-type]  # stub omits libyaml's Mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check(root: Node, aliases: bool, first_line: int) -> None:
    """Refuse repeated keys and, unless allowed, aliases (shared nodes)."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            if not aliases:
                raise YamlProblem(
                    problem="anchors and aliases (&name, *name) are not allowed; "
                    "write the value out",
                    problem_mark=node.start_mark,
                )
            continue
        seen.add(id(node))
        _check_tag(node)
        if isinstance(node, MappingNode):
            _check_keys(node, first_line)
            pending.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)


def _check_tag(node: Node) -> None:
    """Only what the core schema reads: an explicit tag (``!!timestamp``,
    ``!!binary``, ``!!int 0xZZ``) would reach PyYAML's constructors, which
    raise ValueError, KeyError and worse on bad values."""
    pattern = _TYPED.get(node.tag)
    if pattern is not None and isinstance(node, ScalarNode):
        if pattern.match(node.value):
            return
        kind = node.tag.rsplit(":", 1)[1]
        problem = f"{node.value[:40]!r} is not a YAML {kind}"
    elif node.tag in _PLAIN_TAGS:
        return
    else:
        problem = f"the tag {node.tag.replace(_YAML_TAG, '!!')} is not allowed"
    raise YamlProblem(
        problem=f"{problem}; remove the tag and write the value plainly",
        problem_mark=node.start_mark,
    )


def _check_keys(node: MappingNode, first_line: int) -> None:
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
        lines[key.value] = key.start_mark.line + first_line


# What load_flat accepts, kept well inside what YAML reads the obvious way.
_FLAT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?")
# Characters libyaml refuses (non-printables), reads as line breaks (U+0085,
# U+2028, U+2029) or as a byte-order mark (U+FEFF), and tabs: all of them
# make str.isprintable() false.
_FLAT_UNSAFE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
_SINGLE_QUOTED = re.compile(r"'([^']*)'")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"  # a plain scalar cannot start with these
_UNSURE = object()  # a value load_flat leaves to libyaml
_FLOW_PLAIN = re.compile(  # a plain scalar in a flow list, played safe
    r"[^-?:,\[\]{}#&*!|>'\"%@` ][^,\[\]{}#:'\"]*"
)


def load_flat(text: str) -> dict[str, object] | None:
    """Parse ``key: value`` lines without libyaml, exactly as :func:`load` would.

    Values may be plain or quoted scalars without escapes, or flow lists of
    them. Returns None for anything else (comments, nesting, block
    scalars, anchors, tags, repeated keys, no keys), which :func:`load` must
    then parse, or refuse with its error message.
    """
    result: dict[str, object] = {}
    for line in text.split("\n"):
        if not line:
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None or (not line.isprintable() and _FLAT_UNSAFE.search(line)):
            return None
        key, value = match.groups()
        if key in result or not isinstance(_plain(key), str):  # repeated, true/null
            return None
        parsed = _flat_value((value or "").rstrip(" "))
        if parsed is _UNSURE:
            return None
        result[key] = parsed
    return result or None


def _flat_value(text: str) -> object:
    if text.startswith("["):
        return _flow_list(text)
    if text.startswith(("'", '"')):
        return _quoted(text)
    if text and (
        text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":")
    ):
        return _UNSURE
    return _plain(text)


def _flow_list(text: str) -> object:
    if not text.endswith("]"):
        return _UNSURE
    inside = text[1:-1].strip(" ")
    if not inside:
        return []
    items = []
    for written in inside.split(","):
        item = written.strip(" ")
        if item.startswith(("'", '"')):
            value = _quoted(item)
        else:
            value = _plain(item) if _FLOW_PLAIN.fullmatch(item) else _UNSURE
        if value is _UNSURE:
            return _UNSURE
        items.append(value)
    return items


def _quoted(text: str) -> object:
    """A quoted scalar without escapes: its text as written."""
    pattern = _DOUBLE_QUOTED if text[0] == '"' else _SINGLE_QUOTED
    match = pattern.fullmatch(text)
    return match.group(1) if match else _UNSURE


def _plain(text: str) -> object:
    """A plain scalar typed as the core schema resolver above types it."""
    match = _ANY_TYPED.match(text)
    if match is None:
        return text
    if match.lastgroup == "bool":
        return text.lower() == "true"
    return int(text) if match.lastgroup == "int" else None
