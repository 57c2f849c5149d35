"""Keep a feed file under ``feeds.max_bytes``.

Readers and services give up on large feed files, so a feed over its
budget is rendered again with less: first the oldest items lose their full
content (they keep their summary), then, if that is not enough, the oldest
items are left out, never the newest one. With an archive, no document
loses an item: each is an item's only copy, so it is written over budget
instead. How much
to leave out is found by rendering, guided by each item's share of the
bytes, so a feed of 20 items takes a handful of renders, not 20.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from itertools import accumulate

from feedsmith.model import Feed, Site

Render = Callable[[Feed, Site], bytes]


@dataclass(frozen=True, slots=True)
class Fitted:
    """A feed file's bytes, and what was left out to fit its budget."""

    data: bytes
    trimmed: int  # the oldest items whose full content was left out
    dropped: int  # the oldest items left out (their content counts in trimmed)
    note: str = ""  # the warning to show; "" when the file fits untouched


def fit(feed: Feed, render: Render, site: Site, max_bytes: int) -> Fitted:
    """``render(feed, site)``, with as little left out as brings it to at
    most ``max_bytes`` (0: no budget).

    The result is the fewest oldest items without full content that fits;
    failing that, every item without it and the fewest oldest items left
    out; failing that too, the least that may be written, over budget.
    """
    whole = render(feed, site)
    if not max_bytes or len(whole) <= max_bytes:
        return Fitted(whole, 0, 0)
    attempt = _Attempts(feed, render, site, max_bytes)
    count = len(feed.items)
    contentful = feed.full_content and any(item.content_html for item in feed.items)
    trimmed = count if contentful else 0
    if trimmed and attempt.fits(trimmed, 0):
        weights = [len(item.content_html) for item in reversed(feed.items)]
        share = (len(whole) - max_bytes) / (len(whole) - len(attempt(trimmed, 0)))
        least = _least(partial(attempt.fits, dropped=0), trimmed, weights, share)
        return attempt.fitted(least, 0)
    if _complete(feed):
        return attempt.fitted(trimmed, 0)
    if count < 2 or not attempt.fits(trimmed, count - 1):
        return attempt.fitted(trimmed, max(count - 1, 0))
    every = len(attempt(trimmed, 0))  # without content, items weigh about the same
    share = (every - max_bytes) / (every - len(attempt(trimmed, count - 1)))
    least = _least(partial(attempt.fits, trimmed), count - 1, [1] * (count - 1), share)
    return attempt.fitted(trimmed, least)


class _Attempts:
    """The feed rendered with its oldest items trimmed or dropped, each
    way once."""

    def __init__(self, feed: Feed, render: Render, site: Site, max_bytes: int):
        self._feed = feed
        self._render = render
        self._site = site
        self._max_bytes = max_bytes
        self._made: dict[tuple[int, int], bytes] = {}

    def __call__(self, trimmed: int, dropped: int) -> bytes:
        """The bytes with full content left out of the ``trimmed`` oldest
        items and the ``dropped`` oldest items left out."""
        if (trimmed, dropped) not in self._made:
            items = self._feed.items
            kept = len(items) - trimmed
            shown = (
                *items[:kept],
                *(replace(item, content_html="") for item in items[kept:]),
            )
            less = replace(self._feed, items=shown[: len(items) - dropped])
            self._made[trimmed, dropped] = self._render(less, self._site)
        return self._made[trimmed, dropped]

    def fits(self, trimmed: int, dropped: int) -> bool:
        return len(self(trimmed, dropped)) <= self._max_bytes

    def fitted(self, trimmed: int, dropped: int) -> Fitted:
        data = self(trimmed, dropped)
        note = _note(self._max_bytes, trimmed, dropped, len(self._feed.items))
        if len(data) > self._max_bytes:
            note += f"; still {len(data)} bytes"
            note += ": an archive keeps every item" if _complete(self._feed) else ""
        return Fitted(data, trimmed, dropped, note)


def _complete(feed: Feed) -> bool:
    """A document of an archive (current feed or page): together they hold
    every item once, so an item left out would be in none."""
    return feed.archive is not None


def _least(
    fits: Callable[[int], bool], most: int, weights: list[int], share: float
) -> int:
    """The least ``n`` from 1 to ``most`` that ``fits``, which holds from
    some ``n`` on and holds for ``most`` (not for 0).

    Looked for first where the first ``n`` ``weights`` (oldest first) make
    up ``share`` of their sum, then beside it on the side it points to, then
    by halves.
    """
    low, high = 0, most
    guess = _guess(weights, share)
    probes = [guess]
    while high - low > 1:
        probe = probes.pop() if probes else (low + high) // 2
        probe = min(max(probe, low + 1), high - 1)
        held = fits(probe)
        if held:
            high = probe
        else:
            low = probe
        if probe == guess:
            probes.append(probe - 1 if held else probe + 1)
    return high


def _guess(weights: list[int], share: float) -> int:
    total = sum(weights)
    wanted = share * total
    return next(
        (n for n, s in enumerate(accumulate(weights), 1) if s >= wanted),
        len(weights),
    )


def _note(max_bytes: int, trimmed: int, dropped: int, count: int) -> str:
    """What the warning says was left out."""
    said = f"over feeds.max_bytes ({max_bytes}): "
    if dropped:
        said += f"{_oldest(dropped)} left out"
        if trimmed:
            said += ", and the full content of the rest"
        return said
    if trimmed:
        every = f"all {count} items" if trimmed == count > 1 else _oldest(trimmed)
        return said + f"full content left out of {every}"
    return said + "nothing could be left out"


def _oldest(count: int) -> str:
    return "the oldest item" if count == 1 else f"the {count} oldest items"
