"""JavaScript read without running it: literals, and the calls of a config.

Eleventy's config, its ``.11tydata.js`` and ``_data/*.js`` files and its
``---js`` front matter are JavaScript. feedsmith never executes them; it
reads what is plain and names what is not:

- :func:`tokens` splits a file into strings, numbers, names and
  punctuation (comments dropped, each token with its line);
- :func:`literal` reads one value at a token: objects (unquoted, quoted or
  numeric keys, trailing commas), arrays, strings in ``'``, ``"`` or
  backquotes without ``${}``, numbers, ``true``, ``false``, ``null``,
  ``undefined``. Anything else (a name, a call, a function, ``${}``, a
  spread) is a :class:`JavaScriptError` at its line, or, with ``lenient``,
  an :class:`Unreadable` in its place so that the rest can still be read;
- :func:`front_matter` reads Eleventy's ``---js`` block: one object
  literal, or ``const``/``let``/``var`` declarations of literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_NAME_START = re.compile(r"[A-Za-z_$\u00aa-\uffff]")
_NAME = re.compile(r"[\w$\u00aa-\uffff]+")
_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F_]+n?|0[oO][0-7_]+n?|0[bB][01_]+n?"
    r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?n?"
)
_PUNCTUATION = ("...", "=>", "?.", "===", "!==", "==", "!=", "&&", "||", "??")
# After these a ``/`` starts a regular expression, not a division.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^") | {
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
    "void", "throw", "instanceof", "=>", "===", "!==", "==", "!=", "&&", "||", "??",
}  # fmt: skip
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
MAX_DEPTH = 100  # objects and lists inside each other, as for YAML
_WORDS = {"true": True, "false": False, "null": None, "undefined": None}


class JavaScriptError(ValueError):
    """JavaScript feedsmith cannot read statically, at a 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "string", "template" (has ${}), "number", "name", "punct", "regex"
    text: str  # as written
    value: Any  # a string's or number's value
    line: int


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A value that is code, not a literal: where, and how it begins."""

    line: int
    text: str


def tokens(source: str) -> list[Token]:
    """The tokens of ``source``; raises :class:`JavaScriptError` on a string,
    comment or template that never ends."""
    return _Lexer(source).run()


class _Lexer:
    def __init__(self, source: str) -> None:
        self.text = source
        self.at = 0
        self.line = 1
        self.found: list[Token] = []
        self.braces: list[str] = []  # "{" or "${" for every open brace

    def run(self) -> list[Token]:
        text = self.text
        if text.startswith("#!"):
            self.at = text.find("\n") if "\n" in text else len(text)
        while self.at < len(text):
            char = text[self.at]
            if char == "\n":
                self.line += 1
                self.at += 1
            elif char.isspace():
                self.at += 1
            elif text.startswith("//", self.at):
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            elif text.startswith("/*", self.at):
                self._block_comment()
            elif char in "'\"":
                self._string(char)
            elif char == "`":
                self._template(self.at + 1, "`")
            elif char == "}" and self.braces and self.braces[-1] == "${":
                self.braces.pop()
                self._template(self.at + 1, "}")
            elif char.isdigit() or (
                char == "." and text[self.at + 1 : self.at + 2].isdigit()
            ):
                self._number()
            elif _NAME_START.match(char) or char == "#":
                match = _NAME.match(text, self.at + (char == "#"))
                end = match.end() if match else self.at + 1
                self._add("name", text[self.at : end], None, end)
            elif char == "/" and self._regex_allowed():
                self._regex()
            else:
                self._punctuation(char)
        return self.found

    def _add(self, kind: str, text: str, value: Any, end: int) -> None:
        self.found.append(Token(kind, text, value, self.line))
        self.line += text.count("\n")
        self.at = end

    def _block_comment(self) -> None:
        end = self.text.find("*/", self.at + 2)
        if end < 0:
            raise JavaScriptError(self.line, "a /* comment is never closed")
        self.line += self.text.count("\n", self.at, end)
        self.at = end + 2

    def _string(self, quote: str) -> None:
        value, end, _ = self._quoted(self.at + 1, quote)
        self._add("string", self.text[self.at : end], value, end)

    def _template(self, start: int, opening: str) -> None:
        """A template's text from ``start`` up to its end or to ``${``; its
        value is None when it holds a ``${}`` (``opening`` is ``}`` for the
        part after one)."""
        value, end, substituted = self._quoted(start, "`")
        if substituted:
            self.braces.append("${")
        plain = not substituted and opening == "`"
        self._add("template", self.text[self.at : end], value if plain else None, end)

    def _quoted(self, start: int, quote: str) -> tuple[str, int, bool]:
        """The value of a string body from ``start``, the index after its
        closing quote (or after ``${`` in a template), and whether a ``${``
        ended it."""
        text = self.text
        out: list[str] = []
        at = start
        while at < len(text):
            char = text[at]
            if char == quote:
                return "".join(out), at + 1, False
            if quote == "`" and text.startswith("${", at):
                return "".join(out), at + 2, True
            if char == "\\":
                piece, at = _escape(text, at + 1)
                out.append(piece)
                continue
            if char == "\n" and quote != "`":
                break
            out.append(char)
            at += 1
        raise JavaScriptError(
            self.line, f"a string opened with {quote} is never closed"
        )

    def _number(self) -> None:
        match = _NUMBER.match(self.text, self.at)
        assert match is not None  # a digit, or a dot before one, starts a number
        written = match.group()
        self._add("number", written, _number_value(written), match.end())

    def _regex_allowed(self) -> bool:
        if not self.found:
            return True
        last = self.found[-1]
        return last.text in _BEFORE_REGEX and last.kind in ("punct", "name")

    def _regex(self) -> None:
        text = self.text
        at = self.at + 1
        in_class = False
        while at < len(text) and text[at] != "\n":
            char = text[at]
            if char == "\\":
                at += 2
                continue
            if char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif char == "/" and not in_class:
                flags = _NAME.match(text, at + 1)
                end = flags.end() if flags else at + 1
                self._add("regex", text[self.at : end], None, end)
                return
            at += 1
        raise JavaScriptError(self.line, "a regular expression is never closed")

    def _punctuation(self, char: str) -> None:
        for word in _PUNCTUATION:
            if self.text.startswith(word, self.at):
                self._add("punct", word, None, self.at + len(word))
                return
        if char in "{":
            self.braces.append("{")
        elif char == "}" and self.braces:
            self.braces.pop()
        self._add("punct", char, None, self.at + 1)


def _escape(text: str, at: int) -> tuple[str, int]:
    """The character an escape stands for, ``at`` just after its backslash."""
    char = text[at : at + 1]
    if char in _ESCAPES and not text[at + 1 : at + 2].isdigit():
        return _ESCAPES[char], at + 1
    if char == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", text[at + 1 : at + 3]):
        return chr(int(text[at + 1 : at + 3], 16)), at + 3
    if char == "u":
        braced = re.match(r"\{([0-9a-fA-F]{1,6})\}", text[at + 1 : at + 9])
        if braced and int(braced.group(1), 16) <= 0x10FFFF:
            return chr(int(braced.group(1), 16)), at + 1 + braced.end()
        if re.fullmatch(r"[0-9a-fA-F]{4}", text[at + 1 : at + 5]):
            return chr(int(text[at + 1 : at + 5], 16)), at + 5
    if char == "\r":
        return "", at + (2 if text[at + 1 : at + 2] == "\n" else 1)
    if char in ("\n", "\u2028", "\u2029"):
        return "", at + 1
    return char, at + 1


def _number_value(written: str) -> int | float:
    digits = written.replace("_", "").removesuffix("n")
    if digits[:2].lower() in ("0x", "0o", "0b"):
        return int(digits, 0)
    if re.fullmatch(r"\d+", digits) and len(digits) <= 100:
        return int(digits)
    return float(digits)


# --- literals ---


def literal(
    found: list[Token], at: int, lenient: bool = False, depth: int = 0
) -> tuple[Any, int]:
    """The literal value starting at token ``at``, and the index after it.

    With ``lenient``, a value inside an object or array that is code becomes
    an :class:`Unreadable`; at the top it is always an error.
    """
    if at >= len(found):
        line = found[-1].line if found else 1
        raise JavaScriptError(line, "expected a value, found the end")
    token = found[at]
    if token.kind == "string":
        return token.value, at + 1
    if token.kind == "template":
        if token.value is None:
            raise JavaScriptError(token.line, "a template string with ${} is code")
        return token.value, at + 1
    if token.kind == "number":
        return token.value, at + 1
    if (
        token.text in ("-", "+")
        and at + 1 < len(found)
        and found[at + 1].kind == "number"
    ):
        number = found[at + 1].value
        return (-number if token.text == "-" else number), at + 2
    if token.kind == "name" and token.text in _WORDS:
        return _WORDS[token.text], at + 1
    if token.text == "{":
        return _object(found, at + 1, lenient, _deeper(token, depth))
    if token.text == "[":
        return _array(found, at + 1, lenient, _deeper(token, depth))
    raise JavaScriptError(
        token.line, f"{_shown(found, at)} is code, not a literal value"
    )


def _deeper(token: Token, depth: int) -> int:
    if depth >= MAX_DEPTH:
        raise JavaScriptError(
            token.line, f"objects and lists nested more than {MAX_DEPTH} levels deep"
        )
    return depth + 1


def _member(found: list[Token], at: int, lenient: bool, depth: int) -> tuple[Any, int]:
    """A value inside an object or array: a literal, or in lenient mode an
    :class:`Unreadable` for the expression up to the next ``,``."""
    try:
        value, end = literal(found, at, lenient, depth)
    except JavaScriptError:
        if not lenient:
            raise
        end = skip_expression(found, at)
        return Unreadable(found[at].line, _shown(found, at)), end
    if end < len(found) and found[end].text not in (",", "}", "]"):
        if not lenient:  # an operator after the value: an expression
            raise JavaScriptError(
                found[end].line, f"{_shown(found, at)} is code, not a literal value"
            )
        return Unreadable(found[at].line, _shown(found, at)), skip_expression(found, at)
    return value, end


def _object(
    found: list[Token], at: int, lenient: bool, depth: int
) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    while True:
        token = _token(found, at)
        if token.text == "}":
            return result, at + 1
        if token.kind in ("name", "string", "number"):
            key = str(token.value if token.kind != "name" else token.text)
            after = _token(found, at + 1)
            if after.text == ":":
                result[key], at = _member(found, at + 2, lenient, depth)
            elif not lenient:
                raise JavaScriptError(
                    token.line, f"{key}: expected 'key: value', as in a literal object"
                )
            else:  # shorthand, method or getter: code
                result[key] = Unreadable(token.line, _shown(found, at))
                at = skip_expression(found, at)
        elif not lenient:
            raise JavaScriptError(
                token.line, f"{_shown(found, at)}: expected a key of a literal object"
            )
        else:  # a spread or a computed key
            at = skip_expression(found, at)
        at = _separated(found, at, "}")


def _array(
    found: list[Token], at: int, lenient: bool, depth: int
) -> tuple[list[Any], int]:
    result: list[Any] = []
    while True:
        token = _token(found, at)
        if token.text == "]":
            return result, at + 1
        value, at = _member(found, at, lenient, depth)
        result.append(value)
        at = _separated(found, at, "]")


def _separated(found: list[Token], at: int, closing: str) -> int:
    """Past the ``,`` after a member, or at the ``closing`` bracket."""
    separator = _token(found, at)
    if separator.text == ",":
        return at + 1
    if separator.text != closing:
        raise JavaScriptError(
            separator.line, f"expected ',' or '{closing}', found {separator.text!r}"
        )
    return at


def _token(found: list[Token], at: int) -> Token:
    if at >= len(found):
        line = found[-1].line if found else 1
        raise JavaScriptError(line, "the literal is never closed")
    return found[at]


def skip_expression(found: list[Token], at: int) -> int:
    """The index of the ``,``, ``;`` or closing bracket that ends the
    expression at ``at`` (brackets inside it balanced)."""
    depth = 0
    while at < len(found):
        text = found[at].text if found[at].kind == "punct" else ""
        if text in ("(", "[", "{"):
            depth += 1
        elif text in (")", "]", "}"):
            if depth == 0:
                return at
            depth -= 1
        elif text in (",", ";") and depth == 0:
            return at
        at += 1
    return at


def closing(found: list[Token], at: int) -> int:
    """The index of the bracket closing the one at ``at``."""
    depth = 0
    for index in range(at, len(found)):
        text = found[index].text if found[index].kind == "punct" else ""
        if text in ("(", "[", "{"):
            depth += 1
        elif text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return index
    raise JavaScriptError(found[at].line, f"{found[at].text!r} is never closed")


def _shown(found: list[Token], at: int) -> str:
    """The first few tokens of an expression, to name it in a message."""
    end = min(skip_expression(found, at), at + 6)
    text = " ".join(token.text for token in found[at : max(end, at + 1)])
    return repr(text if len(text) <= 40 else text[:37] + "...")


# --- front matter ---


def front_matter(source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Eleventy's ``---js`` front matter, read statically: one object
    literal, or declarations ``const name = <literal>;``. Returns the data
    and the line (within ``source``) of each top-level key."""
    found = tokens(source)
    if not found:
        return {}, {}
    if found[0].text == "{":
        data, end = literal(found, 0)
        lines = key_lines(found)
        if end < len(found) and found[end].text == ";":
            end += 1
        if end < len(found):
            raise JavaScriptError(found[end].line, "expected the end after the object")
        return data, lines
    return _declarations(found)


def _declarations(found: list[Token]) -> tuple[dict[str, Any], dict[str, int]]:
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    at = 0
    while at < len(found):
        token = found[at]
        if token.text == ";":
            at += 1
            continue
        if token.kind != "name" or token.text not in ("const", "let", "var"):
            raise JavaScriptError(
                token.line,
                f"{_shown(found, at)} is code; feedsmith reads only literal "
                "objects and 'const name = value' lines",
            )
        at += 1
        while True:
            name = _token(found, at)
            if name.kind != "name" or _token(found, at + 1).text != "=":
                raise JavaScriptError(name.line, "expected 'name = value'")
            value, at = literal(found, at + 2)
            if at < len(found) and found[at].text not in (
                ",",
                ";",
                "const",
                "let",
                "var",
            ):
                raise JavaScriptError(
                    found[at].line, f"{name.text}: the value is code, not a literal"
                )
            data[name.text] = value
            lines[name.text] = name.line
            if at < len(found) and found[at].text == ",":
                at += 1
                continue
            break
    return data, lines


def key_lines(found: list[Token]) -> dict[str, int]:
    """The line of each key of the top-level object starting at token 0."""
    lines: dict[str, int] = {}
    depth = 0
    for index, token in enumerate(found):
        if token.kind == "punct" and token.text in ("{", "["):
            depth += 1
        elif token.kind == "punct" and token.text in ("}", "]"):
            depth -= 1
        elif (
            depth == 1
            and token.kind in ("name", "string")
            and index + 1 < len(found)
            and found[index + 1].text == ":"
            and found[index - 1].text in ("{", ",")
        ):
            key = token.text if token.kind == "name" else str(token.value)
            lines.setdefault(key, token.line)
    return lines


def exported_object(found: list[Token]) -> int | None:
    """The index of the ``{`` a module exports (``export default {``,
    ``module.exports = {``), if it exports an object literal."""
    for at, token in enumerate(found):
        if token.text != "{" or token.kind != "punct":
            continue
        before = [t.text for t in found[max(0, at - 4) : at]]
        if before[-2:] == ["export", "default"] or before == [
            "module", ".", "exports", "=",
        ]:  # fmt: skip
            return at
    return None
