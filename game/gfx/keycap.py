"""Key glyphs: a bound key drawn as a small keycap, the same on cues, combo cards, how-to
pages and menus, so a new player learns one picture per key.

Labels are the HUD's (`Bindings.label`: "F", "LEFT", "SPACE", "[1]", controller "LB"). Arrow
keys are drawn as arrows (no font needed); a label too long for the room it is given is
abbreviated ("SPACE" -> "SPC"), then set smaller, then cut: a glyph never spills past the
width it was asked to keep to.
"""

from __future__ import annotations

import pygame

from game.gfx.text import TextCache

Colour = tuple[int, int, int]

FACE: Colour = (238, 232, 216)
SIDE: Colour = (132, 122, 108)
INK: Colour = (34, 28, 26)
MIN_FONT = 8

ARROWS = {"LEFT", "RIGHT", "UP", "DOWN"}
ABBREVIATIONS = {
    "SPACE": "SPC", "RETURN": "ENT", "ENTER": "ENT", "BACKSPACE": "BKSP", "ESCAPE": "ESC",
    "LEFT SHIFT": "LSHF", "RIGHT SHIFT": "RSHF", "LEFT CTRL": "LCTL", "RIGHT CTRL": "RCTL",
    "LEFT ALT": "LALT", "RIGHT ALT": "RALT", "CAPS LOCK": "CAPS", "DELETE": "DEL",
    "INSERT": "INS", "PAGE UP": "PGUP", "PAGE DOWN": "PGDN", "D-LEFT": "D-L",
    "D-RIGHT": "D-R", "D-UP": "D-U", "D-DOWN": "D-D", "START": "STRT",
}


def short_label(label: str) -> str:
    """The abbreviation a cramped glyph uses (the label itself when it has none)."""
    label = label.upper()
    return ABBREVIATIONS.get(label, label)


class Keycaps:
    """Rendered keycaps by (label, height, max width, face colour); built once each."""

    def __init__(self, text: TextCache, capacity: int = 256) -> None:
        self.text = text
        self._cache: dict[tuple, pygame.Surface] = {}
        self.capacity = capacity

    def get(self, label: str, height: int, max_width: int | None = None,
            face: Colour = FACE, ink: Colour = INK) -> pygame.Surface:
        key = (label, height, max_width, face, ink)
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) >= self.capacity:
                self._cache.clear()
            surf = self._cache[key] = self._build(label.upper() or "?", height, max_width,
                                                  face, ink)
        return surf

    def blit(self, target: pygame.Surface, label: str, centre: tuple[float, float],
             height: int, max_width: int | None = None, face: Colour = FACE,
             ink: Colour = INK) -> pygame.Rect:
        surf = self.get(label, height, max_width, face, ink)
        rect = surf.get_rect(center=(round(centre[0]), round(centre[1])))
        target.blit(surf, rect)
        return rect

    # -- building -------------------------------------------------------------------------
    def _fit(self, label: str, height: int, max_width: int | None) -> tuple[str, int, int]:
        """(text, font size, cap width): the full label if it fits, else shorter/smaller."""
        size = max(MIN_FONT, int(height * 0.72))
        pad = max(4, height // 3)
        tries = [label] if label == short_label(label) else [label, short_label(label)]
        for text in tries:
            w = max(height, self.text.font(size, True).size(text)[0] + pad)
            if max_width is None or w <= max_width:
                return text, size, w
        text = tries[-1]
        width = max_width or height
        while size > MIN_FONT and self.text.font(size, True).size(text)[0] + 4 > width:
            size -= 1
        return self.text.fit(text, size, max(4, width - 4), True), size, width

    def _build(self, label: str, height: int, max_width: int | None, face: Colour,
               ink: Colour) -> pygame.Surface:
        height = max(10, height)
        if label in ARROWS:
            text, size, width = "", 0, height
        else:
            text, size, width = self._fit(label, height, max_width)
        surf = pygame.Surface((width, height), pygame.SRCALPHA)
        lip = max(2, height // 8)
        radius = max(2, height // 5)
        pygame.draw.rect(surf, (*SIDE, 255), (0, lip, width, height - lip), border_radius=radius)
        pygame.draw.rect(surf, (*face, 255), (0, 0, width, height - lip),
                         border_radius=radius)
        pygame.draw.rect(surf, (*SIDE, 255), (0, 0, width, height - lip), 1,
                         border_radius=radius)
        cx, cy = width / 2, (height - lip) / 2
        if label in ARROWS:
            self._arrow(surf, label, (cx, cy), (height - lip) * 0.32, ink)
        else:
            glyph = self.text.render(text, size, ink, True)
            surf.blit(glyph, glyph.get_rect(center=(round(cx), round(cy))))
        return surf.convert_alpha() if pygame.display.get_surface() else surf

    @staticmethod
    def _arrow(surf: pygame.Surface, direction: str, centre: tuple[float, float], r: float,
               ink: Colour) -> None:
        x, y = centre
        points = {"LEFT": [(x - r, y), (x + r * 0.7, y - r), (x + r * 0.7, y + r)],
                  "RIGHT": [(x + r, y), (x - r * 0.7, y - r), (x - r * 0.7, y + r)],
                  "UP": [(x, y - r), (x - r, y + r * 0.7), (x + r, y + r * 0.7)],
                  "DOWN": [(x, y + r), (x - r, y - r * 0.7), (x + r, y - r * 0.7)]}
        pygame.draw.polygon(surf, ink, points[direction])
