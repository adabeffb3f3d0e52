"""The gym at dawn: a speed bag on its platform, rebounding off the board on every punch."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pygame

from game.core.events import GameEvent, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import StageInfo
from game.gfx.draw import additive_glow, lerp_colour, radial_glow
from game.gfx.gym import finish, gym_backdrop, vignette
from game.gfx.keycap import Keycaps
from game.gfx.stage_view import H, StageView

SWIVEL = (640, 236)
BAG_LEN = 190
ROLL_STEPS = 13        # sideways lean sprites from -24 to +24 degrees
PITCH_STEPS = 8        # foreshortening as the bag flies back toward the board
MAX_ROLL = 24.0
LEFT_REST, RIGHT_REST = (390, 556), (890, 556)  # clear of the timing meter's words
CONTACT = (640, 400)


class SpeedBagView(StageView):
    cue_track_y = 632
    rest_anchor = (1015, 300)

    def __init__(self, level: Level, stage: StageInfo, cues: tuple[Cue, ...], text,
                 reduced_motion: bool = False) -> None:
        super().__init__(level, stage, cues, text, reduced_motion)
        self.background = self._build_background()
        self.rim = self._build_rim()
        self.bag_sprites = self._build_bags()
        self.glove = self._build_glove()
        self.glove_r = pygame.transform.flip(self.glove, True, False)
        self.spark = additive_glow(34, (255, 220, 150))
        self.hits: list[tuple[float, str, float, bool]] = []   # time, hand, strength, hit?
        self.flash_until = -1.0
        self.keycaps = Keycaps(text)

    # -- building once ------------------------------------------------------------------
    def _build_background(self) -> pygame.Surface:
        bg = gym_backdrop(self.text)
        # the bracket, the board and a lamp
        pygame.draw.polygon(bg, (60, 60, 66), [(560, 120), (720, 120), (700, 190), (580, 190)])
        pygame.draw.rect(bg, (40, 40, 44), (628, 40, 24, 90))
        board = pygame.Rect(430, 182, 420, 56)
        pygame.draw.ellipse(bg, (60, 38, 22), board.move(0, 10))
        pygame.draw.ellipse(bg, (134, 92, 54), board)
        pygame.draw.ellipse(bg, (160, 114, 70), board.inflate(-30, -18).move(0, -4))
        pygame.draw.line(bg, (200, 200, 205), SWIVEL, (SWIVEL[0], SWIVEL[1] - 14), 5)
        glow = radial_glow(260, (255, 200, 140), 0.35)
        bg.blit(glow, (640 - 260, -120))
        vignette(bg)
        return finish(bg)

    def _build_rim(self) -> pygame.Surface:
        """The board's front edge, drawn over the bag when it flies back behind it."""
        rim = pygame.Surface((420, 40), pygame.SRCALPHA)
        pygame.draw.ellipse(rim, (134, 92, 54), (0, -18, 420, 56))
        pygame.draw.ellipse(rim, (0, 0, 0, 0), (20, -30, 380, 48))
        return rim.convert_alpha() if pygame.display.get_surface() else rim

    def _bag_base(self) -> pygame.Surface:
        w, h = 120, BAG_LEN
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        # teardrop: neck at the top, full belly low down
        pts = []
        for k in range(41):
            y = k / 40
            half = (0.12 + 0.88 * math.sin(min(1.0, y * 1.15) * math.pi * 0.62) ** 1.6) * 0.5
            if y > 0.82:
                half *= math.sqrt(max(0.0, 1 - ((y - 0.82) / 0.18) ** 2))
            pts.append((w / 2 + half * w * 0.95, y * (h - 2)))
        outline = pts + [(w - x, y) for x, y in reversed(pts)]
        pygame.draw.polygon(s, (110, 34, 26), outline)
        inner = [((x - w / 2) * 0.72 + w / 2 - 8, y * 0.92 + 6) for x, y in outline]
        pygame.draw.polygon(s, (150, 52, 36), inner)
        hl = [((x - w / 2) * 0.25 + w / 2 - 22, y * 0.7 + 30) for x, y in outline]
        pygame.draw.polygon(s, (196, 96, 70), hl)
        pygame.draw.line(s, (70, 20, 16), (w / 2, 4), (w / 2, h * 0.8), 2)  # seam
        pygame.draw.rect(s, (180, 180, 186), (w / 2 - 7, 0, 14, 10), border_radius=3)
        return s

    def _build_bags(self) -> list[list[pygame.Surface]]:
        base = self._bag_base()
        out: list[list[pygame.Surface]] = []
        for p in range(PITCH_STEPS):
            squash = 1.0 - 0.62 * p / (PITCH_STEPS - 1)
            dark = 1.0 - 0.35 * p / (PITCH_STEPS - 1)
            body = pygame.transform.smoothscale(base, (120, max(8, int(BAG_LEN * squash))))
            body.fill((int(255 * dark),) * 3 + (255,), special_flags=pygame.BLEND_RGBA_MULT)
            row = []
            for r in range(ROLL_STEPS):
                angle = -MAX_ROLL + 2 * MAX_ROLL * r / (ROLL_STEPS - 1)
                spr = pygame.transform.rotate(body, angle)
                row.append(spr.convert_alpha() if pygame.display.get_surface() else spr)
            out.append(row)
        return out

    def _build_glove(self) -> pygame.Surface:
        """A taped fist seen from behind (left hand; the right is its mirror)."""
        s = pygame.Surface((130, 120), pygame.SRCALPHA)
        pygame.draw.ellipse(s, (40, 20, 16), (8, 14, 116, 100))
        pygame.draw.ellipse(s, (222, 214, 196), (12, 10, 108, 96))
        for k in range(4):
            pygame.draw.ellipse(s, (196, 186, 166), (20 + k * 24, 14, 26, 30))
        for y in range(46, 100, 12):
            pygame.draw.line(s, (200, 190, 170), (18, y), (114, y + 6), 2)
        pygame.draw.ellipse(s, (250, 246, 236), (30, 18, 50, 20))
        return s.convert_alpha() if pygame.display.get_surface() else s

    # -- reacting -----------------------------------------------------------------------
    def on_event(self, event: GameEvent) -> None:
        if isinstance(event, Hit):
            strength = {"perfect": 1.0, "great": 0.85, "good": 0.65}.get(event.judgement.value,
                                                                         0.6)
            if event.cue.accent:
                strength *= 1.35
            self.hits.append((event.time, event.action, strength, True))
            if event.cue.accent and not self.reduced_motion:
                self.flash_until = event.time + 0.08
        elif isinstance(event, Miss) and event.action:
            self.hits.append((event.time, event.action, 0.0, False))
        if len(self.hits) > 8:
            del self.hits[:-8]

    # -- per frame ----------------------------------------------------------------------
    def _bag_pose(self, t: float) -> tuple[float, float]:
        """(pitch 0..1 back toward the board, roll degrees) from the recent hits."""
        beat = 60.0 / max(1.0, self.level.tempo_map.bpm_at_time(max(0.0, t)))
        period = max(0.16, min(0.42, beat * 0.9))
        pitch = 0.0
        roll = 0.0
        for when, hand, strength, hit in self.hits:
            dt = t - when
            if not hit or dt < 0 or dt > 1.5:
                continue
            # bag flies back, rebounds off the board, swings forward, rebounds again
            env = math.exp(-3.2 * dt / period)
            pitch += strength * env * abs(math.sin(math.pi * dt / (period * 0.5)))
            side = 1.0 if hand == "left" else -1.0
            roll += side * strength * 14 * math.exp(-5 * dt) * math.cos(2 * math.pi * dt / period)
        return min(1.0, pitch), max(-MAX_ROLL, min(MAX_ROLL, roll))

    def _fist_pos(self, hand: str, t: float) -> tuple[float, float, bool]:
        rest = LEFT_REST if hand == "left" else RIGHT_REST
        for when, h, _s, hit in reversed(self.hits):
            if h != hand:
                continue
            dt = t - when
            if 0 <= dt < 0.22:
                reach = 1 - dt / 0.22 if dt > 0.05 else 1.0
                target = (CONTACT[0] + (-36 if hand == "left" else 36), CONTACT[1] - 40)
                if not hit:  # a whiff overshoots past the bag
                    target = (CONTACT[0] + (90 if hand == "left" else -90), CONTACT[1] - 10)
                k = reach ** 0.7
                return (rest[0] + (target[0] - rest[0]) * k, rest[1] + (target[1] - rest[1]) * k,
                        not hit)
            break
        bob = 0.0 if self.reduced_motion else 6 * math.sin(t * 2 * math.pi *
                                                           self.level.bpm / 60.0)
        return rest[0], rest[1] + bob, False

    def draw(self, canvas: pygame.Surface, t: float, snap: object) -> Iterator[None]:
        shake = 0
        if not self.reduced_motion and self.hits:
            when, _h, s, hit = self.hits[-1]
            if hit and 0 <= t - when < 0.06 and s > 1.1:
                shake = 3
        canvas.blit(self.background, (shake, 0))
        yield
        pitch, roll = self._bag_pose(t)
        p_idx = min(PITCH_STEPS - 1, int(pitch * (PITCH_STEPS - 1) + 0.5))
        r_idx = int(round((roll + MAX_ROLL) / (2 * MAX_ROLL) * (ROLL_STEPS - 1)))
        spr = self.bag_sprites[p_idx][r_idx]
        shadow_w = int(140 - pitch * 40)
        pygame.draw.ellipse(canvas, (30, 22, 18), (640 - shadow_w // 2, 600, shadow_w, 16))
        rect = spr.get_rect(midtop=(SWIVEL[0] - int(roll * 1.6), SWIVEL[1] - 6))
        canvas.blit(spr, rect)
        if pitch > 0.45:
            canvas.blit(self.rim, (430, 218))
        # motion lines near the board when the bag rattles
        if pitch > 0.25 and not self.reduced_motion:
            for k in range(3):
                y = SWIVEL[1] + 40 + k * 22
                pygame.draw.line(canvas, (240, 220, 200), (560 - k * 8, y), (600 - k * 8, y), 2)
                pygame.draw.line(canvas, (240, 220, 200), (680 + k * 8, y), (720 + k * 8, y), 2)
        self._draw_sparks(canvas, t)
        yield
        for hand in ("left", "right"):
            x, y, whiff = self._fist_pos(hand, t)
            base_x = 330 if hand == "left" else 950
            # grey sweatshirt sleeves up to the wrists
            pygame.draw.polygon(canvas, (52, 54, 60), [(base_x - 62, H), (base_x + 62, H),
                                                       (x + 40, y + 76), (x - 40, y + 76)])
            pygame.draw.polygon(canvas, (104, 106, 114), [(base_x - 46, H), (base_x + 36, H),
                                                          (x + 26, y + 76), (x - 32, y + 76)])
            pygame.draw.line(canvas, (70, 72, 78), (x - 38, y + 78), (x + 38, y + 78), 6)
            glove = self.glove if hand == "left" else self.glove_r
            canvas.blit(glove, (x - 65, y - 30))
            # the fist's key on its wrist tape, so the hands and the keys match at a glance
            self.keycaps.blit(canvas, self.key_label(hand), (x, y + 56), 26, 60)
            if whiff:
                pygame.draw.arc(canvas, (220, 220, 230), (x - 90, y - 80, 180, 120), 0.3, 2.8, 3)
        if self.flash_until > t:
            canvas.fill((40, 30, 20), special_flags=pygame.BLEND_RGB_ADD)

    def _draw_sparks(self, canvas: pygame.Surface, t: float) -> None:
        for when, _hand, strength, hit in self.hits[-3:]:
            dt = t - when
            if not hit or not 0 <= dt < 0.28:
                continue
            cx, cy = CONTACT[0], CONTACT[1] + 10
            fade = 1 - dt / 0.28
            if dt < 0.1:
                canvas.blit(self.spark, (cx - 34, cy - 34), special_flags=pygame.BLEND_RGB_ADD)
            n = 7 if strength < 1.1 else 12
            for k in range(n):
                a = (k * 2.399 + when * 7.0) % (2 * math.pi)
                speed = 280 + 140 * ((k * 37) % 5) / 5
                px = cx + math.cos(a) * speed * dt
                py = cy + math.sin(a) * speed * dt + 300 * dt * dt
                col = lerp_colour((255, 200, 120), (255, 255, 230), fade)
                pygame.draw.line(canvas, col, (px, py), (px - math.cos(a) * 10 * fade,
                                                         py - math.sin(a) * 10 * fade), 2)


VIEW = SpeedBagView
