"""Sit-ups over the apron, drawn once: the gym and the ring (upside down, as the camera
hangs), the fighter's legs on the apron, and his upper body at every angle of the rep.

The world is composed the right way up and flipped once, so the shared gym scenery is the
same wall, window and ring as every other gym stage, only hung the other way.
"""

from __future__ import annotations

import pygame

from game.gfx import gym
from game.gfx.text import TextCache

W, H = 1280, 720
FLOOR_Y = 560                     # world: where the ring stands on the floor
CANVAS_Y = 410                    # world: the apron's top edge
RING_RIGHT = 740                  # the ring's near right-hand post
APRON_END = 880                   # the apron runs past the post to here
HIP = (864, CANVAS_Y - 6)         # world: the pivot of the sit-up, at the apron's edge
COACH_FEET = (1150, 588)          # world: the coach on the floor, facing the fighter

ANGLES = tuple(range(-90, 106, 5))   # the torso's world angle, degrees (0 = lying flat)
TORSO = 100                       # hip to shoulder, pixels
HEAD_R = 21

SKIN, SKIN_D = (196, 142, 110), (150, 102, 78)
SHIRT, SHIRT_D = (132, 52, 56), (100, 36, 42)   # a faded red sweatshirt
PANTS, PANTS_D = (52, 54, 66), (38, 40, 50)
HAIR = (34, 26, 22)
SHOE = (226, 224, 216)


def screen(p: tuple[float, float]) -> tuple[int, int]:
    """World point -> screen point: the camera hangs upside down."""
    return round(p[0]), round(H - p[1])


def backdrop(text: TextCache) -> pygame.Surface:
    """The gym with the ring and the fighter's legs, composed upright, then flipped."""
    bg = gym.gym_backdrop(text, window=(150, 80, 250, 330), shaft_foot=(160, 700),
                          poster=None, pipe_x=1236, floor_y=FLOOR_Y)
    gym.draw_ring(bg, -60, RING_RIGHT, CANVAS_Y, depth=70, apron_h=FLOOR_Y - CANVAS_Y,
                  post_h=150)
    slant = 35
    pygame.draw.polygon(bg, (196, 188, 170), [(RING_RIGHT, CANVAS_Y), (APRON_END, CANVAS_Y),
                                              (APRON_END - slant, CANVAS_Y - 70),
                                              (RING_RIGHT - slant, CANVAS_Y - 70)])
    face = pygame.Rect(RING_RIGHT + 8, CANVAS_Y, APRON_END - RING_RIGHT - 8, FLOOR_Y - CANVAS_Y)
    pygame.draw.rect(bg, (36, 44, 70), face)
    pygame.draw.line(bg, (28, 34, 56), (APRON_END - 40, CANVAS_Y + 14), (APRON_END - 36,
                     FLOOR_Y), 2)
    pygame.draw.line(bg, (230, 224, 210), (RING_RIGHT, CANVAS_Y), (APRON_END, CANVAS_Y), 4)
    pygame.draw.line(bg, (20, 24, 40), (APRON_END, CANVAS_Y), (APRON_END, FLOOR_Y), 3)
    _draw_bench(bg)
    _draw_legs(bg)
    gym.vignette(bg)
    return gym.finish(pygame.transform.flip(bg, False, True))


def _draw_bench(bg: pygame.Surface) -> None:
    """A bench against the wall, beyond the coach, with a skipping rope over it."""
    pygame.draw.rect(bg, (96, 66, 44), (1060, FLOOR_Y - 70, 150, 12))
    for x in (1070, 1190):
        pygame.draw.rect(bg, (70, 48, 32), (x, FLOOR_Y - 60, 10, 60))
    pygame.draw.lines(bg, (190, 40, 40), False, [(1100, FLOOR_Y - 70), (1120, FLOOR_Y - 30),
                                                 (1150, FLOOR_Y - 20), (1176, FLOOR_Y - 70)],
                      3)


def _draw_legs(bg: pygame.Surface) -> None:
    """On his back on the apron, knees up, feet hooked under the bottom rope."""
    hip = HIP
    knee = (hip[0] - 82, hip[1] - 62)
    heel = (RING_RIGHT - 20, CANVAS_Y - 14)
    for a, b, w, col in ((hip, knee, 34, PANTS), (knee, heel, 26, PANTS)):
        pygame.draw.line(bg, col, a, b, w)
        pygame.draw.circle(bg, col, a, w // 2)
        pygame.draw.circle(bg, col, b, w // 2)
    pygame.draw.line(bg, PANTS_D, (knee[0] + 4, knee[1] + 10), (hip[0] - 6, hip[1] - 2), 3)
    pygame.draw.ellipse(bg, SHOE, (heel[0] - 30, heel[1] - 10, 42, 18))
    pygame.draw.line(bg, (160, 156, 150), (heel[0] - 26, heel[1] + 2), (heel[0] + 8,
                     heel[1] + 2), 2)


def torso() -> pygame.Surface:
    """The upper body lying flat (world angle 0), as the hung camera sees it: along +x from
    the hip at the sprite's centre, the chest toward screen-down (the world's up); hands
    crossed behind the head, the near elbow out in front of the face."""
    size = 2 * (TORSO + 2 * HEAD_R + 14)
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    c = size // 2
    hip = (c, c)
    shoulder = (c + TORSO, c + 4)
    head = (c + TORSO + HEAD_R + 10, c + 2)
    # the far arm: just an elbow showing past the head
    pygame.draw.line(s, SHIRT_D, shoulder, (shoulder[0] + 22, shoulder[1] + 34), 16)
    # the torso in a sweatshirt, broad at the chest
    pygame.draw.polygon(s, SHIRT, [(hip[0] - 4, hip[1] - 17), (shoulder[0] - 10, shoulder[1] - 22),
                                   (shoulder[0] + 6, shoulder[1] - 14),
                                   (shoulder[0] + 6, shoulder[1] + 20),
                                   (shoulder[0] - 30, shoulder[1] + 26),
                                   (hip[0] + 10, hip[1] + 18), (hip[0] - 4, hip[1] + 16)])
    pygame.draw.line(s, SHIRT_D, (hip[0] + 20, hip[1] + 10), (shoulder[0] - 30,
                     shoulder[1] + 20), 2)
    pygame.draw.line(s, PANTS, (hip[0] - 2, hip[1] - 16), (hip[0] - 2, hip[1] + 16), 8)
    pygame.draw.circle(s, PANTS, hip, 15)
    # neck and head, face on the chest side
    pygame.draw.line(s, SKIN_D, shoulder, head, 16)
    pygame.draw.circle(s, SKIN, head, HEAD_R)
    pygame.draw.ellipse(s, HAIR, (head[0] - HEAD_R, head[1] - HEAD_R - 2, 2 * HEAD_R,
                                  HEAD_R + 6))
    pygame.draw.circle(s, SKIN_D, (head[0] - 2, head[1] - 2), 6)                  # ear
    pygame.draw.circle(s, (40, 28, 24), (head[0] + 8, head[1] + 10), 2)           # eye
    pygame.draw.ellipse(s, SKIN_D, (head[0] + 14, head[1] + 6, 9, 12))            # nose
    pygame.draw.line(s, (110, 60, 50), (head[0] + 4, head[1] + 17), (head[0] + 12,
                     head[1] + 16), 2)                                             # mouth
    # the near arm: shoulder up to the elbow in front of the face, hand behind the head
    elbow = (head[0] + 4, head[1] + 40)
    hand = (head[0] - 10, head[1] - 12)
    pygame.draw.line(s, SHIRT, shoulder, elbow, 18)
    pygame.draw.circle(s, SHIRT, elbow, 9)
    pygame.draw.line(s, SHIRT, elbow, hand, 15)
    pygame.draw.circle(s, SKIN, hand, 8)
    return s


def torso_frames() -> dict[int, pygame.Surface]:
    """The upper body at every angle of ANGLES (world degrees, counter-clockwise), rotated
    once for the hung camera (which turns world counter-clockwise into clockwise)."""
    base = torso()
    return {a: gym.finish(pygame.transform.rotozoom(base, -a, 1.0), True) for a in ANGLES}
