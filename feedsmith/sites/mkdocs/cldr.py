"""Dates in the blog's URLs: ``post_url_date_format`` is a CLDR pattern
that mkdocs-material formats with Babel. feedsmith writes the fields Babel
writes as numbers in any locale, and English names (months, days, quarters,
eras, AM/PM); anything needing other locale data is refused by name.
"""

from __future__ import annotations

from datetime import datetime

from feedsmith.errors import ConfigError
from feedsmith.sites.mkdocs.config import Section

_FIELDS = frozenset("GyYuQqMLwWdDFgEecabBhHKkmsSAzZOvVxX")  # Babel's letters
# The letters Babel writes as numbers in any locale, and the longest run of
# each it accepts (0: any); and those it writes as names.
_NUMBERS = {"y": 0, "u": 0, "d": 3, "D": 3, "F": 1, "h": 2, "H": 2, "K": 2,
            "k": 2, "m": 2, "s": 2}  # fmt: skip
_NAMES = {"M": 5, "L": 5, "Q": 5, "q": 5, "E": 6, "G": 5, "a": 5}
_ENGLISH = ("en", "en_US")  # the locales whose names feedsmith writes
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_QUARTERS = ("1st quarter", "2nd quarter", "3rd quarter", "4th quarter")
# Material's predefined formats, as CLDR writes them for English.
PREDEFINED = {
    "full": "EEEE, MMMM d, y",
    "long": "MMMM d, y",
    "medium": "MMM d, y",
    "short": "M/d/yy",
}

URL_DATE_FORMAT = "yyyy/MM/dd"  # the blog's default post_url_date_format

Token = tuple[str, str]  # ("text", literal) or ("field", "yyyy")


def date_tokens(pattern: str) -> tuple[Token, ...]:
    """A CLDR date pattern in pieces: runs of one pattern letter are fields,
    text in ``'quotes'`` and everything else literal, ``''`` a quote; an
    unclosed quote's text is lost (all as Babel reads it)."""
    tokens: list[Token] = []
    text: list[str] = []
    quoted: list[str] | None = None
    for char in pattern.replace("''", "\0"):
        if quoted is not None:
            if char == "'":
                text.extend(quoted)
                quoted = None
            else:
                quoted.append(char)
        elif char == "'":
            quoted = []
        elif char in _FIELDS:
            if text:
                tokens.append(("text", "".join(text).replace("\0", "'")))
                text = []
            if tokens and tokens[-1][0] == "field" and tokens[-1][1][0] == char:
                tokens[-1] = ("field", tokens[-1][1] + char)
            else:
                tokens.append(("field", char))
        else:
            text.append(char)
    if text:
        tokens.append(("text", "".join(text).replace("\0", "'")))
    return tuple(tokens)


def date_problem(tokens: tuple[Token, ...], language: str) -> str | None:
    """Why feedsmith cannot write dates by these tokens, or None."""
    for kind, value in tokens:
        char, count = value[0], len(value)
        if kind == "text" or (char in "MLQq" and count <= 2):
            continue
        longest = _NUMBERS.get(char, _NAMES.get(char))
        if longest is None:
            return f"the field {value} needs locale data feedsmith does not have"
        if longest and count > longest:
            return f"the field {value} is not one Babel writes"
        if char in _NUMBERS:
            continue
        if language.replace("-", "_") not in _ENGLISH:
            return (
                f"the field {value} writes a name, and feedsmith knows the names "
                f"of English only (theme.language is {language})"
            )
    return None


def format_date(moment: datetime, tokens: tuple[Token, ...]) -> str:
    """``moment`` written by the tokens of a pattern :func:`date_problem`
    accepts, in its own offset."""
    return "".join(
        value if kind == "text" else _field(moment, value[0], len(value))
        for kind, value in tokens
    )


def _field(moment: datetime, char: str, count: int) -> str:
    if char in "yu":
        year = f"{moment.year:0{count}d}"
        return year[-2:] if count == 2 else year
    if char in "ML" and count > 2:
        return _name(_MONTHS[moment.month - 1], count)
    if char in "Qq":
        quarter = (moment.month - 1) // 3 + 1
        if count <= 2:
            return f"{quarter:0{count}d}"
        return (f"Q{quarter}", _QUARTERS[quarter - 1], str(quarter))[count - 3]
    if char == "E":
        day = _DAYS[moment.weekday()]
        return day[:2] if count == 6 else _name(day, max(count, 3))
    if char == "G":
        return ("AD", "Anno Domini", "A")[max(count, 3) - 3]
    if char == "a":
        period = "AM" if moment.hour < 12 else "PM"
        return period[0].lower() if count == 5 else period
    if char == "F":
        return str((moment.day - 1) // 7 + 1)
    number = {
        "M": moment.month,
        "L": moment.month,
        "d": moment.day,
        "D": moment.timetuple().tm_yday,
        "h": moment.hour % 12 or 12,
        "H": moment.hour,
        "K": moment.hour % 12,
        "k": moment.hour or 24,
        "m": moment.minute,
        "s": moment.second,
    }[char]
    return f"{number:0{count}d}"


def _name(name: str, count: int) -> str:
    """An English name abbreviated (3), wide (4) or narrow (5)."""
    return (name[:3], name, name[0])[count - 3]


def url_date_format(blog: Section, language: str) -> tuple[Token, ...]:
    """The blog's ``post_url_date_format`` as tokens feedsmith can write."""
    pattern = blog.text("post_url_date_format", URL_DATE_FORMAT)
    english = language.replace("-", "_") in _ENGLISH
    tokens = date_tokens(
        PREDEFINED[pattern] if english and pattern in PREDEFINED else pattern
    )
    problem = (
        f"{pattern!r} is a locale's own format, which feedsmith knows in English only"
        if pattern in PREDEFINED and not english
        else date_problem(tokens, language)
    )
    if problem:
        raise ConfigError(
            f"{blog.where('post_url_date_format')}: post_url_date_format: "
            f"{problem}; write it with numbers, such as yyyy/MM/dd"
        )
    return tokens
