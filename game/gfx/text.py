"""Fonts and a cache of rendered text, so drawing text costs a blit, not a render.

Text in any common script: the game's face (pygame's default font, or assets/fonts/
montage.ttf when present) draws what it can, and the Noto family shipped in assets/fonts
(OFL, see OFL.txt there) draws the rest: Latin, Greek and Cyrillic, Arabic and Hebrew
(shaped by HarfBuzz, right to left), and Chinese, Japanese and Korean. A string is split
into runs by the face that has each character's glyph; runs are drawn on one baseline, in
visual order (a right-to-left paragraph lays its runs out from the right).
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame.freetype

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_DIR = ASSETS / "fonts"
FONT_FILE = FONT_DIR / "montage.ttf"
COVERAGE_FILE = FONT_DIR / "coverage.txt"


@dataclass(frozen=True)
class Face:
    """One font of the fallback chain (file None: pygame's default font)."""

    regular: Path | None
    bold: Path | None = None       # None: the regular file, emboldened
    script: str = ""               # a HarfBuzz script tag for shaping ("Arab", "Hebr")
    rtl: bool = False

    def path(self, bold: bool) -> Path | None:
        return self.bold if bold and self.bold is not None else self.regular


PRIMARY = Face(FONT_FILE if FONT_FILE.exists() else None)
CHAIN: tuple[Face, ...] = (
    PRIMARY,
    Face(FONT_DIR / "NotoSans-Regular.ttf", FONT_DIR / "NotoSans-Bold.ttf"),
    Face(FONT_DIR / "NotoSansArabic-Regular.ttf", FONT_DIR / "NotoSansArabic-Bold.ttf",
         "Arab", True),
    Face(FONT_DIR / "NotoSansHebrew-Regular.ttf", FONT_DIR / "NotoSansHebrew-Bold.ttf",
         "Hebr", True),
    Face(FONT_DIR / "NotoSansCJKsc-Subset.otf"),
)
# right-to-left letters always go to their shaping face, even if the game's face has
# isolated forms of them (it could not join them)
RTL_RANGES = ((0x0590, 0x05FF, 3), (0xFB1D, 0xFB4F, 3), (0x0600, 0x06FF, 2),
              (0x0750, 0x077F, 2), (0x08A0, 0x08FF, 2), (0xFB50, 0xFDFF, 2),
              (0xFE70, 0xFEFF, 2))


def _neutral(ch: str) -> bool:
    """Spaces and punctuation take the face of the text around them."""
    return unicodedata.category(ch)[0] in "ZP" or ch in "+-=<>|~^"


class TextCache:
    """Renders (text, size, colour, bold) once; least recently used entries are dropped."""

    def __init__(self, capacity: int = 512, chain: tuple[Face, ...] = CHAIN) -> None:
        self.chain = tuple(f for f in chain if f.regular is None or f.regular.exists())
        self._fonts: dict[tuple[int, int, bool], pygame.font.Font] = {}
        self._cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._wraps: dict[tuple, list[str]] = {}
        self._probes: dict[int, pygame.freetype.Font] = {}
        self._has: dict[tuple[int, str], bool] = {}
        self._runs: dict[str, list[tuple[int, str]]] = {}
        self.capacity = capacity

    # -- faces ----------------------------------------------------------------------------
    def font(self, size: int, bold: bool = False, face: int = 0) -> pygame.font.Font:
        key = (face, size, bold)
        f = self._fonts.get(key)
        if f is None:
            spec = self.chain[face]
            path = spec.path(bold)
            f = pygame.font.Font(str(path) if path is not None else None, size)
            f.bold = bold and (spec.bold is None or face == 0)
            if spec.script:
                try:  # needs a HarfBuzz build of SDL_ttf (pygame-ce's wheels are)
                    f.set_script(spec.script)
                    f.set_direction(pygame.DIRECTION_RTL if spec.rtl else pygame.DIRECTION_LTR)
                except (AttributeError, pygame.error):
                    pass
            self._fonts[key] = f
        return f

    def has_glyph(self, face: int, ch: str) -> bool:
        """Whether face `face` of the chain has a real glyph for ch (not its tofu box)."""
        key = (face, ch)
        got = self._has.get(key)
        if got is None:
            probe = self._probes.get(face)
            if probe is None:
                if not pygame.freetype.get_init():
                    pygame.freetype.init()
                path = self.chain[face].regular
                probe = self._probes[face] = pygame.freetype.Font(
                    str(path) if path is not None else None, 16)
            got = self._has[key] = probe.get_metrics(ch)[0] is not None
        return got

    def face_for(self, ch: str) -> int:
        """The first face of the chain that draws ch (0 when none does: it shows a box)."""
        cp = ord(ch)
        for lo, hi, face in RTL_RANGES:
            if lo <= cp <= hi and face < len(self.chain) and self.chain[face].rtl:
                return face
        for face in range(len(self.chain)):
            if self.has_glyph(face, ch):
                return face
        return 0

    def can_draw(self, ch: str) -> bool:
        return ch.isspace() or any(self.has_glyph(f, ch) for f in range(len(self.chain)))

    def runs(self, text: str) -> list[tuple[int, str]]:
        """(face, text) runs in visual order, left to right."""
        cached = self._runs.get(text)
        if cached is not None:
            return cached
        if text.isascii():   # the common case: the game's own face, one run
            out = [(0, text)]
        else:
            out = self._split(text)
        if len(self._runs) > 1024:
            self._runs.clear()
        self._runs[text] = out
        return out

    def _split(self, text: str) -> list[tuple[int, str]]:
        faces: list[int | None] = []
        for ch in text:
            if unicodedata.category(ch).startswith("M") and faces:
                faces.append(faces[-1])          # a combining mark stays with its letter
            elif _neutral(ch):
                faces.append(None)
            else:
                faces.append(self.face_for(ch))
        # a neutral takes the face before it (else the one after) when that face draws it;
        # between right-to-left and left-to-right text it goes with the paragraph's way
        first_strong = next((f for f in faces if f is not None), 0)
        para_rtl = self.chain[first_strong].rtl
        resolved: list[int] = []
        for k, (ch, face) in enumerate(zip(text, faces, strict=True)):
            if face is None:
                before = resolved[-1] if resolved else None
                after = next((f for f in faces[k + 1:] if f is not None), None)
                order = [before, after]
                if before is not None and after is not None and \
                        self.chain[before].rtl != self.chain[after].rtl and \
                        self.chain[before].rtl != para_rtl:
                    order.reverse()
                face = next((f for f in order if f is not None and self.has_glyph(f, ch)), 0)
            resolved.append(face)
        runs: list[tuple[int, str]] = []
        for ch, face in zip(text, resolved, strict=True):
            if runs and runs[-1][0] == face:
                runs[-1] = (face, runs[-1][1] + ch)
            else:
                runs.append((face, ch))
        if para_rtl:  # a right-to-left paragraph: its runs are laid out from the right
            runs.reverse()
        return runs

    # -- measuring and drawing ------------------------------------------------------------
    def size(self, text: str, size: int, bold: bool = False) -> tuple[int, int]:
        runs = self.runs(text)
        if len(runs) == 1:
            return self.font(size, bold, runs[0][0]).size(text)
        return self.render(text, size, (255, 255, 255), bold).get_size()

    def _draw(self, text: str, size: int, colour: tuple[int, int, int],
              bold: bool) -> pygame.Surface:
        runs = self.runs(text)
        if len(runs) == 1:
            return self.font(size, bold, runs[0][0]).render(text, True, colour)
        parts = [(self.font(size, bold, f), self.font(size, bold, f).render(part, True,
                                                                             colour))
                 for f, part in runs]
        ascent = max(f.get_ascent() for f, _ in parts)
        height = max(ascent - f.get_ascent() + s.get_height() for f, s in parts)
        out = pygame.Surface((sum(s.get_width() for _, s in parts), height), pygame.SRCALPHA)
        x = 0
        for f, s in parts:        # one baseline for every face
            out.blit(s, (x, ascent - f.get_ascent()))
            x += s.get_width()
        # keep the game face's line box (plus any ink outside it): a tall fallback face
        # must not push the line down or make it taller than the same text in Latin
        base = self.font(size, bold, 0)
        top = ascent - base.get_ascent()
        bottom = top + base.get_height()
        ink = out.get_bounding_rect()
        if ink.height:
            top, bottom = min(top, ink.top), max(bottom, ink.bottom)
        top, bottom = max(0, top), min(height, bottom)
        return out.subsurface((0, top, out.get_width(), bottom - top)).copy()

    def render(self, text: str, size: int, colour: tuple[int, int, int] = (240, 240, 240),
               bold: bool = False) -> pygame.Surface:
        key = (text, size, colour, bold)
        surf = self._cache.get(key)
        if surf is None:
            surf = self._draw(text, size, colour, bold)
            if pygame.display.get_surface() is not None:
                surf = surf.convert_alpha()
            self._cache[key] = surf
            if len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return surf

    def fit(self, text: str, size: int, width: int, bold: bool = False) -> str:
        """The text, cut with an ellipsis so it is at most `width` pixels wide."""
        if self.size(text, size, bold)[0] <= width:
            return text
        while text and self.size(text + "...", size, bold)[0] > width:
            text = text[:-1]
        return text.rstrip() + "..."

    def wrap(self, text: str, size: int, width: int, bold: bool = False,
             max_lines: int = 99) -> list[str]:
        """Greedy word wrap to `width` pixels; the last allowed line ends in an ellipsis."""
        key = ("wrap", text, size, width, bold, max_lines)
        cached = self._wraps.get(key)
        if cached is not None:
            return cached
        lines: list[str] = []
        for word in text.split():
            if lines and self.size(lines[-1] + " " + word, size, bold)[0] <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        if len(lines) > max_lines:
            lines = lines[:max_lines - 1] + [self.fit(" ".join(lines[max_lines - 1:]), size,
                                                      width, bold)]
        lines = [self.fit(line, size, width, bold) for line in lines]
        if len(self._wraps) > 256:
            self._wraps.clear()
        self._wraps[key] = lines
        return lines

    def blit(self, target: pygame.Surface, text: str, size: int, pos: tuple[float, float],
             colour: tuple[int, int, int] = (240, 240, 240), bold: bool = False,
             anchor: str = "topleft") -> pygame.Rect:
        """Blit cached text with its rect anchored at pos ('center', 'midtop', ...)."""
        surf = self.render(text, size, colour, bold)
        rect = surf.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
        target.blit(surf, rect)
        return rect
