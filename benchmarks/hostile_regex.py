"""Time every reader and content.render on hostile text of growing size.

    python benchmarks/hostile_regex.py                 # 10 KB, 100 KB, 1 MB
    python benchmarks/hostile_regex.py --sizes 1000,2000,4000 --limit 60

Prints a Markdown table: the median time at each size and the growth from
one size to the next. Linear work grows ~10x per 10x size; a pattern that
backtracks grows ~100x (quadratic) or ~1000x (cubic). Each measurement runs
in a child process, so a hang shows as "> LIMIT s" instead of stopping the
run; point PYTHONPATH at an older checkout to time the code before a fix.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from feedsmith.config import ContentSettings
from feedsmith.errors import SkippedSource, SourceError
from feedsmith.model import Article, Body
from feedsmith.pipeline.content import render
from feedsmith.readers import read


def _fill(prefix: str, unit: str, suffix: str) -> Callable[[int], str]:
    """Text of about ``size`` characters: ``prefix``, ``unit`` repeated, ``suffix``."""
    return lambda size: prefix + unit * (size // len(unit)) + suffix


# What the issue found, and what else each pattern could be fed.
CASES: dict[str, Callable[[int], str]] = {
    "prose (baseline)": _fill("Title\n\n", "Plain words in a sentence.\n\n", ""),
    "'# a' + spaces + 'b'": _fill("# a", " ", "b\n\nBody.\n"),
    "'Next:a' + spaces + 'b' (last line)": _fill(
        "Title\n\nBody.\n\n2024-01-01\nNext:a", " ", "b\n"
    ),
    "'<a' repeated, no '>'": _fill("", "<a", ""),
    "'<meta ' repeated, no '>'": _fill("", "<meta ", ""),
    "URL + ')' repeated": _fill("Title\n\nhttp://a", ")", "\n"),
    "'key' + spaces, no ':'": _fill("---\ntitle: t\n---\nkey", " ", "x\n"),
    "'\\n' + spaces, repeated": _fill("T\n\n", "\n" + " " * 50 + "x", "\n"),
    "punctuation mix": _fill("# ", "#<>:-( )*_[]`&;'\"=!|~.,", "\n"),
}
SUFFIXES = {".md": "markdown", ".txt": "text", ".html": "html"}
# Bodies over content.max_bytes are left out unrendered: lift the bound so
# that the 1 MB column times the whole work.
_EVERY_SIZE = ContentSettings(sanitize=True, max_bytes=10**9)


def _read(path: Path) -> None:
    with contextlib.suppress(SourceError, SkippedSource):  # refusing is fine
        read(path)


def _render(text: str, markup: str) -> None:
    published = datetime(2024, 1, 1, tzinfo=UTC)
    link = "https://example.org/p/"
    article = Article(link, "t", link, published, None, (), (), None, Path("hostile"))
    render(article, Body(text, markup, 1), _EVERY_SIZE)


def _targets(text: str, folder: Path) -> dict[str, Callable[[], None]]:
    targets: dict[str, Callable[[], None]] = {}
    for suffix, markup in SUFFIXES.items():
        path = folder / f"hostile{suffix}"
        path.write_text(text, encoding="utf-8")
        targets[f"read {suffix}"] = lambda path=path: _read(path)
        targets[f"render {markup}"] = lambda markup=markup: _render(text, markup)
    return targets


def _measure(case: str, target: str, size: int, runs: int, pipe) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = _targets(CASES[case](size), Path(folder))[target]
        work()  # warm up: first calls compile patterns and fill caches
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    pipe.send(statistics.median(times))


def timed(case: str, target: str, size: int, runs: int, limit: float) -> float | None:
    """Median seconds of ``runs`` runs, or None past ``limit`` seconds."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_measure, args=(case, target, size, runs, send))
    child.start()
    ready = receive.poll(limit)
    result = receive.recv() if ready else None
    child.kill()
    child.join()
    return result


def _cell(seconds: float | None, limit: float) -> str:
    return f"> {limit:g} s" if seconds is None else f"{seconds * 1000:.2f} ms"


def _growth(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "-"
    return f"{after / max(before, 1e-6):.0f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60, help="seconds per size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = [f"{s / 1000:g} KB" if s < 10**6 else f"{s / 10**6:g} MB" for s in sizes]
    growth = [f"{a}->{b}" for a, b in itertools.pairwise(names)]
    print("| input | target | " + " | ".join(names + growth) + " |")
    print("|---" * (2 + len(names) + len(growth)) + "|")
    with tempfile.TemporaryDirectory() as folder:
        target_names = list(_targets("", Path(folder)))
    for case in CASES:
        for target in target_names:
            times: list[float | None] = []
            for size in sizes:
                if times and times[-1] is None:  # a larger size would hang too
                    break
                times.append(timed(case, target, size, args.runs, args.limit))
            cells = [_cell(t, args.limit) for t in times]
            cells += ["not run"] * (len(sizes) - len(times))
            cells += [_growth(a, b) for a, b in itertools.pairwise(times)]
            print(f"| {case} | {target} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
