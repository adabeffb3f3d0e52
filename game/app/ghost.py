"""The ghost: your personal best on this level and tier, played again beside you.

Its presses ride the cue track as rings (a ring left of a cue: the ghost was early there)
and the HUD shows how far ahead or behind the best you are, judged at the same point of
the song. The best's run is re-simulated from its stored replay through the one code path
(`resimulate` -> `simulate`), never drawn from a copy of the rules. A best recorded at
another tempo (the coach's overload moves day to day) still lines up: song time scales
with the tempo, so its times are mapped onto this run's.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pygame

from game.core.events import GameEvent, Input, Judged, Stray
from game.core.level import Level
from game.core.replay import Replay, ReplayError, level_changed, resimulate
from game.stages import get_stage

if TYPE_CHECKING:
    from game.app.hud import Hud

W = 1280
GHOST_COLOUR = (170, 200, 255)
FADE_S = 0.25            # a ring the hit line has passed fades out over this long
FADE_STEPS = 8
AHEAD, BEHIND = (120, 220, 140), (235, 120, 100)


@dataclass(frozen=True)
class Ghost:
    press_times: tuple[float, ...]     # song seconds in this run, in order
    press_actions: tuple[str, ...]
    score_times: tuple[float, ...]     # when the ghost's score changed (this run's time)
    scores: tuple[int, ...]            # its score from then on
    final_score: int

    @classmethod
    def from_replay(cls, level: Level, replay: Replay, play_scale: float) -> Ghost | None:
        """The ghost of `replay` for a run of `level` (as written) at `play_scale`; None
        when the level has changed since (its presses would mean nothing now)."""
        stage = get_stage(level.stage)
        if level_changed(level, replay, stage):
            return None
        k = replay.tempo_scale / play_scale      # ghost song time -> this run's song time
        timeline: list[tuple[float, int]] = []

        def listen(events: list[GameEvent]) -> None:
            timeline.extend((ev.time * k, ev.score) for ev in events
                            if isinstance(ev, Judged | Stray))
        session = resimulate(level, replay, stage, listen)
        timeline.sort(key=lambda p: p[0])
        best, scores = 0, []
        for _t, score in timeline:               # the score never goes down
            best = max(best, score)
            scores.append(best)
        presses = [(e.time * k, e.action) for e in replay.inputs
                   if isinstance(e, Input) and e.pressed]
        return cls(tuple(t for t, _a in presses), tuple(a for _t, a in presses),
                   tuple(t for t, _s in timeline), tuple(scores), session.score.score)

    def score_at(self, t: float) -> int:
        """The ghost's score at song time t of this run."""
        i = bisect_right(self.score_times, t)
        return self.scores[i - 1] if i else 0

    def difference(self, my_score: int, t: float) -> int:
        """+ when you are ahead of your best at this point of the song."""
        return my_score - self.score_at(t)

    # -- drawing (the HUD calls these) ----------------------------------------------------
    def draw_marks(self, canvas: pygame.Surface, hud: Hud, t: float, y0: int) -> None:
        """A ring for each of the ghost's presses near the hit line, in its lane; one the
        line has passed widens and fades out (the ghost pressed there), so rings never
        pile up behind the line."""
        lo = bisect_left(self.press_times, t - FADE_S)
        hi = bisect_left(self.press_times, t + hud.lookahead)
        r = hud.lane_h // 2 + 2
        for k in range(lo, hi):
            at = self.press_times[k]
            lanes = hud.lane_maps.get(hud.level.stage_at_time(at), {})
            x = hud.hit_x + (at - t) * hud.px_per_s
            y = y0 + 4 + lanes.get(self.press_actions[k], 0) * hud.lane_h + hud.lane_h // 2
            if at >= t:
                pygame.draw.circle(canvas, GHOST_COLOUR, (x, y), r, 2)
                continue
            step = min(FADE_STEPS - 1, int((t - at) / FADE_S * FADE_STEPS))
            ring = fading_ring(r, step)
            canvas.blit(ring, ring.get_rect(center=(round(x), y)))

    def draw_difference(self, canvas: pygame.Surface, hud: Hud, t: float) -> None:
        d = self.difference(hud.session.score.score, t)
        hud.text.blit(canvas, f"BEST {'+' if d >= 0 else '-'}{abs(d):,}", 18,
                      (W - 20, 98), AHEAD if d >= 0 else BEHIND, True,
                      anchor="topright")


@lru_cache(maxsize=64)
def fading_ring(r: int, step: int) -> pygame.Surface:
    """The ghost's ring `step` of FADE_STEPS after the hit line: wider, fainter."""
    f = (step + 1) / FADE_STEPS
    radius = r + round(6 * f)
    surf = pygame.Surface((2 * radius + 2, 2 * radius + 2), pygame.SRCALPHA)
    pygame.draw.circle(surf, (*GHOST_COLOUR, round(255 * (1 - f) ** 1.5)),
                       (radius + 1, radius + 1), radius, 2)
    return surf


def ghost_for(store: Any, level: Level, tier: str, assist: bool,
              play_scale: float) -> Ghost | None:
    """The ghost of the personal best on this level (as it is now) and tier, or None (no
    full run with a replay yet, a damaged replay)."""
    try:
        aid = store.best_replay_id(level.id, tier, level.content_hash, assist=assist)
        replay = store.replay(aid) if aid is not None else None
    except (sqlite3.Error, ReplayError):
        return None
    if replay is None:
        return None
    return Ghost.from_replay(level, replay, play_scale)
