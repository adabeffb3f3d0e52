"""Results: judgement counts, accuracy, max combo, grade, offset mean/spread and histogram."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pygame

from game.app.hud import JUDGEMENT_STYLE, draw_shape
from game.app.scene import Scene
from game.core.level import Level
from game.core.session import PlaySession
from game.core.stage import StageInfo
from game.gfx.draw import vertical_gradient
from game.stages import get_stage

W, H = 1280, 720
GRADE_COLOURS = {"S": (255, 214, 90), "A": (120, 230, 150), "B": (120, 180, 255),
                 "C": (220, 220, 220), "D": (230, 150, 90), "F": (235, 80, 70)}


class ResultsScene(Scene):
    def __init__(self, app: Any, session: PlaySession, level: Level, options: Any = None,
                 notes: list[str] | None = None) -> None:
        super().__init__(app)
        self.session = session
        self.level = level
        self.options = options
        self.summary = session.summary()
        self.notes = list(notes or [])
        self.background = self._build()

    def _build(self) -> pygame.Surface:
        """Everything on this screen is fixed once the level is over: draw it once."""
        bg = vertical_gradient((W, H), [(0.0, (24, 20, 30)), (0.6, (60, 36, 40)),
                                        (1.0, (120, 70, 50))])
        text = self.app.text
        s = self.summary
        text.blit(bg, "ROUND OVER", 22, (W // 2, 40), (200, 190, 180), True, anchor="center")
        text.blit(bg, self.level.title, 40, (W // 2, 80), (245, 240, 230), True,
                  anchor="center")
        grade = s["grade"]
        text.blit(bg, grade, 150, (250, 260), GRADE_COLOURS.get(grade, (230, 230, 230)), True,
                  anchor="center")
        text.blit(bg, f"{s['score']:,}", 40, (250, 380), (245, 240, 230), True,
                  anchor="center")
        text.blit(bg, f"accuracy {s['accuracy']:.2f}%", 24, (250, 420), (220, 220, 225),
                  anchor="center")
        text.blit(bg, f"max combo {s['max_combo']}", 24, (250, 452), (220, 220, 225),
                  anchor="center")
        stage = get_stage(self.level.stage)
        for k, line in enumerate(outcome_lines(stage, s.get("outcome", {}))):
            text.blit(bg, line, 22, (250, 492 + k * 30), (255, 214, 150), True,
                      anchor="center")
        from game.app.scenes.workout import draw_workout_strip  # the round's workout
        draw_workout_strip(bg, pygame.Rect(60, 588, 780, 62), text, s.get("effort"),
                           self.app.settings.body_weight_kg)
        y = 150
        counts = s["judgements"]
        shown = [k for k in ("perfect", "great", "good", "held", "dodge", "wrong", "drop",
                             "hit_by", "miss")
                 if k in ("perfect", "great", "good", "miss") or counts.get(k, 0)]
        step = 40 if len(shown) <= 6 else 32
        for kind in shown:
            col, shape, word = JUDGEMENT_STYLE[kind]
            word = stage.word(kind, word)
            draw_shape(bg, shape, col, (520, y + 14), 10)
            text.blit(bg, word.title(), 24, (545, y), col, True)
            text.blit(bg, str(counts.get(kind, 0)), 24, (780, y), (240, 240, 240),
                      True, anchor="topright")
            y += step
        text.blit(bg, "Strays", 20, (545, y + 4), (170, 170, 170))
        text.blit(bg, str(s["strays"]), 20, (780, y + 4), (200, 200, 200), anchor="topright")
        mean, spread = s["mean_offset_ms"], s["spread_offset_ms"]
        lean = "early" if mean < -3 else "late" if mean > 3 else "centred"
        text.blit(bg, f"timing: mean {mean:+.1f} ms ({lean}), spread {spread:.1f} ms", 20,
                  (860, 150), (230, 230, 235))
        self._histogram(bg, pygame.Rect(860, 190, 360, 200))
        labels = []
        if self.options is not None:
            if getattr(self.options, "autoplay", False) and \
                    not getattr(self.options, "save_autoplay", False):
                labels.append("autoplay: not saved")
            if getattr(self.options, "practice", False):
                labels.append("practice: not counted for bests")
            if self.app.settings.timing_assist:
                labels.append("timing assist was on")
            labels.append(f"tier: {getattr(self.options, 'tier', 'normal').title()}")
        lines = labels + [ln for note in self.notes  # a kept-run notice names a path
                          for ln in text.wrap(note, 18, W - 860 - 20, max_lines=4)]
        for k, line in enumerate(lines[:8]):
            text.blit(bg, line, 18, (860, 430 + k * 26), (255, 210, 140))
        text.blit(bg, "Enter: again     Esc: back to stage select", 20, (W // 2, 660),
                  (200, 200, 210), anchor="center")
        return bg.convert() if pygame.display.get_surface() else bg

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

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            from game.app.scenes.play import PlayScene
            self.app.switch_top(PlayScene(self.app, self.level, self.options))
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        canvas.blit(self.background, (0, 0))
        return None


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
