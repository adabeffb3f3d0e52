"""Today's montage: one key from the title starts a 5-8 minute session, warm-up -> peak ->
finale, built from the unlocked stages; finishing it keeps the streak alive."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pygame

from game.app.scene import Scene
from game.app.scenes.play import PlayOptions, PlayScene
from game.core.catalogue import catalogue
from game.core.session import PlaySession
from game.gfx import chrome

W, H = 1280, 720
REST_BETWEEN_S = 40.0   # a real rest between the parts: the next starts once it is over


def start_daily(app: Any) -> None:
    from game.progress.daily import todays_montage
    campaign = [e.level for e in catalogue(None)[0] if e.level is not None]
    session = todays_montage(app.store, campaign, date.today())
    app.push(DailyScene(app, session))


class DailyScene(Scene):
    """The plan for today, then each part in turn, then the day's tally."""

    def __init__(self, app: Any, plan: Any, today: date | None = None) -> None:
        super().__init__(app)
        self.today = today or date.today()
        self.plan = plan
        self.part = 0
        self.results: list[dict] = []
        self.finished = False
        self.rest_until_ns: int | None = None   # between parts: the rest still to take
        self.streak = app.store.streak(self.today)
        self.backdrop = app.menu_backdrop()

    def ambient_fps(self) -> float:
        return self.backdrop.fps

    def _options(self) -> PlayOptions:
        role = self.plan.roles[self.part]
        return PlayOptions(tier=self.app.settings.tier,
                           label=f"TODAY'S MONTAGE  {self.part + 1}/{len(self.plan.parts)}  "
                                 f"{role.upper()}")

    def _play_part(self) -> None:
        level = self.plan.parts[self.part]
        self.app.push(PlayScene(self.app, level, self._options(), on_finish=self._part_done))

    def _part_done(self, session: PlaySession) -> None:
        from game.app.progress_hooks import record_result
        level = self.plan.parts[self.part]
        last = self.part == len(self.plan.parts) - 1
        # the last part's run and the finished day are one transaction: never one alone
        for note in record_result(self.app, session, level, self._options(), daily=True,
                                  completes_day=date.today() if last else None):
            if "saved" in note:  # a run kept for later: the player must know
                self.app.toast(note, time.perf_counter_ns(), 8.0)
        self.results.append(session.summary())
        self.app.pop()  # back to this scene: the part's result card
        self.part += 1
        if not last:
            self.rest_until_ns = time.perf_counter_ns() + int(REST_BETWEEN_S * 1e9)
            if self.app.settings.exercise_rounds:   # a real round first, then the rest
                from game.app.scenes.exercise import push_round
                push_round(self.app, self.plan.day, self.part - 1, self._rest_from_now)
            return
        self.finished = True
        if self.app.store is not None:
            try:
                self.streak = self.app.store.streak(date.today())
            except sqlite3.Error:
                pass

    def _rest_from_now(self, _recorded: bool) -> None:
        self.rest_until_ns = time.perf_counter_ns() + int(REST_BETWEEN_S * 1e9)

    def rest_left(self, now_ns: int | None = None) -> float:
        """Seconds of the rest between parts still to take (0 when none)."""
        if self.rest_until_ns is None:
            return 0.0
        now = time.perf_counter_ns() if now_ns is None else now_ns
        return max(0.0, (self.rest_until_ns - now) / 1e9)

    def _draw_card(self, canvas: pygame.Surface) -> None:
        """The part just played: its grade, accuracy and what its stages counted."""
        from game.app.scenes.results import outcome_lines
        from game.stages import get_stage
        r = self.results[-1]
        lv = self.plan.parts[len(self.results) - 1]
        out = r.get("outcome", {})
        per = out.get("by_stage", {lv.stage: out})
        lines = [line for name, o in per.items() for line in outcome_lines(get_stage(name), o)]
        box = chrome.draw_panel(canvas, (300, 500, 680, 120), alpha=220)
        text = self.app.text
        text.blit(canvas, r["grade"], 64, (box.left + 60, box.centery), (255, 214, 90), True,
                  anchor="center")
        text.blit(canvas, f"{r['accuracy']:.1f}%   max combo {r['max_combo']}", 22,
                  (box.left + 120, box.top + 18), (240, 236, 230), True)
        text.blit(canvas, text.fit("   ".join(lines[:4]), 16, box.width - 140), 16,
                  (box.left + 120, box.top + 58), (255, 214, 150))

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE,
                           pygame.K_t) and not self.finished and self.rest_left(stamp_ns) <= 0:
            self.rest_until_ns = None
            self._play_part()

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        self.backdrop.draw(canvas, veil=50)
        text.blit(canvas, "TODAY'S MONTAGE", 44, (W // 2 + 3, 73), (60, 26, 40), True,
                  anchor="center")
        text.blit(canvas, "TODAY'S MONTAGE", 44, (W // 2, 70), (255, 244, 220), True,
                  anchor="center")
        mins = self.plan.seconds_at(self.app.settings.tier) / 60
        text.blit(canvas, f"{self.plan.day:%A %d %B}  -  about {mins:.0f} minutes, "
                  f"work:rest {self.plan.ratio:.1f}:1", 20, (W // 2, 118), (240, 220, 200),
                  anchor="center")
        cur, best = self.streak
        text.blit(canvas, f"streak: {cur} day{'s' if cur != 1 else ''}   best: {best}", 22,
                  (W // 2, 152), (255, 214, 90), True, anchor="center")
        for k, line in enumerate(self.plan.describe()):
            done = k < len(self.results)
            col = (150, 220, 160) if done else (255, 255, 255) if k == self.part else \
                (220, 210, 210)
            mark = "done" if done else "next" if k == self.part else ""
            chrome.draw_panel(canvas, (300, 210 + k * 70, 680, 56), alpha=205,
                              selected=k == self.part and not done, radius=10)
            text.blit(canvas, line, 26, (330, 224 + k * 70), col, True)
            if self.app.settings.exercise_rounds and k < len(self.plan.parts) - 1:
                from game.app.scenes.exercise import round_for  # the round after this part
                text.blit(canvas, f"then off the keyboard: {round_for(self.plan.day, k).title}",
                          14, (330, 250 + k * 70), (170, 220, 190))
            if mark:
                text.blit(canvas, mark, 18, (950, 230 + k * 70), col, anchor="topright")
            if done:
                r = self.results[k]
                text.blit(canvas, f"{r['grade']}  {r['accuracy']:.1f}%", 18,
                          (820, 230 + k * 70), (255, 214, 90), anchor="topright")
        if self.results and not self.finished:
            self._draw_card(canvas)
        if self.finished:
            acc = sum(r["accuracy"] for r in self.results) / len(self.results)
            text.blit(canvas, f"Session complete - {acc:.1f}% average. See you tomorrow.", 28,
                      (W // 2, 470), (255, 244, 220), True, anchor="center")
            from game.app.scenes.workout import draw_workout_strip, merge_efforts
            draw_workout_strip(canvas, pygame.Rect(250, 520, 780, 62), text,
                               merge_efforts([r.get("effort", {}) for r in self.results]),
                               self.app.settings.body_weight_kg)
            chrome.footer(canvas, text, "Esc: back")
        elif self.rest_left() > 0:
            left = self.rest_left()
            breath = "breathe in" if int(left) % 8 >= 4 else "breathe out"
            text.blit(canvas, f"REST  {left:0.0f} s  -  {breath}", 26, (W // 2, 470),
                      (170, 220, 255), True, anchor="center")
        else:
            text.blit(canvas, "Enter: start" if self.part == 0 else "Enter: continue", 26,
                      (W // 2, 470), (255, 214, 90), True, anchor="center")
            chrome.footer(canvas, text, "Enter start   Esc back (today's session stays the "
                          "same all day)")
        return None
