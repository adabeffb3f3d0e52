"""The main loop: input polled at ~1-2 kHz between frames, rules in fixed steps, frames
drawn at the display rate under a self-timed cap. Menus (scenes that don't want fast
polling) instead sleep between polls at 60 Hz, and are redrawn only when something
happened, while they animate, at their ambient rate (a slow dawn backdrop, 8 fps), or
every IDLE_REDRAW_S (toasts, previews, clocks).

A key is stamped with perf_counter_ns() at the poll that sees it, so its judged time does
not depend on the frame rate. Drawing is split into phases (scene draw generators yield)
with a poll after each, so a long draw delays the stamping by one phase at most. Where the
window system puts its own time on keys (X11: `key_times`, game.app.xkeys), a key is
stamped with that instead, which no stall of this process can delay."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import pygame

from game.app.context import App

KEY_EVENTS = (pygame.KEYDOWN, pygame.KEYUP)
POLL_INTERVAL_S = 0.0004
UPDATE_STEP_NS = 1_000_000_000 // 240
IDLE_REDRAW_S = 1.0         # a menu with nothing new is still redrawn this often
IDLE_POLL_S = 1 / 60        # and polled this often (not 2 kHz): a key shows within a frame


class KeyTimes(Protocol):
    """Where keys' own times come from (game.app.xkeys.XKeyTimes)."""

    def drain(self) -> None: ...
    def time_of(self, ev: pygame.event.Event, poll_ns: int) -> int: ...


class Loop:
    def __init__(self, app: App, present: Callable[[], None],
                 frame_cap: int = 120,
                 record_polls: bool = False, key_times: KeyTimes | None = None) -> None:
        self.app = app
        self.present = present
        self.key_times = key_times          # the window system's own key times, if any
        self.frame_ns = 1_000_000_000 // max(10, frame_cap)
        self.poll_times: list[int] | None = [] if record_polls else None
        self.frames = 0
        self._next_update = time.perf_counter_ns()
        self.on_event: Callable[[pygame.event.Event, int], bool] | None = None
        self._dirty = True                  # something happened since the last frame
        self._drawn_at = 0
        self._drawn_scene: object = None

    def poll(self) -> None:
        """Read every pending event, stamped at this instant (or with a key's own time),
        and hand it to the scene."""
        events = pygame.event.get()
        stamp = time.perf_counter_ns()
        if self.poll_times is not None:
            self.poll_times.append(stamp)
        if events:
            self._dirty = True
            for ev, at in self._stamped(events, stamp):
                if not self._handle(ev, at):
                    return
        self._fixed_updates(stamp)

    def _stamped(self, events: list[pygame.event.Event],
                 stamp: int) -> list[tuple[pygame.event.Event, int]]:
        """Each event with its time: a key's own time where the window system gives one
        (game.app.keytimes), else this poll's."""
        times = self.key_times
        if times is None or not any(ev.type in KEY_EVENTS for ev in events):
            return [(ev, stamp) for ev in events]
        times.drain()
        return [(ev, times.time_of(ev, stamp)) for ev in events]

    def _handle(self, ev: pygame.event.Event, stamp: int) -> bool:
        """One event to the global handler or the scene; False once the app quits."""
        if ev.type == pygame.QUIT:
            self.app.quit()
            return False
        if self.on_event is not None and self.on_event(ev, stamp):
            return True
        scene = self.app.scene
        if scene is not None:
            scene.handle(ev, stamp)
        return True

    def _fixed_updates(self, now: int) -> None:
        scene = self.app.scene
        if scene is None:
            return
        steps = 0
        while self._next_update <= now and steps < 8:
            scene.update(self._next_update)
            self._next_update += UPDATE_STEP_NS
            steps += 1
            if self.app.scene is not scene:  # the scene handed over: stop updating it
                self._next_update = now + UPDATE_STEP_NS
                return
        if self._next_update <= now:  # fell far behind (a stall): catch up in one step
            scene.update(now)
            self._next_update = now + UPDATE_STEP_NS

    def draw_frame(self, overlay: Callable[[], None] | None = None) -> None:
        """Draw the top scene in phases (polling between them), then present."""
        scene = self.app.scene
        if scene is None:
            return
        # the loop may have slept since its last poll: poll first, so a key arriving during
        # that sleep waits for the sleep or the first phase, never for both (measured: the
        # sleep and phase 0 together were most of the dummy-driver gaps over 1 ms)
        self.poll()
        if self.app.scene is not scene:
            return
        gen = scene.draw(self.app.canvas)
        if gen is not None:
            for _ in gen:
                self.poll()
                if self.app.scene is not scene:
                    return
        if overlay is not None:
            overlay()
        self.poll()
        self.present()
        self.frames += 1
        self._drawn_at = time.perf_counter_ns()
        self._drawn_scene = scene

    def run(self, overlay: Callable[[], None] | None = None,
            until: Callable[[], bool] | None = None) -> None:
        """Run until the app quits (or `until()` says stop)."""
        next_frame = time.perf_counter_ns()
        while self.app.running and (until is None or not until()):
            scene = self.app.scene
            if scene is not None and not scene.wants_fast_polling:
                self.idle_step(overlay)
                next_frame = time.perf_counter_ns()
                continue
            now = time.perf_counter_ns()
            if now >= next_frame:
                self.draw_frame(overlay)
                next_frame += self.frame_ns
                after = time.perf_counter_ns()
                if next_frame < after:  # missed a frame: don't try to catch up
                    next_frame = after + self.frame_ns // 4
                continue
            self.poll()
            wait = (next_frame - time.perf_counter_ns()) / 1e9
            if wait > POLL_INTERVAL_S * 1.5:
                time.sleep(POLL_INTERVAL_S)
            elif wait > 0:
                time.sleep(wait)


    def idle_step(self, overlay: Callable[[], None] | None = None) -> None:
        """A menu: draw if something changed (or it animates, or it's been a while), else
        sleep until the next poll or redraw is due."""
        scene = self.app.scene
        now = time.perf_counter_ns()
        due = self._drawn_at + int(IDLE_REDRAW_S * 1e9)
        if scene is not None and scene.animating(now):
            due = min(due, self._drawn_at + self.frame_ns)
        elif scene is not None and (fps := scene.ambient_fps()) > 0:
            due = min(due, self._drawn_at + int(1e9 / fps))
        if self.app.toasts:                     # one goes away: draw the screen without it
            due = min(due, min(t.until_ns for t in self.app.toasts) + 1)
        if self._dirty or scene is not self._drawn_scene or now >= due:
            self._dirty = False
            self.draw_frame(overlay)
            return
        # pygame's event.wait(timeout) polls about every millisecond inside (measured: 1.7-1.9 %
        # of a core with nothing happening, dummy or X11); a plain sleep between polls costs
        # 0.6 % and a menu key still shows within IDLE_POLL_S
        time.sleep(max(0.0, min((due - now) / 1e9, IDLE_POLL_S)))
        self.poll()


def naive_poll_instants(seconds: float, draw: Callable[[], None]) -> list[int]:
    """The textbook loop: poll once per frame, then draw, then clock.tick(60). For bench."""
    clock = pygame.time.Clock()
    out: list[int] = []
    end = time.perf_counter_ns() + int(seconds * 1e9)
    while time.perf_counter_ns() < end:
        pygame.event.get()
        out.append(time.perf_counter_ns())
        draw()
        clock.tick(60)
    return out
