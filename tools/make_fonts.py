"""Rebuild assets/fonts from the system's Noto fonts (Debian: fonts-noto-core,
fonts-noto-cjk).

A maintainer's tool, not used at run time: `pip install fonttools` in a scratch venv, then
`python tools/make_fonts.py` (`--coverage-only` rewrites only coverage.txt). It copies the
Latin/Greek/Cyrillic, Arabic and Hebrew faces as they are and cuts the CJK face down to the
characters of the common national character sets (GB 2312, JIS X 0208 level 1, KS X 1001
hangul), kana and CJK punctuation, so the game ships a few MB instead of 20. It then writes
assets/fonts/coverage.txt (the code points the game can draw), which `montage check` reads
to warn about anything else.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE = "Noto Sans CJK SC"
OUT = Path(__file__).resolve().parents[1] / "assets" / "fonts"
COPIED = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansArabic-Regular.ttf",
          "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf")
CJK_OUT = "NotoSansCJKsc-Subset.otf"


def double_byte(codec: str, rows: range, cols: list[int]) -> set[str]:
    out: set[str] = set()
    for r in rows:
        for c in cols:
            try:
                out.update(bytes([r, c]).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


def cjk_chars() -> set[str]:
    hi = list(range(0xA1, 0xFF))
    chars = double_byte("gb2312", range(0xA1, 0xF8), hi)            # simplified Chinese
    chars |= double_byte("euc_jp", range(0xA1, 0xD0), hi)           # JIS X 0208 level 1
    chars |= double_byte("euc_kr", range(0xA1, 0xC9), hi)           # hangul (no hanja rows)
    for lo, top in ((0x3000, 0x30FF), (0x3130, 0x318F), (0xFF00, 0xFFEF)):
        chars |= {chr(c) for c in range(lo, top + 1)}               # punctuation, kana, jamo
    return {c for c in chars if ord(c) > 0x2E7F or 0x3000 <= ord(c)}


def game_face() -> Path | None:
    """The face the game draws with first: assets/fonts/montage.ttf, else pygame's default
    font (found in the checkout's .venv), whose glyphs count as drawable too."""
    own = OUT / "montage.ttf"
    if own.exists():
        return own
    found = sorted(OUT.parents[1].glob(".venv/lib/python*/site-packages/pygame/freesansbold.ttf"))
    return found[0] if found else None


def write_coverage() -> None:
    points: set[int] = set()
    for path in (game_face(), *(OUT / n for n in (*COPIED, CJK_OUT))):
        if path is not None:
            points |= set(TTFont(str(path)).getBestCmap())
    (OUT / "coverage.txt").write_text(ranges_text(points), encoding="utf-8")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if "--coverage-only" in sys.argv:
        write_coverage()
        return 0
    for name in COPIED:
        shutil.copyfile(NOTO / name, OUT / name)
    coll = TTCollection(str(CJK))
    face = next(f for f in coll.fonts if f["name"].getDebugName(4) == CJK_FACE)
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False          # drawn at menu sizes by FreeType's autohinter anyway
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in cjk_chars()])
    sub.subset(face)
    face.save(str(OUT / CJK_OUT))
    write_coverage()
    for p in sorted(OUT.iterdir()):
        print(f"{p.name:32} {p.stat().st_size / 1e6:6.2f} MB")
    return 0


def ranges_text(points: set[int]) -> str:
    """Code points as 'XXXX-YYYY' ranges, one a line."""
    lines, run = [], None
    for cp in sorted(points):
        if run and cp == run[1] + 1:
            run[1] = cp
        else:
            if run:
                lines.append(run)
            run = [cp, cp]
    if run:
        lines.append(run)
    head = "# code points the game's fonts draw (tools/make_fonts.py writes this file)\n"
    return head + "".join(f"{a:04X}-{b:04X}\n" for a, b in lines)


if __name__ == "__main__":
    sys.exit(main())
