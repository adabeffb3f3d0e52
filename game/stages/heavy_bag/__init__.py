"""Heavy Bag: placed combos on a swinging bag; the coach calls head or body a beat ahead."""

from game.core.stage import StageInfo
from game.stages.heavy_bag.rules import (
    PUNCHES,
    RULES,
    SYMBOLS,
    Combo,
    ComboResult,
    HeavyBagSnapshot,
    HeavyBagState,
    call_text,
)

__all__ = ["STAGE", "Combo", "ComboResult", "HeavyBagSnapshot", "HeavyBagState",
           "call_text", "PUNCHES"]

STAGE = StageInfo(
    name="heavy_bag",
    title="Heavy Bag",
    blurb="Place it: head or body as the coach calls, power on the accents, flurries to count.",
    actions=PUNCHES,
    action_labels={"lead_head": "Lead to the head", "rear_head": "Rear to the head",
                   "lead_body": "Lead to the body", "rear_body": "Rear to the body"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.heavy_bag.view:VIEW",
    sounds="game.stages.heavy_bag.sounds:SOUNDS",
    # home row: index fingers to the head, middle fingers to the body
    default_keys={"lead_body": ("d",), "lead_head": ("f",), "rear_head": ("j",),
                  "rear_body": ("k",)},
    pad_keys={"lead_head": ("leftshoulder", "x"), "lead_body": ("lefttrigger", "a"),
              "rear_head": ("rightshoulder", "y"), "rear_body": ("righttrigger", "b")},
    example_pattern="....l.r.|b.d.L...",
    words={"wrong": "WRONG TARGET", "drop": "LEAN IN"},
    hit_sounds={"roll": "flurry", "hold": "dig", "lead_body": "body_shot",
                "rear_body": "body_shot", "*": "bag_thump"},
    outcome_fields=(("combos_landed", "combos landed"), ("power_shots", "power shots"),
                    ("punches", "punches landed")),
    stats_colour=(240, 120, 80),
    stats_shape="diamond",
    order=80,
    roles=("warmup", "peak"),
    met=5.8,
    activity="Boxing, punching bag (15110)",
    limbs={a: ("fist", "fists") for a in PUNCHES},
    count_noun="punches",
)
