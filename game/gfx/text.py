"""Fonts and a cache of rendered text, so drawing text costs a blit, not a render."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_FILE = ASSETS / "fonts" / "montage.ttf"


class TextCache:
    """Renders (text, size, colour, bold) once; least recently used entries are dropped."""

    def __init__(self, capacity: int = 512) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._wraps: dict[tuple, list[str]] = {}
        self.capacity = capacity

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        f = self._fonts.get(key)
        if f is None:
            f = pygame.font.Font(str(FONT_FILE) if FONT_FILE.exists() else None, size)
            f.bold = bold
            self._fonts[key] = f
        return f

    def render(self, text: str, size: int, colour: tuple[int, int, int] = (240, 240, 240),
               bold: bool = False) -> pygame.Surface:
        key = (text, size, colour, bold)
        surf = self._cache.get(key)
        if surf is None:
            surf = self.font(size, bold).render(text, True, colour)
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
        font = self.font(size, bold)
        if font.size(text)[0] <= width:
            return text
        while text and font.size(text + "...")[0] > width:
            text = text[:-1]
        return text.rstrip() + "..."

    def wrap(self, text: str, size: int, width: int, bold: bool = False,
             max_lines: int = 99) -> list[str]:
        """Greedy word wrap to `width` pixels; the last allowed line ends in an ellipsis."""
        key = ("wrap", text, size, width, bold, max_lines)
        cached = self._wraps.get(key)
        if cached is not None:
            return cached
        font = self.font(size, bold)
        lines: list[str] = []
        for word in text.split():
            if lines and font.size(lines[-1] + " " + word)[0] <= width:
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
