"""Rail Yard: dawn on the empty tracks, a brick in each hand, a foot on every beat."""

from game.core.stage import StageInfo
from game.stages.rail_yard.rules import (
    ACTIONS,
    BRICKS,
    FEET,
    RULES,
    SYMBOLS,
    Footfall,
    Lift,
    RailYardSnapshot,
    RailYardState,
    is_lift,
)

__all__ = ["STAGE", "BRICKS", "FEET", "Footfall", "Lift", "RailYardSnapshot",
           "RailYardState", "is_lift"]

STAGE = StageInfo(
    name="rail_yard",
    title="Rail Yard",
    blurb="Dawn on the empty tracks, a brick in each hand. Feet on the beat, lift when called.",
    actions=ACTIONS,
    action_labels={"left": "Left foot", "right": "Right foot",
                   "left_brick": "Left hand brick", "right_brick": "Right hand brick"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.rail_yard.view:VIEW",
    sounds="game.stages.rail_yard.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right"),
                  "left_brick": ("d", "up"), "right_brick": ("k", "down")},
    pad_keys={"left": ("leftshoulder", "x", "dpleft"),
              "right": ("rightshoulder", "b", "dpright"),
              "left_brick": ("lefttrigger", "y"), "right_brick": ("righttrigger", "a")},
    example_pattern="l.r.l.r.|l.r[ab]l.r.",
    words={"wrong": "WRONG FOOT", "drop": "BRICKS DOWN", "held": "HELD"},
    hit_sounds={"chord": "brick_knock", "left_brick": "brick_knock",
                "right_brick": "brick_knock", "hold": "el_train", "*": "ballast"},
    outcome_fields=(("distance", "metres run"), ("bricks", "bricks lifted"),
                    ("strides", "strides")),
    stats_colour=(230, 120, 80),
    stats_shape="diamond",
    order=10,
    roles=("warmup", "peak"),
    met=7.5,
    activity="Jogging, general, self-selected pace (12020)",
    limbs={"left": ("foot", "feet"), "right": ("foot", "feet"),
           "left_brick": ("hand", "hands"), "right_brick": ("hand", "hands")},
    count_noun="steps",
    music_energy=0.7,
)
