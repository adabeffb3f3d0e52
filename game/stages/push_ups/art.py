"""The fighter doing one-arm push-ups, seen from the side, and the speech bubbles of the
count. Everything is drawn once at load into sprites the view only blits."""

from __future__ import annotations

import math

import pygame

from game.gfx.gym import finish

Point = tuple[float, float]

SPRITE = (440, 210)
GROUND = 196              # the canvas line inside a sprite
HAND = (112, GROUND)      # the planted hand, the same in every frame (facing left)
FEET = (396, GROUND - 4)
UPPER, FORE = 52, 50      # arm lengths
DEPTHS = 14               # frames from arms straight (0) to chest on the canvas (1)
SCALE = 1.2               # drawn small for crisp lines, shown at this size

SKIN, SKIN_D = (196, 142, 110), (150, 102, 78)
TANK, TANK_D = (40, 42, 48), (28, 30, 34)
PANTS, PANTS_D = (112, 112, 120), (86, 86, 94)
HAIR = (34, 26, 22)
SHOE = (226, 224, 216)


def _lerp(a: Point, b: Point, f: float) -> Point:
    return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f


def _elbow(shoulder: Point, hand: Point) -> Point:
    """Two-link arm: where the elbow is for a shoulder and a hand, flared back toward the
    feet (the larger x of the two solutions)."""
    dx, dy = hand[0] - shoulder[0], hand[1] - shoulder[1]
    d = max(1e-6, min(UPPER + FORE - 0.5, math.hypot(dx, dy)))
    a = (UPPER * UPPER - FORE * FORE + d * d) / (2 * d)
    h = math.sqrt(max(0.0, UPPER * UPPER - a * a))
    mx, my = shoulder[0] + a * dx / d, shoulder[1] + a * dy / d
    a_ = (mx - h * dy / d, my + h * dx / d)
    b_ = (mx + h * dy / d, my - h * dx / d)
    return a_ if a_[0] >= b_[0] else b_


def _limb(s: pygame.Surface, col: tuple[int, int, int], a: Point, b: Point, w: int) -> None:
    pygame.draw.line(s, col, a, b, w)
    pygame.draw.circle(s, col, (round(a[0]), round(a[1])), w // 2)
    pygame.draw.circle(s, col, (round(b[0]), round(b[1])), w // 2)


def _band(s: pygame.Surface, col: tuple[int, int, int], a: Point, b: Point, wa: float,
          wb: float) -> None:
    """A tapered body segment from a to b, `wa`/`wb` thick at its ends."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = max(1e-6, math.hypot(dx, dy))
    px, py = -dy / n, dx / n
    pygame.draw.polygon(s, col, [(a[0] + px * wa / 2, a[1] + py * wa / 2),
                                 (b[0] + px * wb / 2, b[1] + py * wb / 2),
                                 (b[0] - px * wb / 2, b[1] - py * wb / 2),
                                 (a[0] - px * wa / 2, a[1] - py * wa / 2)])
    pygame.draw.circle(s, col, (round(a[0]), round(a[1])), round(wa / 2))
    pygame.draw.circle(s, col, (round(b[0]), round(b[1])), round(wb / 2))


def fighter(depth: float) -> pygame.Surface:
    """One frame of the push-up, facing left (the left arm planted and nearest us): `depth`
    0 is arms straight, 1 the chest an inch off the canvas. The other arm is tucked behind
    the back."""
    s = pygame.Surface(SPRITE, pygame.SRCALPHA)
    # arm straight under the shoulder at the top; at the bottom the forearm stands up from
    # the hand and the upper arm runs back along the ribs, so the shoulder is ahead of it
    shoulder = (HAND[0] + 4 - 40 * depth, GROUND - (98 - 50 * depth))
    feet = FEET
    ux, uy = shoulder[0] - feet[0], shoulder[1] - feet[1]
    n = math.hypot(ux, uy)
    ux, uy = ux / n, uy / n                   # along the body, toward the head
    px, py = uy, -ux                          # the body's back side (up)
    hip = _lerp(shoulder, feet, 0.36)
    hip = (hip[0] + px * 4, hip[1] + py * 4)
    knee = _lerp(hip, feet, 0.5)
    # the far arm: upper arm back along the ribs, forearm across the small of the back
    far_sh = (shoulder[0] + 6 + px * 6, shoulder[1] + py * 6)
    far_el = (far_sh[0] - ux * 46 + px * 10, far_sh[1] - uy * 46 + py * 10)
    far_hand = (hip[0] + px * 14 + ux * 4, hip[1] + py * 14 + uy * 4)
    _limb(s, SKIN_D, far_sh, far_el, 15)
    # legs: far leg a shade darker and a little apart, both in sweatpants
    _band(s, PANTS_D, hip, (feet[0] + 6, feet[1] - 2), 30, 15)
    _band(s, PANTS, hip, knee, 36, 26)
    _band(s, PANTS, knee, feet, 26, 17)
    for fx, col in ((feet[0] + 6, (190, 188, 180)), (feet[0], SHOE)):
        pygame.draw.ellipse(s, col, (fx - 8, feet[1] - 6, 26, 14))
    # torso: a tank top, broad at the chest
    chest = _lerp(shoulder, hip, 0.3)
    _band(s, TANK, hip, chest, 34, 46)
    _band(s, TANK, chest, shoulder, 46, 36)
    pygame.draw.line(s, TANK_D, (hip[0] - px * 12, hip[1] - py * 12),
                     (chest[0] - px * 18, chest[1] - py * 18), 3)
    pygame.draw.line(s, (150, 150, 158), (hip[0] + px * 2, hip[1] + py * 2),
                     (hip[0] - px * 16, hip[1] - py * 16), 5)          # waistband
    _limb(s, SKIN_D, far_el, far_hand, 13)               # the tucked forearm, on the back
    pygame.draw.circle(s, SKIN, (round(far_hand[0]), round(far_hand[1])), 8)
    # head, neck, face toward the canvas ahead of the hand
    neck = (shoulder[0] + ux * 14 + px * 8, shoulder[1] + uy * 14 + py * 8)
    head = (shoulder[0] + ux * 34 + px * 12, shoulder[1] + uy * 34 + py * 12)
    _limb(s, SKIN_D, shoulder, neck, 18)
    pygame.draw.circle(s, SKIN, head, 17)
    pygame.draw.ellipse(s, HAIR, (head[0] - 16, head[1] - 19, 32, 20))
    pygame.draw.circle(s, HAIR, (round(head[0] + 10), round(head[1] - 8)), 9)
    pygame.draw.circle(s, SKIN_D, (round(head[0] + 5), round(head[1] + 1)), 5)   # ear
    pygame.draw.circle(s, (40, 28, 24), (round(head[0] - 9), round(head[1] + 3)), 2)  # eye
    pygame.draw.line(s, (110, 60, 50), (head[0] - 13, head[1] + 10),
                     (head[0] - 6, head[1] + 12), 2)                    # clenched mouth
    # the near (working) arm, shoulder to the planted hand, the elbow flared back
    elbow = _elbow(shoulder, HAND)
    _limb(s, SKIN, shoulder, elbow, 18)
    _limb(s, SKIN, elbow, (HAND[0], HAND[1] - 6), 15)
    pygame.draw.circle(s, SKIN, (round(shoulder[0]), round(shoulder[1])), 13)   # deltoid
    pygame.draw.line(s, SKIN_D, (shoulder[0] + 6, shoulder[1] + 4), elbow, 2)
    pygame.draw.ellipse(s, SKIN, (HAND[0] - 18, HAND[1] - 8, 26, 10))            # palm
    return s


def fighter_frames() -> tuple[list[pygame.Surface], list[pygame.Surface]]:
    """(left arm, right arm) frames from up to down: the right arm is the mirror, head to
    the right, so the working arm is always the one nearest us."""
    size = (round(SPRITE[0] * SCALE), round(SPRITE[1] * SCALE))
    left = [pygame.transform.smoothscale(fighter(k / (DEPTHS - 1)), size)
            for k in range(DEPTHS)]
    right = [pygame.transform.flip(f, True, False) for f in left]
    return [finish(f, True) for f in left], [finish(f, True) for f in right]


def bubble(size: tuple[int, int], fill: tuple[int, int, int], tail: str) -> pygame.Surface:
    """A speech bubble with its tail down-left or down-right, for a voice's count."""
    w, h = size
    s = pygame.Surface((w, h + 18), pygame.SRCALPHA)
    body = pygame.Rect(0, 0, w, h)
    x = 22 if tail == "left" else w - 22
    tip = (x - 14, h + 16) if tail == "left" else (x + 14, h + 16)
    pygame.draw.polygon(s, (30, 26, 24), [(x - 10, h - 4), (x + 10, h - 4), tip])
    pygame.draw.ellipse(s, (30, 26, 24), body)
    pygame.draw.ellipse(s, fill, body.inflate(-6, -6))
    pygame.draw.polygon(s, fill, [(x - 6, h - 6), (x + 6, h - 6),
                                  (tip[0] + (3 if tail == "left" else -3), tip[1] - 5)])
    return finish(s, True)
