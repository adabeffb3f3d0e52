"""Results: the grade revealed, the run in the stage's own words, and what to do next.

A low grade says why (timing that leans early or late, misses of each kind), and offers the
two cures by key: C calibrates the offset from this very play (its median hit error, as
osu! does) and E plays the level again on Easy. Unlocks, first clears, bests and full combos
are celebrated once the grade lands. The reveal animates unless motion is reduced.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pygame

from game.app.hud import JUDGEMENT_STYLE, draw_shape
from game.app.progress_hooks import CELEBRATIONS
from game.app.scene import Scene
from game.core.calibration import PlayCalibration, calibrate_from_play
from game.core.debrief import Debrief, debrief, lean_words
from game.core.level import Level
from game.core.session import PlaySession
from game.core.stage import StageInfo
from game.gfx import chrome
from game.gfx.keycap import Keycaps
from game.stages import get_stage

W, H = 1280, 720
GRADE_COLOURS = {"S": (255, 214, 90), "A": (120, 230, 150), "B": (120, 180, 255),
                 "C": (220, 220, 220), "D": (230, 150, 90), "F": (235, 80, 70)}
TEXT = (245, 240, 230)
DIM = (200, 196, 204)
GOLD = (255, 214, 90)
WARM = (255, 210, 150)
COUNT_S = 0.9            # accuracy and score count up this long
STAMP_S = 0.3            # then the grade lands
REVEAL_S = COUNT_S + STAMP_S + 0.3   # and the celebrations fade in
GRADE_CENTRE = (230, 200)
LEFT_BOX = pygame.Rect(40, 112, 380, 478)
COUNTS_BOX = pygame.Rect(440, 112, 350, 288)
TIMING_BOX = pygame.Rect(810, 112, 430, 288)
WHY_PANEL = pygame.Rect(440, 410, 800, 180)
WHY_BOX = WHY_PANEL.inflate(-40, -24)
WORKOUT_BOX = pygame.Rect(40, 596, 1200, 60)     # the round's workout (game.app.scenes.workout)


class ResultsScene(Scene):
    def __init__(self, app: Any, session: PlaySession, level: Level, options: Any = None,
                 notes: list[str] | None = None, reveal: bool = True) -> None:
        super().__init__(app)
        self.session = session
        self.level = level
        self.options = options
        self.summary = session.summary()
        self.notes = list(notes or [])
        self.celebrations = [n for n in self.notes if n.startswith(CELEBRATIONS)]
        self.plain_notes = [n for n in self.notes if n not in self.celebrations]
        self.stages = [get_stage(n) for n in dict.fromkeys(session.level.stages)]
        self.stage: StageInfo = get_stage(level.stage)
        self.tier = getattr(options, "tier", "normal")
        autoplay = bool(getattr(options, "autoplay", False))
        s = app.settings
        silent = app.audio is None or not getattr(app.audio, "available", False)
        self.calibration: PlayCalibration | None = None if autoplay else \
            calibrate_from_play(session.score.offsets, s.audio_offset_ms, s.visual_offset_ms,
                                silent=silent)
        self.debrief: Debrief = debrief(self.summary, self.stages, self.tier,
                                        self.calibration)
        if self.debrief.full_combo and not autoplay:
            self.celebrations.insert(0, "full combo!")
        self.calibrated: tuple[float, float] | None = None   # (old, new) audio offset
        self.keycaps = Keycaps(app.text)
        self.start_ns = time.perf_counter_ns()
        self.revealed = not reveal or s.reduced_motion
        self.background = self._build()
        self.why_layer = self._build_why()

    # -- the fixed layer ------------------------------------------------------------------
    def _build(self) -> pygame.Surface:
        """Everything that never moves once the level is over: drawn once."""
        bg = pygame.Surface((W, H))
        backdrop = chrome.Backdrop(reduced_motion=True, veil=110)   # one still morning
        backdrop.draw(bg)
        for box in (LEFT_BOX, COUNTS_BOX, TIMING_BOX, WHY_PANEL):
            chrome.draw_panel(bg, box)
        bg.blit(chrome.panel((W, 44), 170, 0, None), (0, H - 62))
        text = self.app.text
        s = self.summary
        text.blit(bg, "ROUND OVER", 18, (W // 2, 22), (200, 190, 180), True, anchor="center")
        text.blit(bg, text.fit(self.level.title, 36, W - 80, True), 36, (W // 2, 56), TEXT,
                  True, anchor="center")
        text.blit(bg, f"max combo {s['max_combo']}", 22, (GRADE_CENTRE[0], 364), DIM,
                  anchor="center")
        y = 398
        for line in outcome_lines(self.stage, s.get("outcome", {}))[:3]:
            text.blit(bg, text.fit(line, 20, 340), 20, (GRADE_CENTRE[0], y), WARM, True,
                      anchor="center")
            y += 26
        y += 10
        from game.app.scenes.workout import draw_workout_strip
        draw_workout_strip(bg, WORKOUT_BOX, text, s.get("effort"),
                           self.app.settings.body_weight_kg)
        notes = [ln for n in self.plain_notes   # a kept-run notice names a path: wrap it
                 for ln in text.wrap(n, 16, LEFT_BOX.width - 40, max_lines=4)]
        for line in notes[:max(0, (LEFT_BOX.bottom - y - 16) // 22)]:
            text.blit(bg, line, 16, (LEFT_BOX.x + 20, y), (255, 210, 140))
            y += 22
        self._judgements(bg)
        mean, spread = s["mean_offset_ms"], s["spread_offset_ms"]
        tx = TIMING_BOX.x + 20
        text.blit(bg, "TIMING", 16, (tx, 128), (170, 166, 176), True)
        line = f"mean {lean_words(mean)}, spread {spread:.0f} ms" if self.session.score.offsets \
            else "no timed hits this run"
        text.blit(bg, line, 20, (tx, 150), TEXT)
        self._histogram(bg, pygame.Rect(tx, 180, TIMING_BOX.width - 40, 150))
        labels = []
        if self.options is not None:
            if getattr(self.options, "autoplay", False) and \
                    not getattr(self.options, "save_autoplay", False):
                labels.append("autoplay: not saved")
            if getattr(self.options, "practice", False):
                labels.append("practice: not counted for bests")
            if self.app.settings.timing_assist:
                labels.append("timing assist was on")
            labels.append(f"tier: {self.tier.title()}")
        text.blit(bg, text.fit("   ".join(labels), 16, TIMING_BOX.width - 40), 16, (tx, 346),
                  (255, 210, 140))
        return bg.convert() if pygame.display.get_surface() else bg

    def _judgements(self, bg: pygame.Surface) -> None:
        text, s = self.app.text, self.summary
        counts = s["judgements"]
        shown = [k for k in ("perfect", "great", "good", "held", "dodge", "wrong", "drop",
                             "hit_by", "miss")
                 if k in ("perfect", "great", "good", "miss") or counts.get(k, 0)]
        step = 32 if len(shown) <= 6 else 26
        y = 128
        x0, x1 = COUNTS_BOX.x + 30, COUNTS_BOX.right - 24
        for kind in shown:
            col, shape, word = JUDGEMENT_STYLE[kind]
            word = self.stage.word(kind, word)
            draw_shape(bg, shape, col, (x0, y + 12), 9)
            text.blit(bg, word.title(), 22, (x0 + 22, y), col, True)
            text.blit(bg, str(counts.get(kind, 0)), 22, (x1, y), (240, 240, 240), True,
                      anchor="topright")
            y += step
        text.blit(bg, "Strays", 18, (x0 + 22, y + 4), (170, 170, 170))
        text.blit(bg, str(s["strays"]), 18, (x1, y + 4), (200, 200, 200), anchor="topright")

    def _histogram(self, surf: pygame.Surface, box: pygame.Rect) -> None:
        reach = self.session.windows.reach
        bins = self.session.score.histogram(reach, 21)
        peak = max(bins) or 1
        pygame.draw.rect(surf, (20, 20, 26), box)
        bw = box.width / len(bins)
        for k, n in enumerate(bins):
            centre = -reach + (k + 0.5) * 2 * reach / len(bins)
            kind = self.session.windows.classify(centre).value
            col = JUDGEMENT_STYLE.get(kind, JUDGEMENT_STYLE["good"])[0]
            h = int((box.height - 24) * n / peak)
            pygame.draw.rect(surf, col, (box.left + k * bw + 1, box.bottom - 20 - h, bw - 2, h))
        pygame.draw.line(surf, (255, 255, 255), (box.centerx, box.top), (box.centerx,
                         box.bottom - 20), 1)
        self.app.text.blit(surf, f"-{reach * 1000:.0f} ms  early", 14, (box.left + 4,
                           box.bottom - 4), (170, 170, 180), anchor="bottomleft")
        self.app.text.blit(surf, f"late  +{reach * 1000:.0f} ms", 14, (box.right - 4,
                           box.bottom - 4), (170, 170, 180), anchor="bottomright")

    def _build_why(self) -> pygame.Surface:
        """Why the grade, and what to try: rebuilt when a key changes it (C)."""
        text, d = self.app.text, self.debrief
        surf = pygame.Surface(WHY_BOX.size, pygame.SRCALPHA)
        y = 0
        if d.why:
            text.blit(surf, "WHY THIS GRADE" if d.low else "TIMING", 16, (0, y),
                      (170, 166, 176), True)
            y += 22
            for line in [ln for why in d.why for ln in text.wrap(why, 19, WHY_BOX.w - 10,
                                                                  max_lines=2)][:3]:
                text.blit(surf, line, 19, (0, y), TEXT)
                y += 23
            y += 4
        offers: list[tuple[str, str]] = []
        cal = self.calibration
        if self.calibrated is not None:
            old, new = self.calibrated
            offers.append(("", f"audio offset set: {old:+.0f} ms -> {new:+.0f} ms; your next "
                           "run is judged with it"))
        elif d.offer_calibration and cal is not None:
            offers.append(("C", f"calibrate from this play: its median hit was "
                           f"{lean_words(cal.median_ms)}, set the offset to "
                           f"{cal.audio_offset_ms:+.0f} ms"))
        if d.offer_easy:
            offers.append(("E", "try Easy: wider timing and a slower tempo"))
        for key, line in offers:
            if key:
                self.keycaps.blit(surf, key, (14, y + 12), 24)
            text.blit(surf, text.fit(line, 19, WHY_BOX.w - 40), 19, (34 if key else 0, y + 1),
                      GOLD if key else (150, 230, 160), bool(key))
            y += 30
        if not d.why and not offers:
            text.blit(surf, "NICE WORK", 16, (0, y), (170, 166, 176), True)
            text.blit(surf, "Enter goes again; Esc picks another stage.", 19, (0, y + 24), TEXT)
        return surf.convert_alpha() if pygame.display.get_surface() else surf

    # -- input ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if not self.revealed and event.key != pygame.K_ESCAPE:
            self.revealed = True       # the first key shows everything at once
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self._again(self.options)
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key == pygame.K_c and self.debrief.offer_calibration and \
                self.calibrated is None:
            self.apply_calibration()
        elif event.key == pygame.K_e and self.debrief.offer_easy:
            from game.app.scenes.play import PlayOptions
            base = self.options if self.options is not None else PlayOptions()
            self._again(replace(base, tier="easy"))

    def apply_calibration(self) -> None:
        """Save the offsets that would have centred this play (one key, as osu! does)."""
        cal = self.calibration
        if cal is None:
            return
        s = self.app.settings
        self.calibrated = (s.audio_offset_ms, cal.audio_offset_ms)
        s.audio_offset_ms, s.visual_offset_ms = cal.audio_offset_ms, cal.visual_offset_ms
        self.app.save_settings()
        self.why_layer = self._build_why()

    def _again(self, options: Any) -> None:
        from game.app.scenes.play import PlayScene
        self.app.switch_top(PlayScene(self.app, self.level, options))

    # -- drawing --------------------------------------------------------------------------
    def reveal_age(self) -> float:
        if self.revealed:
            return REVEAL_S
        age = (time.perf_counter_ns() - self.start_ns) / 1e9
        if age >= REVEAL_S:
            self.revealed = True
        return min(age, REVEAL_S)

    def animating(self, now_ns: int) -> bool:
        return not self.revealed

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        canvas.blit(self.background, (0, 0))
        age = self.reveal_age()
        s = self.summary
        text = self.app.text
        count = 1.0 - (1.0 - min(1.0, age / COUNT_S)) ** 3      # ease out
        text.blit(canvas, f"accuracy {s['accuracy'] * count:.2f}%", 24,
                  (GRADE_CENTRE[0], 290), (220, 220, 225), anchor="center")
        text.blit(canvas, f"{round(s['score'] * count):,}", 40, (GRADE_CENTRE[0], 324), TEXT,
                  True, anchor="center")
        self._draw_grade(canvas, age)
        fade = max(0.0, min(1.0, (age - COUNT_S - STAMP_S) / 0.3))
        if fade > 0:
            self._draw_celebrations(canvas, fade)
            if fade < 1.0:
                layer = self.why_layer.copy()
                layer.set_alpha(round(255 * fade))
                canvas.blit(layer, WHY_BOX)
            else:
                canvas.blit(self.why_layer, WHY_BOX)
        self._draw_footer(canvas)
        return None

    def _draw_grade(self, canvas: pygame.Surface, age: float) -> None:
        grade = self.summary["grade"]
        if age < COUNT_S:
            return
        surf = self.app.text.render(grade, 150, GRADE_COLOURS.get(grade, (230, 230, 230)),
                                    True)
        k = min(1.0, (age - COUNT_S) / STAMP_S)
        if k < 1.0:   # stamped down: from large and faint to its place
            surf = pygame.transform.rotozoom(surf, 0, 1.0 + 1.2 * (1 - k) ** 2)
            surf.set_alpha(round(255 * k))
        elif grade in ("S", "A") and age < REVEAL_S:
            ring = int(80 + 36 * (age - COUNT_S - STAMP_S) / 0.3)
            pygame.draw.circle(canvas, GRADE_COLOURS[grade], GRADE_CENTRE, ring, 3)
        canvas.blit(surf, surf.get_rect(center=GRADE_CENTRE))

    def _draw_celebrations(self, canvas: pygame.Surface, fade: float) -> None:
        if not self.celebrations:
            return
        text = self.app.text
        line = "   ".join(c.upper().rstrip("!") + "!" for c in self.celebrations)
        line = text.fit(line, 22, W - 160, True)
        col = tuple(round(c * fade) for c in GOLD)
        rect = text.blit(canvas, line, 22, (W // 2, 94), col, True, anchor="center")
        for x in (rect.left - 18, rect.right + 18):
            _star(canvas, (x, rect.centery), 9, col)

    def _draw_footer(self, canvas: pygame.Surface) -> None:
        text = self.app.text
        items = [("ENTER", "again"), ("ESC", "back")]
        widths = [self.keycaps.get(k, 26).get_width() + 10 +
                  text.font(18).size(w)[0] for k, w in items]
        x = W // 2 - (sum(widths) + 40 * (len(items) - 1)) // 2
        for (key, words), width in zip(items, widths, strict=True):
            surf = self.keycaps.get(key, 26)
            cap = surf.get_rect(midleft=(x, H - 40))
            canvas.blit(surf, cap)
            text.blit(canvas, words, 18, (cap.right + 10, H - 40), DIM, anchor="midleft")
            x += width + 40


def _star(surf: pygame.Surface, centre: tuple[float, float], r: float,
          colour: tuple[int, ...]) -> None:
    x, y = centre
    pts = [(x + (r if k % 2 == 0 else r * 0.45) * math.sin(k * math.pi / 5),
            y - (r if k % 2 == 0 else r * 0.45) * math.cos(k * math.pi / 5)) for k in range(10)]
    pygame.draw.polygon(surf, colour, pts)


def outcome_lines(stage: StageInfo, outcome: dict) -> list[str]:
    """The stage's own figures in its own words: '58 steps climbed', 'summit: yes'."""
    out = []
    for key, label in stage.outcome_fields:
        if key not in outcome:
            continue
        value = outcome[key]
        if isinstance(value, bool):
            out.append(f"{label}: {'yes' if value else 'not this time'}")
        else:
            out.append(f"{value:g} {label}" if isinstance(value, float) else f"{value} {label}")
    return out
