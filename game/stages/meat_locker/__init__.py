"""Meat Locker: the coach calls a combo a bar ahead, you throw it into a side of beef."""

from game.core.stage import StageInfo
from game.stages.meat_locker.rules import (
    PUNCHES,
    RULES,
    SYMBOLS,
    Combo,
    ComboResult,
    MeatLockerSnapshot,
    MeatLockerState,
    call_text,
    punch_number,
)

__all__ = ["STAGE", "Combo", "ComboResult", "MeatLockerSnapshot", "MeatLockerState",
           "call_text", "punch_number", "PUNCHES"]

STAGE = StageInfo(
    name="meat_locker",
    title="Meat Locker",
    blurb="The coach calls it, you throw it: combos on a side of beef in the cold.",
    actions=PUNCHES,
    action_labels={"jab": "1 jab", "cross": "2 cross", "lead_hook": "3 lead hook",
                   "rear_hook": "4 rear hook", "lead_uppercut": "5 lead upper",
                   "rear_uppercut": "6 rear upper"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.meat_locker.view:VIEW",
    sounds="game.stages.meat_locker.sounds:SOUNDS",
    default_keys={"jab": ("f",), "lead_hook": ("d",), "lead_uppercut": ("s",),
                  "cross": ("j",), "rear_hook": ("k",), "rear_uppercut": ("l",)},
    pad_keys={"jab": ("x",), "lead_hook": ("a",), "lead_uppercut": ("leftshoulder",),
              "cross": ("y",), "rear_hook": ("b",), "rear_uppercut": ("rightshoulder",)},
    example_pattern="........|1.2.3...",
    words={"wrong": "WRONG PUNCH"},
    hit_sounds={"*": "thud"},
    outcome_fields=(("combos_landed", "combos landed"), ("punches", "punches landed")),
    stats_colour=(120, 186, 255),
    stats_shape="square",
    order=90,
    roles=("warmup", "peak"),
    met=5.8,
    activity="Boxing, punching bag (15110)",
    limbs={a: ("fist", "fists") for a in PUNCHES},
    count_noun="punches",
)
