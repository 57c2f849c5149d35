"""Rewrite ``tests/sites/<tool>/expected.json`` from the real tool's build.

Run from ``tests/``: ``python -m realtools hugo jekyll``. Each file keeps its
indentation; look at ``git diff tests/sites`` before committing: the file is
what the feedsmith profile tests hold feedsmith to.
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
from pathlib import Path

SITES = Path(__file__).parents[1] / "sites"


def write_expected(tool: str) -> Path:
    module = importlib.import_module(f"realtools.{tool}")
    path = SITES / tool / "expected.json"
    old = path.read_text(encoding="utf-8") if path.is_file() else "[\n  {"
    indent = len(old.splitlines()[1]) - len(old.splitlines()[1].lstrip(" "))
    with tempfile.TemporaryDirectory(prefix=f"feedsmith-{tool}-") as scratch:
        module.build(SITES / tool, Path(scratch) / "out")
        records = module.items(Path(scratch) / "out")
    text = json.dumps(records, indent=indent or 2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(write_expected(name))
