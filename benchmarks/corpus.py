"""Write a deterministic synthetic site for benchmarks.

``python benchmarks/corpus.py DEST N`` writes ``DEST/config.yaml`` and N
articles under ``DEST/sources/``: nine in ten Markdown with YAML front matter,
one in ten saved plain text; sizes from 1 KB to 100 KB (most near 4 KB),
dates spread over 15 years, a few tags each from a vocabulary of 200, code
blocks, links, and about one draft in fifty. The same N gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = (
    "ore", "vein", "shaft", "adit", "assay", "drill", "core", "rock", "quartz",
    "gold", "copper", "survey", "map", "pump", "water", "air", "fan", "shift",
    "crew", "lamp", "rail", "cart", "mill", "crusher", "flotation", "cell",
    "slurry", "tailings", "dam", "bench", "blast", "face", "roof", "bolt", "mesh",
    "gas", "detector", "safety", "history", "engine", "boiler", "chimney",
    "smelter", "furnace", "slag", "ingot", "sample", "grade",
)  # fmt: skip
TAGS = [f"topic-{n:03d}" for n in range(200)]
START = datetime(2010, 1, 1, tzinfo=UTC)
CONFIG = """\
site:
  title: Benchmark Site
  url: https://bench.example.org/
  description: A synthetic corpus
sources: sources
output: feeds
"""


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 16))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))


def body(rng: random.Random, size: int) -> str:
    parts = []
    while sum(map(len, parts)) < size:
        roll = rng.random()
        if roll < 0.08:
            parts.append("```python\nfor sample in core:\n    assay(sample)\n```")
        elif roll < 0.16:
            parts.append(
                f"See [the notes](../notes-{rng.randint(1, 999)}/) and "
                f"[the map](https://maps.example.org/{rng.randint(1, 99)})."
            )
        elif roll < 0.22:
            parts.append(f"## {sentence(rng)[:-1]}")
        else:
            parts.append(paragraph(rng))
    return "\n\n".join(parts) + "\n"


def size_of(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.80:
        return rng.randint(2_000, 6_000)
    if roll < 0.97:
        return rng.randint(1_000, 20_000)
    return rng.randint(20_000, 100_000)


def article(rng: random.Random, number: int) -> tuple[str, str]:
    date = START + timedelta(minutes=number * 7 + rng.randint(0, 6))
    title = f"{sentence(rng)[:-1]} {number}"
    text = body(rng, size_of(rng))
    if number % 10 == 9:
        nice = f"{date:%B} {date.day}, {date.year}"
        return f"archive/{number:06d}.txt", f"{title}\n\n{text}\n{nice}\n"
    tags = ", ".join(rng.sample(TAGS, k=rng.randint(1, 4)))
    draft = "draft: true\n" if number % 50 == 7 else ""
    stamp = f"{date:%Y-%m-%d %H:%M:%S}"
    front = f'---\ntitle: "{title}"\ndate: {stamp}\ntags: [{tags}]\n{draft}---\n'
    return f"posts/{date:%Y}/{number:06d}.md", front + text


def write(dest: Path, count: int) -> None:
    """Write the corpus of ``count`` articles into ``dest``."""
    (dest / "sources").mkdir(parents=True, exist_ok=True)
    (dest / "config.yaml").write_text(CONFIG, encoding="utf-8")
    for number in range(count):
        rng = random.Random(number)
        name, text = article(rng, number)
        path = dest / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    write(args.dest, args.count)


if __name__ == "__main__":
    main()
