"""Tell a WebSub hub which feeds changed, so it pushes them to subscribers.

WebSub (W3C, 2018) leaves the publisher's notice to each hub; the one hubs
take (Google's, Superfeedr, Switchboard, websub.rocks) is PubSubHubbub's:
a form POST of ``hub.mode=publish`` and ``hub.url``, the feed's own URL.
Some hubs accept ``hub.url`` repeated in one POST, but a hub that reads
forms as PHP does keeps only the last one; so each feed gets a POST of its
own, which every hub understands.

A notice is a courtesy (readers still poll), so nothing here raises: every
failure becomes a warning for the command line to print.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from feedsmith.version import __version__


@dataclass(frozen=True, slots=True)
class Pinged:
    """What :func:`ping` did: the feeds the hub took, and a warning for
    each problem (empty when there was none)."""

    notified: tuple[str, ...]
    warnings: tuple[str, ...]


def ping(
    hub: str,
    urls: list[str],
    *,
    timeout: float = 10,
    attempts: int = 3,
    backoff: float = 0.5,
) -> Pinged:
    """POST a publish notice for each of ``urls`` to ``hub``.

    A connection error, a timeout (``timeout`` seconds per try) or a 5xx
    answer is tried again, ``attempts`` times in all, waiting ``backoff``
    seconds and then twice as long each time; a 4xx (or a redirect) is not.
    A hub still down after its tries is given up for the remaining feeds,
    named in one warning: a dead hub costs one feed's tries, not each one's.
    """
    notified: list[str] = []
    warnings: list[str] = []
    for number, url in enumerate(urls):
        problem, hub_down = _notify(hub, url, timeout, attempts, backoff)
        if not problem:
            notified.append(url)
            continue
        warnings.append(f"{hub} was not told of {url}: {problem}")
        left = len(urls) - number - 1
        if hub_down and left:
            feeds = "feed" if left == 1 else "feeds"
            warnings.append(f"{hub} was not told of {left} more {feeds}: gave up")
            break
    return Pinged(tuple(notified), tuple(warnings))


def _notify(
    hub: str, url: str, timeout: float, attempts: int, backoff: float
) -> tuple[str, bool]:
    """``("", False)`` once the hub took the notice; else why not, and
    whether the hub itself seems down (not worth the other feeds' tries)."""
    form = {"hub.mode": "publish", "hub.url": url}
    request = urllib.request.Request(
        hub,
        data=urllib.parse.urlencode(form).encode("ascii"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": f"feedsmith/{__version__}",
        },
        method="POST",
    )
    problem = ""
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            with _OPENER.open(request, timeout=timeout):
                return "", False
        except urllib.error.HTTPError as error:
            problem = f"the hub answered HTTP {error.code} {error.reason}"
            if error.code < 500:  # the hub refused this notice: asking again won't help
                return problem, False
        except (OSError, http.client.HTTPException) as error:
            problem = _unreachable(error, timeout)
    tries = "1 try" if attempts == 1 else f"{attempts} tries"
    return f"{problem} ({tries})", True


def _unreachable(error: Exception, timeout: float) -> str:
    """Why a POST got no answer, in words: a timeout or the socket's error."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    return f"cannot reach the hub: {reason}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, not followed: urllib would follow it with a
    GET, losing the notice while looking like success."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)
