"""Which characters the game can draw, without loading pygame: the code points of its
fonts, listed in assets/fonts/coverage.txt (written with the fonts by tools/make_fonts.py;
a test keeps it in step with what the text renderer finds in the font files)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

COVERAGE_FILE = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "coverage.txt"


@lru_cache(maxsize=4)
def coverage(path: Path = COVERAGE_FILE) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(range starts, range ends), or None when the list is missing (nothing is flagged)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    starts, ends = [], []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        a, _, b = line.partition("-")
        try:
            starts.append(int(a, 16))
            ends.append(int(b or a, 16))
        except ValueError:
            continue
    return tuple(starts), tuple(ends)


def drawable(ch: str, path: Path = COVERAGE_FILE) -> bool:
    """Whether ch draws as a real glyph (white space always does: it draws nothing)."""
    if ch.isspace():
        return True
    table = coverage(path)
    if table is None:
        return True
    starts, ends = table
    k = bisect_right(starts, ord(ch)) - 1
    return k >= 0 and ord(ch) <= ends[k]


def undrawable(text: str, path: Path = COVERAGE_FILE) -> list[tuple[int, str]]:
    """(index, character) of every character in text the game would draw as a box."""
    return [(i, ch) for i, ch in enumerate(text) if not drawable(ch, path)]
