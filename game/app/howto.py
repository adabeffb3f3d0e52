"""The one-screen how-to a stage shows before its first play: its keys as glyphs, each kind
of cue it asks for drawn as the cue track draws it, and the words it judges with.

Everything comes from the stage's descriptor (actions, action_labels, symbols, words) and
the keys the player has bound, plus the cue kinds the level about to be played really has,
so a new stage gets its how-to without writing one. The play scene shows it as a card over
its loading screen; the song starts only when the player is ready.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pygame

from game.app.hud import AVOID_COLOUR, HOLD_COLOUR, JUDGEMENT_STYLE, ROLL_COLOUR, draw_shape
from game.core.level import Cue
from game.core.stage import StageInfo
from game.gfx import chrome
from game.gfx.keycap import Keycaps
from game.gfx.palette import DIM, INK
from game.gfx.text import TextCache

W, H = 1280, 720
TAP = (225, 120, 80)
ACCENT = (250, 236, 200)
#: what each kind of cue asks, in the order a newcomer meets them
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("tap", "a disc: press its key as it reaches the line"),
    ("accent", "a big pale disc: an accent, hit it hard (it scores more)"),
    ("chord", "discs joined by a line: press those keys together"),
    ("hold", "a bar: press as it arrives and hold to its end"),
    ("release", "a caret: let go on it"),
    ("roll", "a ribbon: tap fast until it ends, the count shows how many"),
    ("avoid", "a red diamond: keep off that key"),
)
#: judgement -> what the word means (the stage's own word is shown beside it)
JUDGEMENT_MEANING = {"wrong": "the other key was due", "drop": "let go too soon",
                     "hit_by": "did not get out of the way", "dodge": "kept clear",
                     "held": "held to the end"}


@dataclass(frozen=True)
class HowToPage:
    stage: StageInfo
    keys: Mapping[str, Sequence[str]]     # action -> bound key labels ("F", "LEFT")
    kinds: tuple[str, ...]                # cue kinds this play has, in KIND_WORDS order


def page_for(stage: StageInfo, keys: Mapping[str, Sequence[str]],
             cues: Sequence[Cue]) -> HowToPage:
    """The stage's page: kinds its symbols make plus those the level's cues really use."""
    used = {("chord" if len(c.parts) > 1 and c.kind == "tap" else c.kind)
            for c in cues if c.stage in ("", stage.name)}
    used |= {s.kind for s in stage.symbols.values()}
    used |= {"chord" for s in stage.symbols.values() if len(s.parts) > 1}
    if any(c.accent for c in cues if c.stage in ("", stage.name)):
        used.add("accent")
    used.add("tap")
    return HowToPage(stage, keys, tuple(k for k, _w in KIND_WORDS if k in used))


class HowToCard:
    """Pages of how-to, one per stage not yet taught; Enter turns the page or starts."""

    def __init__(self, text: TextCache, pages: Sequence[HowToPage],
                 reduced_motion: bool = False) -> None:
        self.text = text
        self.pages = list(pages)
        self.index = 0
        self.keycaps = Keycaps(text)
        self.backdrop = chrome.Backdrop(reduced_motion=reduced_motion, veil=150)
        self.backdrop.hold(chrome.STILL_T)   # a still morning: this page is for reading

    @property
    def page(self) -> HowToPage:
        return self.pages[self.index]

    @property
    def stages(self) -> list[str]:
        return [p.stage.name for p in self.pages]

    def handle(self, event: pygame.event.Event) -> str | None:
        """'start' when the last page is done, 'back' for Esc, else None."""
        if event.type != pygame.KEYDOWN:
            return None
        if event.key == pygame.K_ESCAPE:
            return "back"
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            if self.index + 1 < len(self.pages):
                self.index += 1
                return None
            return "start"
        return None

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        text, page = self.text, self.page
        info = page.stage
        self.backdrop.draw(canvas)
        more = f"   ({self.index + 1} of {len(self.pages)})" if len(self.pages) > 1 else ""
        chrome.heading(canvas, text, f"HOW TO PLAY: {info.title.upper()}", info.blurb + more)
        lanes = max(1, len(info.actions))
        track = chrome.draw_panel(canvas, pygame.Rect(60, 112, 1160, 92 + lanes *
                                                      self._lane_h(lanes)))
        self._draw_track(canvas, track)
        below = track.bottom + 14
        n = len(info.actions)
        row = 52 if n <= 3 else 40
        kinds_h = 56 + 46 * len(page.kinds) + 30 * sum(j in info.words for j in
                                                       JUDGEMENT_MEANING)
        height = min(H - 56 - below, max(40 + row * n, kinds_h, 150))
        keys_box = chrome.draw_panel(canvas, pygame.Rect(60, below, 440, height))
        self._draw_keys(canvas, keys_box, row)
        cues_box = chrome.draw_panel(canvas, pygame.Rect(520, below, 700, height))
        self._draw_kinds(canvas, cues_box)
        hint = "Enter: next stage" if self.index + 1 < len(self.pages) else \
            "Enter: I'm ready, start the round"
        chrome.footer(canvas, text, f"{hint}     Esc: back")

    def _label(self, action: str) -> str:
        return (list(self.page.keys.get(action, ())) or ["?"])[0]

    def _demo_actions(self) -> list[str]:
        """The stage's example pattern, as the actions it asks for, in order."""
        info = self.page.stage
        out = []
        for ch in info.example_pattern:
            sym = info.symbols.get(ch)
            if sym is not None:
                out.extend(sym.parts[:1])
        return (out or list(info.actions))[:8]

    @staticmethod
    def _lane_h(lanes: int) -> int:
        return min(40, 126 // max(1, lanes))

    def _draw_track(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        """A still of the cue track: its lanes and keys, a few cues on their way to the line."""
        text, info = self.text, self.page.stage
        text.blit(canvas, "THE CUE TRACK", 16, (box.x + 24, box.y + 16), DIM, True)
        lanes = list(info.actions)
        lane_h = self._lane_h(len(lanes))
        top = box.y + 46
        hit_x = box.x + 190
        lane_y = {a: top + k * lane_h + lane_h // 2 for k, a in enumerate(lanes)}
        pygame.draw.rect(canvas, (8, 8, 12), (box.x + 16, top - 4, box.width - 32,
                                              lane_h * len(lanes) + 8))
        for a, y in lane_y.items():
            pygame.draw.line(canvas, (70, 70, 80), (hit_x, y), (box.right - 30, y), 1)
            if lane_h >= 20:
                self.keycaps.blit(canvas, self._label(a), (box.x + 46, y), min(30, lane_h - 4),
                                  48)
            else:
                text.blit(canvas, self._label(a), 13, (box.x + 30, y), INK, True,
                          anchor="midleft")
            text.blit(canvas, text.fit(info.action_labels.get(a, a), 15, 104), 15,
                      (box.x + 74, y), INK, anchor="midleft")
        bottom = top + lane_h * len(lanes)
        pygame.draw.line(canvas, (240, 230, 200), (hit_x, top - 4), (hit_x, bottom + 4), 3)
        r = max(6, lane_h // 2 - 2)
        for k, action in enumerate(self._demo_actions()):
            x = hit_x + 120 + k * 110
            if x > box.right - 40:
                break
            y = lane_y.get(action, top + lane_h // 2)
            pygame.draw.circle(canvas, TAP, (x, y), r)
            pygame.draw.circle(canvas, (40, 20, 16), (x, y), r, 2)
            if r >= 10:
                self.keycaps.blit(canvas, self._label(action), (x, y), round(r * 1.3), 2 * r)
        pygame.draw.polygon(canvas, (255, 214, 90), [(hit_x + 6, bottom + 16),
                                                     (hit_x + 18, bottom + 10),
                                                     (hit_x + 18, bottom + 22)])
        text.blit(canvas, "cues slide to the line: press the key shown as each one crosses it",
                  18, (hit_x + 26, bottom + 16), (255, 214, 90), True, anchor="midleft")

    def _draw_keys(self, canvas: pygame.Surface, box: pygame.Rect, row: int) -> None:
        text, page, info = self.text, self.page, self.page.stage
        text.blit(canvas, "YOUR KEYS", 16, (box.x + 24, box.y + 16), DIM, True)
        cap_h = min(40, row - 10)
        for k, action in enumerate(info.actions):
            y = box.y + 56 + k * row
            if y > box.bottom - 16:
                break
            x = box.x + 24
            for j, label in enumerate(list(page.keys.get(action, ()))[:2]):
                if j:
                    text.blit(canvas, "or", 15, (x + 2, y), DIM, anchor="midleft")
                    x += 24
                cap = self.keycaps.get(label, cap_h, 110)
                canvas.blit(cap, cap.get_rect(midleft=(x, y)))
                x += cap.get_width() + 8
            name = info.action_labels.get(action, action.replace("_", " "))
            x = max(x + 6, box.x + 170)
            text.blit(canvas, text.fit(name, 21, box.right - 16 - x), 21, (x, y), INK, True,
                      anchor="midleft")

    def _draw_kinds(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        text, page, info = self.text, self.page, self.page.stage
        text.blit(canvas, "WHAT THE CUES MEAN", 16, (box.x + 24, box.y + 16), DIM, True)
        y = box.y + 56
        first = info.actions[0]
        second = info.actions[1] if len(info.actions) > 1 else first
        for kind in page.kinds:
            self._draw_kind(canvas, kind, (box.x + 56, y), self._label(first),
                            self._label(second))
            lines = text.wrap(dict(KIND_WORDS)[kind], 18, box.width - 130, max_lines=2)
            for j, line in enumerate(lines):
                text.blit(canvas, line, 18, (box.x + 110, y + (j - (len(lines) - 1) / 2) * 21),
                          INK, anchor="midleft")
            y += 46
        for judgement, meaning in JUDGEMENT_MEANING.items():
            word = info.words.get(judgement)
            if word is None or y > box.bottom - 20:
                continue
            col, shape, _w = JUDGEMENT_STYLE[judgement]
            draw_shape(canvas, shape, col, (box.x + 56, y), 9)
            rect = text.blit(canvas, word, 18, (box.x + 110, y), col, True, anchor="midleft")
            text.blit(canvas, f": {meaning}", 18, (rect.right, y), INK, anchor="midleft")
            y += 30

    def _draw_kind(self, canvas: pygame.Surface, kind: str, at: tuple[int, int],
                   label: str, label2: str) -> None:
        """The cue as the HUD's track draws it, with the key glyph on taps."""
        x, y = at
        r = 15
        if kind in ("tap", "accent"):
            rr = r + (2 if kind == "accent" else 0)
            pygame.draw.circle(canvas, ACCENT if kind == "accent" else TAP, (x, y), rr)
            pygame.draw.circle(canvas, (40, 20, 16), (x, y), rr, 2)
            self.keycaps.blit(canvas, label, (x, y), round(r * 1.3), 2 * r)
        elif kind == "chord":
            pygame.draw.line(canvas, (240, 220, 180), (x - 18, y - 12), (x + 18, y + 12), 3)
            for cx, cy, lab in ((x - 18, y - 12, label), (x + 18, y + 12, label2)):
                pygame.draw.circle(canvas, TAP, (cx, cy), 11)
                self.keycaps.blit(canvas, lab, (cx, cy), 14, 22)
        elif kind == "hold":
            pygame.draw.line(canvas, HOLD_COLOUR, (x - 30, y), (x + 30, y), 6)
            pygame.draw.circle(canvas, TAP, (x - 30, y), 11)
        elif kind == "release":
            pygame.draw.lines(canvas, HOLD_COLOUR, False, [(x - r, y + r * 0.5), (x, y - r),
                                                            (x + r, y + r * 0.5)], 3)
        elif kind == "roll":
            pygame.draw.line(canvas, ROLL_COLOUR, (x - 30, y), (x + 30, y), 6)
            for k in range(x - 30, x + 30, 14):
                pygame.draw.line(canvas, (20, 30, 50), (k, y - 3), (k + 6, y + 3), 2)
        elif kind == "avoid":
            draw_shape(canvas, "diamond", AVOID_COLOUR, (x, y), r + 1, 3)
            draw_shape(canvas, "cross", AVOID_COLOUR, (x, y), r * 0.55)
