"""The shared HUD over every stage: cue track, hit-error bar, judgement word, combo, score,
interval panel, rest countdown with a breathing cue, count-in, bell and a visual metronome.

Safe zones: every word the HUD draws sits on a plate (a dark translucent card) laid down in
the same frame, or in the cue track's band, so no text ever lands on stage art (a pediment,
a meat rail). `zones` lists this frame's plates, for tests and for views that ask.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pygame

from game.app.ghost import Ghost
from game.app.input import Bindings
from game.core.events import (
    Bell,
    Call,
    CountIn,
    GameEvent,
    Hit,
    HoldEnded,
    HoldStarted,
    IntervalStarted,
    Miss,
    RollProgress,
    Stray,
)
from game.core.session import PlaySession
from game.gfx.draw import lerp_colour
from game.gfx.keycap import Keycaps
from game.gfx.palette import REST, WORK
from game.gfx.text import TextCache
from game.stages import get_stage

W, H = 1280, 720

JUDGEMENT_STYLE: dict[str, tuple[tuple[int, int, int], str, str]] = {
    # colour, shape, word: colour is never the only signal (shapes and words too)
    "perfect": ((255, 214, 90), "diamond", "PERFECT"),
    "great": ((110, 220, 140), "circle", "GREAT"),
    "good": ((120, 180, 255), "triangle", "GOOD"),
    "miss": ((235, 80, 70), "cross", "MISS"),
    "wrong": ((200, 120, 255), "square", "WRONG HAND"),
    "held": ((255, 200, 90), "circle", "HELD"),
    "drop": ((235, 130, 60), "dash", "DROP"),
    "dodge": ((120, 220, 220), "triangle", "DODGE"),
    "hit_by": ((235, 80, 70), "square", "HIT!"),
    "stray": ((170, 170, 170), "dash", "STRAY"),
}
PANEL_ZONE = pygame.Rect(10, 6, 446, 100)       # level, progress, interval, tempo, label
SCORE_ZONE = pygame.Rect(W - 250, 4, 240, 96)    # score, accuracy, combo
PLATE_FILL = (4, 3, 8, 150)        # near black: a plate never lightens a dark frame
ROUND_PLATE = (14, 18, 30)        # the rest countdown's and the count-in's disc
AVOID_COLOUR = (235, 70, 60)
ROLL_COLOUR = (120, 200, 255)
HOLD_COLOUR = (255, 200, 90)


def draw_shape(surf: pygame.Surface, shape: str, colour: tuple[int, int, int],
               centre: tuple[float, float], r: float, width: int = 0) -> None:
    x, y = centre
    if shape == "diamond":
        pygame.draw.polygon(surf, colour, [(x, y - r), (x + r, y), (x, y + r), (x - r, y)], width)
    elif shape == "circle":
        pygame.draw.circle(surf, colour, (x, y), r, width)
    elif shape == "triangle":
        pygame.draw.polygon(surf, colour, [(x, y - r), (x + r, y + r * 0.8),
                                           (x - r, y + r * 0.8)], width)
    elif shape == "cross":
        k = r * 0.8
        pygame.draw.line(surf, colour, (x - k, y - k), (x + k, y + k), 4)
        pygame.draw.line(surf, colour, (x - k, y + k), (x + k, y - k), 4)
    elif shape == "square":
        pygame.draw.rect(surf, colour, (x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6), width)
    else:
        pygame.draw.line(surf, colour, (x - r, y), (x + r, y), 4)


@dataclass
class _Popup:
    kind: str
    time: float
    offset: float = 0.0


class Hud:
    def __init__(self, session: PlaySession, bindings: Bindings, text: TextCache,
                 track_y: int = 620, reduced_motion: bool = False, silent: bool = False,
                 label: str = "", rest_anchor: tuple[int, int] = (W // 2, 300),
                 pad_labels: bool = False,
                 track_visibility: Callable[[float], float] | None = None,
                 call_anchor: tuple[int, int] = (W // 2, 200),
                 popup_anchor: tuple[int, int] = (W // 2, 150),
                 ghost: Ghost | None = None) -> None:
        self.rest_anchor = rest_anchor
        self.call_anchor = call_anchor
        self.popup_anchor = popup_anchor
        #: this frame's plates: every HUD word lies on one of them (or in the cue track)
        self.zones: list[pygame.Rect] = []
        self._plates: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self.ghost = ghost  # the personal best beside you (game/app/ghost.py draws it)
        #: 0..1 at song time t: a stage may fade its cue track out (keep time by ear)
        self.track_visibility = track_visibility or (lambda t: 1.0)
        self.pad_labels = pad_labels  # a controller is plugged in: name its buttons
        self.session = session
        self.level = session.level
        self.rules = self.stage = session.stage
        self.bindings = bindings
        self.text = text
        self._title = text.fit(self.level.title, 20, 420, True)
        self.track_y = track_y
        self.reduced_motion = reduced_motion
        self.silent = silent
        self.label = label
        self.reach = session.windows.reach
        self.lookahead = 2.2  # seconds of cues visible ahead
        self.hit_x = 150
        self.px_per_s = (W - 40 - self.hit_x) / self.lookahead
        # a remix cuts between stages: each has its own lanes, keys and words
        self.stage_infos = {name: session.stages.get(name) or get_stage(name)
                            for name in dict.fromkeys(self.level.stages)}
        self.lane_sets = {name: list(info.actions) for name, info in self.stage_infos.items()}
        self.lanes = self.lane_sets.get(self.stage.name, list(self.rules.actions))
        self.lane_maps = {n: {a: k for k, a in enumerate(lanes)}
                          for n, lanes in self.lane_sets.items()}
        self.lane_h = max(14, min(34, 80 // max(1, max(map(len, self.lane_sets.values())))))
        self.cuts = [(self.level.interval_times(i)[0], self.level.stage_of(i))
                     for i in range(1, len(self.level.intervals))
                     if self.level.stage_of(i) != self.level.stage_of(i - 1)]
        self.cue_times = [c.time for c in session.cues]
        #: how far back a cue can start and still be on screen (holds and rolls span)
        self.longest_span = max((c.end_time - c.time for c in session.cues if c.spans),
                                default=0.0)
        self.roll_counts: dict[int, int] = {}
        self.holding: set[int] = set()
        self.resolved: dict[int, str] = {}
        self.popup: _Popup | None = None
        self.errors: deque[tuple[float, float]] = deque(maxlen=40)
        self.bell_time = -99.0
        self.bell_rings = 1
        self.count_in: tuple[float, int, int] | None = None
        self.call: tuple[float, str] | None = None
        self.interval_label = ("", -99.0)
        self._progress = self._build_progress_bar()
        self._track_bgs = {name: self._build_track_bg(name) for name in self.stage_infos}
        self._track_bg = self._track_bgs.get(self.stage.name) or \
            next(iter(self._track_bgs.values()))
        self._track_layer = pygame.Surface(self._track_bg.get_size(), pygame.SRCALPHA)
        self._cut_tags = {name: self._build_cut_tag(name) for name in self.stage_infos}
        self._cue_keys = self._build_cue_keys()
        self.place_track(track_y)

    # -- safe zones ---------------------------------------------------------------------
    def plate(self, canvas: pygame.Surface, rect: pygame.Rect) -> pygame.Rect:
        """A dark translucent card under HUD words (one surface per size, kept)."""
        rect = pygame.Rect(rect)
        key = rect.size
        surf = self._plates.get(key)
        if surf is None:
            surf = pygame.Surface(key, pygame.SRCALPHA)
            pygame.draw.rect(surf, PLATE_FILL, surf.get_rect(), border_radius=8)
            if pygame.display.get_surface() is not None:
                surf = surf.convert_alpha()
            self._plates[key] = surf
            if len(self._plates) > 48:
                self._plates.popitem(last=False)
        else:
            self._plates.move_to_end(key)
        canvas.blit(surf, rect)
        self.zones.append(rect)
        return rect

    def track_zone(self) -> pygame.Rect:
        return pygame.Rect(0, self.track_y, W, self._track_bg.get_height())

    # -- static layers ------------------------------------------------------------------
    def _build_progress_bar(self) -> pygame.Surface:
        surf = pygame.Surface((420, 10))
        surf.fill((30, 30, 34))
        total = max(1e-6, self.level.duration)
        for i, iv in enumerate(self.level.intervals):
            a, b = self.level.interval_times(i)
            x0, x1 = int(a / total * 420), int(b / total * 420)
            col = WORK if iv.is_work else REST
            pygame.draw.rect(surf, col, (x0, 1, max(1, x1 - x0 - 1), 8))
        return surf.convert() if pygame.display.get_surface() else surf

    def place_track(self, y: int) -> None:
        """Put the cue track at y (a stage's wish), kept on screen whatever its lanes."""
        self.track_y = min(y, H - self._track_bg.get_height() - 2)

    def _bindings_of(self, stage: str) -> Bindings:
        own = getattr(self.bindings, "for_stage", None)
        return own(stage) if own is not None else self.bindings

    def _key_label(self, stage: str, action: str) -> str:
        b = self._bindings_of(stage)
        return b.pad_label(action) if self.pad_labels else b.label(action)

    def _build_cut_tag(self, stage: str) -> pygame.Surface:
        """The next stage's name and keys, riding on the cut line as it scrolls in."""
        info = self.stage_infos[stage]
        lanes = self.lane_sets[stage]
        h = self.lane_h * max(map(len, self.lane_sets.values())) + 8
        surf = pygame.Surface((150, h), pygame.SRCALPHA)
        surf.fill((40, 30, 20, 190))
        pygame.draw.line(surf, (255, 214, 90), (0, 0), (0, h), 3)
        for k, action in enumerate(lanes):
            y = 4 + k * self.lane_h + self.lane_h // 2
            label = self.text.render(self._key_label(stage, action), 13, (255, 236, 200), True)
            surf.blit(label, (8, y - label.get_height() // 2))
        title = self.text.render(info.title.upper(), 11, (255, 214, 90), True)
        surf.blit(title, (40, 2))
        return surf.convert_alpha() if pygame.display.get_surface() else surf

    def _build_cue_keys(self) -> dict[tuple[str, str], pygame.Surface]:
        """(stage, action) -> the key glyph drawn on its tap discs, when lanes are tall
        enough to read one (a six-punch stage shows its keys on the combo card instead)."""
        r = self.lane_h // 2 - 2
        if r < 8:
            return {}
        caps = Keycaps(self.text)
        return {(stage, a): caps.get(self._key_label(stage, a), round(r * 1.3), 2 * r)
                for stage, lanes in self.lane_sets.items() for a in lanes}

    def _build_track_bg(self, stage: str) -> pygame.Surface:
        lanes = self.lane_sets[stage]
        info = self.stage_infos[stage]
        h = self.lane_h * max(map(len, self.lane_sets.values())) + 8
        caps = Keycaps(self.text)
        surf = pygame.Surface((W, h), pygame.SRCALPHA)
        surf.fill((8, 8, 12, 150))
        for k, action in enumerate(lanes):
            y = 4 + k * self.lane_h + self.lane_h // 2
            pygame.draw.line(surf, (70, 70, 80, 200), (self.hit_x, y), (W - 20, y), 1)
            if self.lane_h >= 20:     # room for a key glyph, the same as on the cues
                cap = caps.blit(surf, self._key_label(stage, action), (25, y),
                                min(22, self.lane_h - 4), 28)
                x = max(44, cap.right + 6)
            else:
                label = self.text.render(self._key_label(stage, action), 14, (200, 200, 210),
                                         True)
                surf.blit(label, (12, y - label.get_height() // 2))
                x = max(44, 12 + label.get_width() + 6)  # a long key name (SPACE) pushes it
            words = self.text.fit(info.action_labels.get(action, action), 12,
                                  self.hit_x - x - 4)
            name = self.text.render(words, 12, (140, 140, 150))
            surf.blit(name, (x, y - name.get_height() // 2))
        pygame.draw.line(surf, (240, 230, 200, 255), (self.hit_x, 0), (self.hit_x, h), 3)
        return surf.convert_alpha() if pygame.display.get_surface() else surf

    # -- events -------------------------------------------------------------------------
    def on_event(self, ev: GameEvent) -> None:
        if isinstance(ev, Hit):
            if ev.phase != "body":
                self.resolved[ev.cue.index] = ev.judgement.value
            self.popup = _Popup(ev.judgement.value, ev.time, ev.offset)
            if ev.cue.kind not in ("roll", "avoid") and ev.phase != "body":
                self.errors.append((ev.time, ev.offset))
        elif isinstance(ev, Miss):
            self.resolved[ev.cue.index] = ev.judgement.value
            self.popup = _Popup(ev.judgement.value, ev.time, ev.offset)
        elif isinstance(ev, Stray):
            self.popup = _Popup("stray", ev.time)
        elif isinstance(ev, RollProgress):
            self.roll_counts[ev.cue.index] = ev.count
        elif isinstance(ev, HoldStarted):
            self.holding.add(ev.cue.index)
        elif isinstance(ev, HoldEnded):
            self.holding.discard(ev.cue.index)
        elif isinstance(ev, Bell):
            self.bell_time, self.bell_rings = ev.time, ev.rings
        elif isinstance(ev, CountIn):
            self.count_in = (ev.time, ev.beat, ev.of)
        elif isinstance(ev, Call):
            self.call = (ev.time, ev.text)
        elif isinstance(ev, IntervalStarted):
            iv = self.level.intervals[ev.index]
            name = ev.name or ("WORK" if iv.is_work else "REST")
            self.interval_label = (name, ev.time)

    # -- drawing ------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, t: float) -> Iterator[None]:
        """In phases: new words (an interval's name, a call) render text, and the loop
        polls input between phases."""
        self.zones.clear()
        vis = self.track_visibility(t)
        if vis >= 0.999:
            self._draw_track(canvas, t)
        elif vis > 0.01:   # the stage fades the track out: play by ear
            self._track_layer.fill((0, 0, 0, 0))
            self._draw_track(self._track_layer, t, y0=0)
            self._track_layer.set_alpha(round(255 * vis))
            canvas.blit(self._track_layer, (0, self.track_y))
        self._draw_error_bar(canvas, t)
        yield
        self._draw_panel(canvas, t)
        yield       # a hit changes the score, accuracy, combo and popup: four new texts
        self._draw_score(canvas)
        if self.ghost is not None:
            self.ghost.draw_difference(canvas, self, t)
        yield
        self._draw_popup(canvas, t)
        yield
        self._draw_metronome(canvas, t)
        self._draw_rest(canvas, t)
        self._draw_count_in(canvas, t)
        yield       # a new word (a bell, a call) renders text: its own phase
        self._draw_bell(canvas, t)
        self._draw_call(canvas, t)
        self._draw_next(canvas, t)

    def _draw_track(self, canvas: pygame.Surface, t: float, y0: int | None = None) -> None:
        """Every kind of cue on its lanes: taps as discs, chords joined across lanes, holds
        as bars to their tails, releases as carets, rolls as ribbons with their count,
        avoids as red hazards."""
        y0 = self.track_y if y0 is None else y0
        now_stage = self.level.stage_at_time(t)
        canvas.blit(self._track_bgs.get(now_stage, self._track_bg), (0, y0))
        lo = bisect_left(self.cue_times, t - 0.25 - self.longest_span)
        hi = bisect_left(self.cue_times, t + self.lookahead)
        lane_maps = self.lane_maps
        edge = W - 20
        lane_of = lane_maps.get(now_stage, {})

        def lane_y(action: str) -> int:
            return y0 + 4 + lane_of.get(action, 0) * self.lane_h + self.lane_h // 2

        r = self.lane_h // 2 - 2
        for at, stage in self.cuts:      # the next stage's keys ride in on the cut line
            x = self.hit_x + (at - t) * self.px_per_s
            if self.hit_x <= x < edge:
                canvas.blit(self._cut_tags[stage], (x, y0))
        for cue in self.session.cues[lo:hi]:
            lane_of = lane_maps.get(cue.stage, lane_maps.get(now_stage, {}))
            state = self.resolved.get(cue.index)
            x = self.hit_x + (cue.time - t) * self.px_per_s
            x1 = self.hit_x + (cue.end_time - t) * self.px_per_s
            if cue.spans and x1 < self.hit_x - 30:
                continue
            if not cue.spans and x < self.hit_x - 30:
                continue
            missed = state in ("miss", "wrong", "drop", "hit_by")
            if state is not None and not missed and not cue.spans:
                continue
            ys = [lane_y(a) for a in cue.parts]
            if cue.kind == "avoid":
                for y in ys:
                    col = (120, 60, 60) if missed else AVOID_COLOUR
                    draw_shape(canvas, "diamond", col, (x, y), r + 1, 3)
                    draw_shape(canvas, "cross", col, (x, y), r * 0.55)
                continue
            if cue.kind == "release":
                for y in ys:
                    col = (150, 60, 60) if missed else HOLD_COLOUR
                    pygame.draw.lines(canvas, col, False, [(x - r, y + r * 0.5), (x, y - r),
                                                            (x + r, y + r * 0.5)], 3)
                continue
            if cue.kind in ("hold", "roll"):
                live = cue.kind == "hold" and cue.index in self.holding
                col = HOLD_COLOUR if cue.kind == "hold" else ROLL_COLOUR
                if missed:
                    col = (110, 60, 60)
                a = max(self.hit_x if (live or state is not None) else x, x)
                for y in ys:
                    if x1 > a:
                        pygame.draw.line(canvas, lerp_colour(col, (255, 255, 255), 0.3 * live),
                                         (a, y), (min(edge, x1), y), 8 if live else 6)
                    if cue.kind == "roll":
                        for k in range(int(a), int(min(edge, x1)), 14):
                            pygame.draw.line(canvas, (20, 30, 50), (k, y - 3), (k + 6, y + 3), 2)
                if cue.kind == "roll":
                    n = self.roll_counts.get(cue.index, 0)
                    label = f"{n}/{cue.target}" if n else f"x{cue.target}"
                    self.text.blit(canvas, label, 12, (max(a, self.hit_x) + 6, ys[0] - r - 2),
                                   (220, 236, 255), True, anchor="bottomleft")
                if state is not None:
                    continue
            if len(ys) > 1:
                pygame.draw.line(canvas, (240, 220, 180), (x, min(ys)), (x, max(ys)), 3)
            rr = r + (2 if cue.accent else 0)
            for action, y in zip(cue.parts, ys, strict=True):
                if missed:
                    draw_shape(canvas, "cross", (150, 60, 60), (x, y), rr * 0.7)
                    continue
                col = (250, 236, 200) if cue.accent else (225, 120, 80)
                if cue.kind == "roll":
                    col = ROLL_COLOUR
                pygame.draw.circle(canvas, col, (x, y), rr)
                pygame.draw.circle(canvas, (40, 20, 16), (x, y), rr, 2)
                glyph = self._cue_keys.get((cue.stage or self.stage.name, action))
                if glyph is not None:   # the key to press, on the cue itself
                    canvas.blit(glyph, glyph.get_rect(center=(round(x), round(y))))
        if self.ghost is not None:
            self.ghost.draw_marks(canvas, self, t, y0)

    def _draw_error_bar(self, canvas: pygame.Surface, t: float) -> None:
        cx, y = W // 2, self.track_y - 22
        half = 160
        scale = half / self.reach
        self.plate(canvas, pygame.Rect(cx - half - 8, y - 18, 2 * half + 16, 42))
        for judgement, width in reversed(self.session.windows.table):
            col = JUDGEMENT_STYLE[judgement.value][0]
            w = int(width * scale)
            pygame.draw.rect(canvas, lerp_colour((20, 20, 24), col, 0.45), (cx - w, y, 2 * w, 6))
        pygame.draw.line(canvas, (255, 255, 255), (cx, y - 5), (cx, y + 10), 1)
        for when, off in self.errors:
            age = t - when
            if age > 6.0:
                continue
            x = cx + off * scale
            col = lerp_colour((255, 255, 255), (70, 70, 80), age / 6.0)
            pygame.draw.line(canvas, col, (x, y - 6), (x, y + 12), 2)
        if self.errors:
            recent = [o for _, o in list(self.errors)[-10:]]
            mean = sum(recent) / len(recent)
            x = cx + mean * scale
            pygame.draw.polygon(canvas, (255, 230, 120), [(x, y - 7), (x - 6, y - 15),
                                                          (x + 6, y - 15)])
        self.text.blit(canvas, "EARLY", 12, (cx - half + 2, y + 8), (170, 170, 180),
                       anchor="topleft")
        self.text.blit(canvas, "LATE", 12, (cx + half - 2, y + 8), (170, 170, 180),
                       anchor="topright")

    def _draw_panel(self, canvas: pygame.Surface, t: float) -> None:
        i = self.level.interval_at_time(t)
        zone = PANEL_ZONE if self.label else PANEL_ZONE.inflate(0, -24).move(0, -12)
        self.plate(canvas, zone)
        self.text.blit(canvas, self._title, 20, (20, 14), (235, 225, 200), True)
        canvas.blit(self._progress, (20, 42))
        total = max(1e-6, self.level.duration)
        px = 20 + int(max(0.0, min(1.0, t / total)) * 420)
        pygame.draw.line(canvas, (255, 255, 255), (px, 38), (px, 55), 2)
        if 0 <= i < len(self.level.intervals):
            iv = self.level.intervals[i]
            a, b = self.level.interval_times(i)
            kind = "WORK" if iv.is_work else "REST"
            col = (235, 110, 90) if iv.is_work else (120, 170, 235)
            left = max(0, math.ceil(b - t))
            self.text.blit(canvas, f"{kind}  {left // 60}:{left % 60:02d}", 18, (20, 60), col,
                           True)
            if iv.name:
                self.text.blit(canvas, self.text.fit(iv.name, 16, 222), 16, (150, 62),
                               (200, 200, 205))
            bpm = self.level.tempo_map.bpm_at_time(max(0.0, t))
            self.text.blit(canvas, f"{bpm:.0f} BPM", 14, (440, 62), (176, 176, 186),
                           anchor="topright")
        if self.label:
            self.text.blit(canvas, self.text.fit(self.label, 14, 420), 14, (20, 84),
                           (255, 200, 120), True)

    def _draw_score(self, canvas: pygame.Surface) -> None:
        s = self.session.score
        self.plate(canvas, SCORE_ZONE if s.combo >= 2 else SCORE_ZONE.inflate(0, -26)
                   .move(0, -13))
        self.text.blit(canvas, f"{s.score:,}", 30, (W - 20, 10), (245, 240, 230), True,
                       anchor="topright")
        self.text.blit(canvas, f"{s.accuracy:.1f}%", 18, (W - 20, 46), (200, 200, 205),
                       anchor="topright")
        if s.combo >= 2:
            self.text.blit(canvas, f"{s.combo} COMBO", 22, (W - 20, 70), (255, 214, 90), True,
                           anchor="topright")

    def _draw_popup(self, canvas: pygame.Surface, t: float) -> None:
        p = self.popup
        if p is None or not 0.0 <= t - p.time <= 0.6:  # (a resume rewinds the clock a bar)
            return
        col, shape, word = JUDGEMENT_STYLE[p.kind]
        word = self.stage_infos.get(self.level.stage_at_time(p.time), self.stage).word(p.kind,
                                                                                     word)
        age = t - p.time
        rise = 0 if self.reduced_motion else int(age * 30)
        cx, y = self.popup_anchor
        call = self._call_rect(t)
        if call is not None and abs(y - call.centery) < call.height // 2 + 40:
            y, rise = call.bottom + 28, 0  # under the coach's call, never on it
        y -= rise
        surf = self.text.render(word, 34, col, True)
        timing = p.kind in ("perfect", "great", "good") and abs(p.offset) > 0.012
        box = pygame.Rect(0, 0, surf.get_width() + 60, 46 + (22 if timing else 0))
        box.midtop = (cx, y - 23)
        self.plate(canvas, box)
        rect = self.text.blit(canvas, word, 34, (cx + 14, y), col, True, anchor="center")
        draw_shape(canvas, shape, col, (rect.left - 20, y), 11)
        if timing:
            side = "EARLY" if p.offset < 0 else "LATE"
            self.text.blit(canvas, f"{side} {abs(p.offset) * 1000:.0f} ms", 16,
                           (cx, y + 30), (200, 200, 210), anchor="center")

    def _beat_phase(self, t: float) -> tuple[int, float]:
        tm = self.level.tempo_map
        beat = tm.beat_at(t) if t >= 0 else t * self.level.bpm / 60.0
        whole = math.floor(beat)
        return whole % self.level.beats_per_bar, beat - whole

    def _draw_metronome(self, canvas: pygame.Surface, t: float) -> None:
        """Beat dots: always on, larger when the game runs silent (the visual metronome)."""
        n = self.level.beats_per_bar
        k, frac = self._beat_phase(t)
        r = 9 if self.silent else 6
        x0 = W // 2 - (n - 1) * (r * 3) // 2
        span = (n - 1) * r * 3 + 2 * r + 20
        if self.silent:
            self.plate(canvas, pygame.Rect(W // 2 - 110, 8, 220, 56))
        else:
            self.plate(canvas, pygame.Rect(W // 2 - span // 2, 12, span, 28))
        for j in range(n):
            on = j == k
            col = (255, 220, 120) if on else (90, 90, 100)
            rr = r + (4 * (1 - frac) if on and not self.reduced_motion else 0)
            pygame.draw.circle(canvas, col, (x0 + j * r * 3, 26), rr)
        if self.silent:
            self.text.blit(canvas, "no sound: follow the beat dots", 12, (W // 2, 46),
                           (150, 150, 160), anchor="midtop")

    def _draw_rest(self, canvas: pygame.Surface, t: float) -> None:
        i = self.level.interval_at_time(t)
        if not (0 <= i < len(self.level.intervals)) or self.level.intervals[i].is_work:
            return
        _a, b = self.level.interval_times(i)
        left = max(0.0, b - t)
        cx, cy = self.rest_anchor
        # below the top plates, and its words clear of the error bar
        cy = min(max(cy, SCORE_ZONE.bottom + 122), self.track_y - 44 - 190)
        self._round_plate(canvas, (cx, cy), 118)
        # breathe in for two beats, out for two (slow and even)
        beat = self.level.tempo_map.beat_at(t)
        phase = (beat / 4.0) % 1.0
        inhale = phase < 0.5
        amt = math.sin(math.pi * (phase * 2 if inhale else (phase - 0.5) * 2))
        grow = amt if inhale else 1 - amt
        r = int(60 + (0 if self.reduced_motion else 50 * (grow if inhale else grow)))
        pygame.draw.circle(canvas, (70, 120, 180), (cx, cy), r, 4)
        pygame.draw.circle(canvas, (120, 170, 230), (cx, cy), max(4, r - 18), 2)
        self.text.blit(canvas, f"{math.ceil(left)}", 64, (cx, cy), (235, 240, 250), True,
                       anchor="center")
        nxt = self.level.intervals[i + 1] if i + 1 < len(self.level.intervals) else None
        following = self.text.fit(f"next: {nxt.name}", 18, 240) if nxt and nxt.name else ""
        self.plate(canvas, pygame.Rect(cx - 130, cy + 120, 260, 68 if following else 36))
        self.text.blit(canvas, "BREATHE IN" if inhale else "BREATHE OUT", 22, (cx, cy + 138),
                       (170, 200, 240), True, anchor="center")
        if following:
            self.text.blit(canvas, following, 18, (cx, cy + 168), (200, 200, 210),
                           anchor="center")

    def _round_plate(self, canvas: pygame.Surface, centre: tuple[int, int], r: int,
                     rim: tuple[int, int, int] | None = None) -> None:
        """A dark disc the rest countdown and the count-in sit on (a zone of its own)."""
        pygame.draw.circle(canvas, ROUND_PLATE, centre, r)
        if rim is not None:
            pygame.draw.circle(canvas, rim, centre, r, 3)
        self.zones.append(pygame.Rect(centre[0] - r, centre[1] - r, 2 * r, 2 * r))

    def _draw_count_in(self, canvas: pygame.Surface, t: float) -> None:
        if self.count_in is None:
            return
        when, k, n = self.count_in
        if t - when > 60.0 / self.level.bpm or t >= 0:
            return
        cx, cy = self.rest_anchor if self.rest_anchor[1] < 420 else (W // 2, 300)
        # a round plate, as the rest's countdown on the same spot: the beats to go
        self._round_plate(canvas, (cx, cy), 80, rim=(255, 214, 120))
        self.text.blit(canvas, str(n - k + 1), 110, (cx, cy), (255, 240, 210), True,
                       anchor="center")

    def _draw_bell(self, canvas: pygame.Surface, t: float) -> None:
        age = t - self.bell_time
        dur = 0.6 * self.bell_rings + 0.4
        if age < 0 or age > dur:
            return
        wobble = 0 if self.reduced_motion else math.sin(age * 40) * 6 * (1 - age / dur)
        cx, cy = W // 2 + int(wobble), 90
        pygame.draw.polygon(canvas, (230, 190, 80), [(cx - 22, cy + 16), (cx + 22, cy + 16),
                                                     (cx + 14, cy - 10), (cx - 14, cy - 10)])
        pygame.draw.circle(canvas, (230, 190, 80), (cx, cy - 12), 14)
        pygame.draw.circle(canvas, (120, 90, 30), (cx, cy + 20), 5)
        if not self.reduced_motion:
            for ring in range(1, 4):
                rr = int(30 + ring * 10 + (age % 0.6) * 40)
                pygame.draw.circle(canvas, (230, 190, 80), (cx, cy), rr, 1)
        ding = self.text.render("DING" + "!" * self.bell_rings, 16, (240, 210, 120), True)
        self.plate(canvas, pygame.Rect(cx + 32, cy - 14, ding.get_width() + 16, 28))
        canvas.blit(ding, ding.get_rect(midleft=(cx + 40, cy)))

    def _draw_next(self, canvas: pygame.Surface, t: float) -> None:
        """A bar before a remix cuts to another stage: its name and keys, so the hands are
        ready on the cut."""
        for at, stage in self.cuts:
            bar = self.level.beats_per_bar * 60.0 / max(1.0, self.level.tempo_map.bpm_at_time(
                max(0.0, at - 0.01)))
            if at - bar <= t < at:
                info = self.stage_infos[stage]
                keys = "   ".join(f"{self._key_label(stage, a)} {info.action_labels.get(a, a)}"
                                  for a in self.lane_sets[stage])
                y = 74      # under the beat dots, clear of the judgement word and the art
                room = 2 * (W // 2 - PANEL_ZONE.right - 8) - 40   # between the top plates
                keys = self.text.fit(keys, 14, room)
                head = self.text.fit(f"NEXT: {info.title.upper()}", 22, room, True)
                width = max(self.text.size(keys, 14)[0], self.text.size(head, 22, True)[0],
                            200) + 40
                self.plate(canvas, pygame.Rect(W // 2 - width // 2, y - 16, width, 56))
                self.text.blit(canvas, head, 22, (W // 2, y),
                               (255, 214, 90), True, anchor="center")
                self.text.blit(canvas, keys, 14, (W // 2, y + 22),
                               (235, 225, 205), anchor="center")
                return

    def _call_rect(self, t: float) -> pygame.Rect | None:
        """Where the coach's call shows at t (its plate), or None when none does."""
        if self.call is None:
            return None
        when, text = self.call
        bar = self.level.beats_per_bar * 60.0 / self.level.tempo_map.bpm_at_time(max(0.0, t))
        if not 0 <= t - when <= bar:
            return None
        w = max(self.text.size(text, 40, True)[0], 120) + 48
        cx, cy = self.call_anchor
        return pygame.Rect(cx - w // 2, cy - 46, w, 72)

    def _draw_call(self, canvas: pygame.Surface, t: float) -> None:
        rect = self._call_rect(t)
        if rect is None or self.call is None:
            return
        self.plate(canvas, rect)
        cx, cy = self.call_anchor
        self.text.blit(canvas, self.call[1], 40, (cx, cy), (255, 250, 235), True,
                       anchor="center")
        self.text.blit(canvas, "COACH:", 16, (cx, cy - 30), (200, 200, 210), anchor="center")
