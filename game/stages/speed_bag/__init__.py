"""Speed Bag: the gym at dawn, a bag rattling off its board, left and right on the beat."""

from game.core.stage import StageInfo
from game.stages.speed_bag.rules import RULES, SYMBOLS

FISTS = ("left", "right")

STAGE = StageInfo(
    name="speed_bag",
    title="Speed Bag",
    blurb="Keep the bag rattling: left, right, on the beat.",
    actions=FISTS,
    action_labels={"left": "Left fist", "right": "Right fist"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.speed_bag.view:VIEW",
    sounds="game.stages.speed_bag.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
              "right": ("rightshoulder", "righttrigger", "b", "dpright")},
    example_pattern="l.r.l.r.",
    words={"wrong": "WRONG HAND"},
    hit_sounds={"*": "rattle"},
    outcome_fields=(("punches", "punches landed"),),
    stats_colour=(255, 196, 96),
    stats_shape="circle",
    order=40,
    roles=("warmup", "peak"),
    met=5.8,
    activity="Boxing, punching bag (15110)",
    limbs={a: ("fist", "fists") for a in FISTS},
    count_noun="punches",
    first_round="l...r...|l...r...|l.r.l.r.|l.r.l.r.",
)
