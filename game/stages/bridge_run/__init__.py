"""Bridge Run: beneath the stone arches by the river, a stretch of solitude kept by ear."""

from game.core.schema import FieldSpec
from game.core.stage import StageInfo
from game.stages.bridge_run.rules import (
    DARK_BARS,
    FEET,
    RULES,
    STEP_M,
    SYMBOLS,
    BridgeSnapshot,
    BridgeState,
    Stride,
    dark_amount,
)

__all__ = ["STAGE", "DARK_BARS", "STEP_M", "BridgeSnapshot", "BridgeState", "Stride",
           "dark_amount"]

STAGE = StageInfo(
    name="bridge_run",
    title="Bridge Run",
    blurb="Under the stone arches by the river. The track goes dark: keep the stride by ear.",
    actions=FEET,
    action_labels={"left": "Left foot", "right": "Right foot"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.bridge_run.view:VIEW",
    sounds="game.stages.bridge_run.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
              "right": ("rightshoulder", "righttrigger", "b", "dpright")},
    example_pattern="l...r...",
    words={"wrong": "WRONG FOOT"},
    hit_sounds={"*": "arch_step"},
    level_keys=(FieldSpec("dark_bars", "integer", "bridge_run only: the cue track fades out "
                          "for every other this many bars of a work interval, and you run "
                          "by ear (0 keeps it showing).",
                          default=DARK_BARS, minimum=0, maximum=32, example=4),),
    outcome_fields=(("distance_m", "metres run"), ("by_ear", "strides by ear")),
    stats_colour=(150, 130, 210),
    stats_shape="diamond",
    order=30,
    roles=("warmup",),
    met=7.5,
    activity="Jogging, general, self-selected pace (12020)",
    limbs={a: ("foot", "feet") for a in FEET},
    count_noun="steps",
    music_energy=0.35,
)
