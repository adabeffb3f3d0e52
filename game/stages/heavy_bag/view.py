"""The gym at dawn: a heavy bag on its chain, the coach by the ring calling head or body.

The bag's swing is the clock: it comes back to the gloves on every beat and swings away
between them, further the harder it has been hit, so the player times the next punch on
its return. Head shots land high on it, body shots low; power shots and held digs shove
it further and make the chain jump.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pygame

from game.core.events import Call, GameEvent, Hit, HoldEnded, Miss, RollProgress
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx import gym
from game.gfx.draw import additive_glow, lerp_colour
from game.gfx.keycap import Keycaps
from game.gfx.stage_view import H, StageView
from game.stages.heavy_bag.rules import ComboResult, HeavyBagSnapshot, hand_of, target_of

PIVOT = (360, 22)              # where the chain hangs from the beam
BAG_W, BAG_H, CHAIN = 150, 330, 128
BAG_TOP = PIVOT[1] + CHAIN
ZONE_Y = {"head": BAG_TOP + 80, "body": BAG_TOP + 225}   # contact heights at rest
AWAY_STEPS = 7                 # foreshortening as the bag swings away from the gloves
AWAY_SCALE = 0.22              # how much smaller it looks at the far end of the swing
ROLL_STEPS = 11                # sideways lean sprites from -MAX_ROLL to +MAX_ROLL
MAX_ROLL = 9.0
REST = {"lead": (230, 548), "rear": (560, 566)}
GLOVE_SCALES = (0.86, 0.76, 0.66, 0.58)
COACH_AT = (1010, 606)         # his feet, in front of the ring
IDLE_SWING = 0.12


@dataclass(frozen=True)
class Punch:
    time: float
    hand: str          # lead / rear
    target: str        # head / body
    strength: float    # 0 for a whiff
    until: float       # a held dig stays in the bag until here


def _shade_columns(w: int, light: float) -> np.ndarray:
    """Per-column brightness of a cylinder lit from the window on the left."""
    x = np.linspace(-1.0, 1.0, w)
    lam = np.sqrt(np.clip(1 - x ** 2, 0, 1))
    return 0.35 + 0.65 * lam * (0.75 + 0.25 * -x) * light


def bag_surface() -> pygame.Surface:
    """The bag and its chains, the pivot at the top centre of the surface."""
    w, h = BAG_W + 20, CHAIN + BAG_H + 10
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    cx = w // 2
    # chains: a swivel and four runs to the bag's rim
    pygame.draw.circle(s, (170, 170, 178), (cx, 8), 7, 3)
    for dx in (-58, -20, 20, 58):
        for k in range(12):
            f0, f1 = k / 12, (k + 1) / 12
            a = (cx + dx * f0, 14 + (CHAIN - 10) * f0)
            b = (cx + dx * f1, 14 + (CHAIN - 10) * f1)
            pygame.draw.line(s, (120, 120, 128) if k % 2 else (176, 176, 184), a, b, 3)
    # leather cylinder, shaded column by column
    body = np.zeros((BAG_W, BAG_H, 3), dtype=np.float32)
    body[:] = (118, 30, 26)
    body *= _shade_columns(BAG_W, 1.1)[:, None, None]
    rng = np.random.default_rng(11)
    body += rng.normal(0, 4, (BAG_W, BAG_H, 1))
    leather = pygame.Surface((BAG_W, BAG_H), pygame.SRCALPHA)
    leather.fill((0, 0, 0, 0))
    pygame.draw.rect(leather, (255, 255, 255, 255), (0, 0, BAG_W, BAG_H), border_radius=26)
    rgb = pygame.surfarray.pixels3d(leather)
    rgb[:, :, :] = np.clip(body, 0, 255).astype(np.uint8)
    del rgb
    top = CHAIN + 4
    s.blit(leather, (10, top))
    # the cap, seams, a band of worn tape at the middle
    pygame.draw.ellipse(s, (70, 18, 16), (10, top - 10, BAG_W, 24))
    pygame.draw.ellipse(s, (150, 150, 158), (cx - 14, top - 6, 28, 12))
    for y in (top + 40, top + 150, top + 290):
        pygame.draw.arc(s, (60, 14, 12), (10, y - 10, BAG_W, 22), math.pi, 2 * math.pi, 2)
    tape = pygame.Rect(10, top + 160, BAG_W, 34)
    band = np.zeros((BAG_W, 34, 3), dtype=np.float32)
    band[:] = (190, 182, 160)
    band *= _shade_columns(BAG_W, 1.0)[:, None, None]
    tape_s = pygame.Surface(tape.size)
    pygame.surfarray.blit_array(tape_s, np.clip(band, 0, 255).astype(np.uint8))
    s.blit(tape_s, tape)
    for x in range(tape.left + 12, tape.right, 23):
        pygame.draw.line(s, (150, 142, 120), (x, tape.top), (x + 6, tape.bottom), 1)
    # the worn patches where the punches land
    for y in (ZONE_Y["head"] - PIVOT[1] + 4, ZONE_Y["body"] - PIVOT[1] + 4):
        pygame.draw.ellipse(s, (96, 26, 22), (cx - 34, y - 22, 68, 44))
    pygame.draw.rect(s, (60, 14, 12), (10, top, BAG_W, BAG_H), 2, border_radius=26)
    return s


def glove_surface() -> pygame.Surface:
    """A red boxing glove seen from behind (the left; the right is its mirror)."""
    s = pygame.Surface((140, 150), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (60, 10, 10), (6, 8, 128, 118))
    pygame.draw.ellipse(s, (176, 30, 30), (10, 4, 120, 112))
    pygame.draw.ellipse(s, (150, 22, 24), (96, 40, 36, 56))           # the thumb
    pygame.draw.ellipse(s, (214, 74, 64), (28, 14, 64, 34))           # highlight
    pygame.draw.rect(s, (232, 226, 214), (34, 104, 72, 40), border_radius=8)   # cuff
    for y in range(110, 140, 8):
        pygame.draw.line(s, (190, 184, 170), (40, y), (100, y), 2)
    return s


class HeavyBagView(StageView):
    cue_track_y = 628
    rest_anchor = (800, 205)      # on the wall above the ropes, left of the coach

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        self.background = self._build_background()
        self.bags = self._build_bags()
        self.gloves = self._build_gloves()
        self.coach = gym.coach_sprites(0.92, facing="left", tint=0.92)
        self.spark = additive_glow(40, (255, 210, 150))
        self.dust = additive_glow(26, (120, 100, 80), 0.8)
        self.punches: list[Punch] = []
        self.push: list[tuple[float, float]] = []     # (time, strength) shoves of the bag
        self.last_call = -99.0
        self.last_landed = -99.0
        self.shake_until = -1.0
        self.keycaps = Keycaps(text)

    # -- building once ------------------------------------------------------------------
    def _build_background(self) -> pygame.Surface:
        bg = gym.gym_backdrop(self.text, window=(990, 60, 230, 330), shaft_foot=(480, 900),
                              poster=(50, 120, 150, 210), pipe_x=590)
        gym.draw_ring(bg, 660, 1320, 476, depth=60, apron_h=84, post_h=100)
        pygame.draw.rect(bg, (44, 40, 38), (0, 0, 1280, 22))              # the ceiling beam
        pygame.draw.rect(bg, (70, 64, 60), (0, 16, 1280, 6))
        pygame.draw.rect(bg, (90, 90, 96), (PIVOT[0] - 20, 10, 40, 16), border_radius=3)
        pygame.draw.ellipse(bg, (34, 24, 18), (PIVOT[0] - 100, 596, 200, 22))  # its shadow
        gym.vignette(bg)
        return gym.finish(bg)

    def _build_bags(self) -> list[list[tuple[pygame.Surface, tuple[int, int]]]]:
        """[away][roll] -> (sprite, its top-left relative to the pivot)."""
        base = bag_surface()
        w, h = base.get_size()
        out = []
        for a in range(AWAY_STEPS):
            f = a / (AWAY_STEPS - 1)
            sc = 1.0 - AWAY_SCALE * f
            body = pygame.transform.smoothscale(base, (round(w * sc), round(h * sc)))
            dark = 1.0 - 0.3 * f
            body.fill((round(255 * dark),) * 3 + (255,), special_flags=pygame.BLEND_RGBA_MULT)
            bw, bh = body.get_size()
            padded = pygame.Surface((bw, bh * 2), pygame.SRCALPHA)
            padded.blit(body, (0, bh))                  # the pivot is now the centre
            row = []
            for r in range(ROLL_STEPS):
                angle = -MAX_ROLL + 2 * MAX_ROLL * r / (ROLL_STEPS - 1)
                rot = pygame.transform.rotate(padded, angle)
                box = rot.get_bounding_rect()
                spr = rot.subsurface(box).copy()
                cx, cy = rot.get_width() / 2, rot.get_height() / 2
                row.append((gym.finish(spr, True), (int(box.x - cx), int(box.y - cy))))
            out.append(row)
        return out

    def _build_gloves(self) -> dict[tuple[str, int], pygame.Surface]:
        base = glove_surface()
        out: dict[tuple[str, int], pygame.Surface] = {}
        for hand in ("lead", "rear"):
            g = base if hand == "lead" else pygame.transform.flip(base, True, False)
            for k, sc in enumerate(GLOVE_SCALES):
                out[(hand, k)] = gym.finish(pygame.transform.rotozoom(g, 0, sc), True)
        return out

    # -- reacting -----------------------------------------------------------------------
    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Call):
            self.last_call = event.time
        elif isinstance(event, ComboResult) and event.landed:
            self.last_landed = event.time
        elif isinstance(event, RollProgress):
            a = event.cue.parts[event.count % len(event.cue.parts)]
            self._punch(event.time, a, 0.55, event.time)
        elif isinstance(event, HoldEnded):
            # the dig comes out of the bag when the hold ends, early or on time
            self.punches = [Punch(p.time, p.hand, p.target, p.strength, event.time)
                            if p.until > event.time else p for p in self.punches]
        elif isinstance(event, Hit) and event.phase != "body" and event.cue.kind != "roll":
            cue = event.cue
            strength = {"perfect": 1.0, "great": 0.85, "good": 0.65}.get(
                event.judgement.value, 0.6)
            power = cue.accent or cue.kind == "hold"
            if power:
                strength *= 1.6
                if not self.reduced_motion:
                    self.shake_until = event.time + 0.09
            until = cue.end_time if cue.kind == "hold" else event.time
            self._punch(event.time, event.action or cue.action, strength, until)
        elif isinstance(event, Miss) and event.action and event.phase != "body":
            self.punches.append(Punch(event.time, hand_of(event.action),
                                      target_of(event.action), 0.0, event.time))
        if len(self.punches) > 10:
            del self.punches[:-10]
        if len(self.push) > 12:
            del self.push[:-12]

    def _punch(self, t: float, action: str, strength: float, until: float) -> None:
        self.punches.append(Punch(t, hand_of(action), target_of(action), strength, until))
        self.push.append((t, strength))

    # -- per frame ----------------------------------------------------------------------
    def bag_pose(self, t: float) -> tuple[float, float]:
        """(away 0..1, sideways degrees): the swing on the beat clock, as hard as it was hit.

        The bag returns to the gloves on every beat and is furthest away between them."""
        energy = IDLE_SWING
        for when, s in self.push:
            dt = t - when
            if 0 <= dt < 4.0:
                energy += 0.32 * s * math.exp(-dt / 1.3)
        for p in self.punches:          # a held dig keeps the bag pressed away
            if p.strength and p.until > p.time and p.time <= t <= p.until:
                energy += 0.4
        beat = self.level.tempo_map.beat_at(t)
        away = min(1.0, energy) * abs(math.sin(math.pi * beat))
        roll = 0.0
        for p in self.punches[-4:]:
            dt = t - p.time
            if p.strength and 0 <= dt < 2.5:
                side = 1.0 if p.hand == "lead" else -1.0
                roll += side * p.strength * 5.0 * math.exp(-1.6 * dt) * math.sin(
                    math.pi * min(dt * 3.0, 1.0) + 2 * math.pi * dt / 1.6)
        return away, max(-MAX_ROLL, min(MAX_ROLL, roll))

    def _glove(self, hand: str, t: float, away: float) -> tuple[float, float, int, bool]:
        """Where the glove is: (x, y, scale index, whiffed)."""
        rest = REST[hand]
        for p in reversed(self.punches):
            if p.hand != hand:
                continue
            dt = t - p.time
            held = p.strength and p.until > p.time and p.time <= t <= p.until
            if held or 0 <= dt < 0.2:
                reach = 1.0 if held or dt < 0.06 else 1 - (dt - 0.06) / 0.14
                side = -38 if hand == "lead" else 38
                tx = PIVOT[0] + side
                ty = ZONE_Y[p.target] + 20 - 60 * away * (ZONE_Y[p.target] - PIVOT[1]) / 400
                if not p.strength:          # a whiff goes wide of the bag
                    tx = PIVOT[0] + (150 if hand == "lead" else -150)
                k = reach ** 0.7
                x = rest[0] + (tx - rest[0]) * k
                y = rest[1] + (ty - rest[1]) * k
                return x, y, min(3, int(k * 3.99)), not p.strength
            break
        bob = 0.0 if self.reduced_motion else 5 * math.sin(
            math.pi * self.level.tempo_map.beat_at(t) + (0.0 if hand == "lead" else 1.3))
        return rest[0], rest[1] + bob, 0, False

    def _called_target(self, t: float, snap: HeavyBagSnapshot | None) -> str | None:
        """Where the combo the coach called goes, while it is being thrown."""
        if snap is None:
            return None
        combo = snap.called_at(t)
        if combo is None or t > combo.end + 0.3:
            return None
        for c in combo.cues:
            if (c.end_time or c.time) >= t - 0.1:
                return target_of(c.action)
        return None

    def draw(self, canvas: pygame.Surface, t: float, snap: object) -> Iterator[None]:
        shake = 0
        if self.shake_until > t:
            shake = 4 if int(t * 60) % 2 else -4
        canvas.blit(self.background, (shake, 0))
        yield
        away, roll = self.bag_pose(t)
        a_idx = min(AWAY_STEPS - 1, int(away * (AWAY_STEPS - 1) + 0.5))
        r_idx = int(round((roll + MAX_ROLL) / (2 * MAX_ROLL) * (ROLL_STEPS - 1)))
        spr, (ox, oy) = self.bags[a_idx][r_idx]
        canvas.blit(spr, (PIVOT[0] + ox + shake, PIVOT[1] + oy))
        target = self._called_target(t, snap if isinstance(snap, HeavyBagSnapshot) else None)
        if target is not None:
            self._draw_target(canvas, t, target, away)
        pose = "call" if 0 <= t - self.last_call < 0.45 else (
            "point" if 0 <= t - self.last_landed < 0.6 else "watch")
        gym.draw_coach(canvas, self.coach, pose, COACH_AT)
        yield
        for hand in ("rear", "lead"):
            x, y, k, whiff = self._glove(hand, t, away)
            base_x = 150 if hand == "lead" else 660
            # grey sweatshirt sleeves up to the gloves
            pygame.draw.polygon(canvas, (52, 54, 60), [(base_x - 70, H), (base_x + 70, H),
                                                       (x + 40, y + 60), (x - 40, y + 60)])
            pygame.draw.polygon(canvas, (104, 106, 114), [(base_x - 52, H), (base_x + 40, H),
                                                          (x + 26, y + 60), (x - 32, y + 60)])
            glove = self.gloves[(hand, k)]
            canvas.blit(glove, glove.get_rect(center=(round(x), round(y))))
            if whiff:
                pygame.draw.arc(canvas, (220, 220, 230), (x - 90, y - 80, 180, 120), 0.3, 2.8, 3)
        self._draw_sparks(canvas, t, away)

    def _draw_target(self, canvas: pygame.Surface, t: float, target: str, away: float) -> None:
        """Chalk brackets beside the bag at the height the coach called."""
        y = ZONE_Y[target] - int(50 * away * (ZONE_Y[target] - PIVOT[1]) / 400)
        pulse = 0.6 + 0.4 * abs(math.sin(math.pi * self.level.tempo_map.beat_at(t)))
        col = lerp_colour((120, 110, 90), (255, 236, 170), pulse)
        half = int(BAG_W * (1 - AWAY_SCALE * away) / 2) + 14
        for side in (-1, 1):
            x = PIVOT[0] + side * half
            pygame.draw.lines(canvas, col, False, [(x - side * 10, y - 30), (x, y - 30),
                                                   (x, y + 30), (x - side * 10, y + 30)], 4)
        rect = self.text.blit(canvas, target.upper(), 18, (PIVOT[0] - half - 22, y), col,
                              True, anchor="midright")
        # the keys that land there (lead and rear hand), as glyphs beside the call
        x = rect.left - 8
        for action in reversed([a for a in self.stage.actions if target_of(a) == target]):
            cap = self.keycaps.get(self.key_label(action), 24, 56)
            x -= cap.get_width()
            canvas.blit(cap, cap.get_rect(midleft=(x, y)))
            x -= 6

    def _draw_sparks(self, canvas: pygame.Surface, t: float, away: float) -> None:
        for p in self.punches[-3:]:
            dt = t - p.time
            if not p.strength or not 0 <= dt < 0.3:
                continue
            cx = PIVOT[0] + (-30 if p.hand == "lead" else 30)
            cy = ZONE_Y[p.target]
            if dt < 0.1:
                canvas.blit(self.spark, (cx - 40, cy - 40), special_flags=pygame.BLEND_RGB_ADD)
            fade = 1 - dt / 0.3
            n = 6 if p.strength < 1.2 else 12
            for k in range(n):       # dust shaken out of the canvas
                a = (k * 2.399 + p.time * 5.0) % (2 * math.pi)
                r = (120 + 60 * ((k * 37) % 5) / 5) * dt
                px, py = cx + math.cos(a) * r, cy + math.sin(a) * r * 0.6 + 200 * dt * dt
                if fade > 0.25:
                    canvas.blit(self.dust, (px - 26, py - 26),
                                special_flags=pygame.BLEND_RGB_ADD)


VIEW = HeavyBagView
