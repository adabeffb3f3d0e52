"""Museum Steps: seventy-two stone steps at dawn, a foot a beat, arms up at the top."""

from game.core.schema import FieldSpec
from game.core.stage import StageInfo
from game.stages.museum_steps.rules import (
    ARMS,
    RULES,
    STAIR_SYMBOLS,
    STAIRS,
    SYMBOLS,
    StepsSnapshot,
    StepsState,
    Stride,
)

__all__ = ["STAGE", "STAIRS", "STAIR_SYMBOLS", "StepsSnapshot", "StepsState", "Stride"]

STAGE = StageInfo(
    name="museum_steps",
    title="Museum Steps",
    blurb="Seventy-two steps at dawn, a foot on every beat. Arms up at the top.",
    actions=ARMS,
    action_labels={"left": "Left foot", "right": "Right foot"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.museum_steps.view:VIEW",
    sounds="game.stages.museum_steps.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
              "right": ("rightshoulder", "righttrigger", "b", "dpright")},
    example_pattern="L.R.L.R.",
    words={"wrong": "WRONG FOOT", "drop": "ARMS DOWN"},
    hit_sounds={"*": "footfall", "hold": ""},
    level_keys=(FieldSpec("stairs", "integer", "museum_steps only: how many stone steps the "
                          "climb has (the summit needs the climber on the top one).",
                          default=STAIRS, minimum=4, maximum=200, example=72),),
    outcome_fields=(("steps", "steps climbed"), ("summit", "summit")),
    stats_colour=(140, 228, 150),
    stats_shape="triangle",
    order=110,
    roles=("finale",),
    met=9.3,
    activity="Stair climbing, fast pace, one step at a time (17134)",
    limbs={a: ("foot", "feet") for a in ARMS},
    count_noun="steps",
)
