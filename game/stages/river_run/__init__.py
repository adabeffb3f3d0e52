"""River Run: the long steady run along the river, a tall ship moored on the far side."""

from game.core.stage import StageInfo
from game.stages.river_run.rules import (
    ACTIONS,
    RULES,
    STEP_M,
    SYMBOLS,
    Breath,
    RiverSnapshot,
    RiverState,
    Stride,
)

__all__ = ["STAGE", "STEP_M", "Breath", "RiverSnapshot", "RiverState", "Stride"]

STAGE = StageInfo(
    name="river_run",
    title="River Run",
    blurb="The long run along the river. Hold your stride, breathe out with the cues.",
    actions=ACTIONS,
    action_labels={"left": "Left foot", "right": "Right foot", "breath": "Breathe out"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.river_run.view:VIEW",
    sounds="game.stages.river_run.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right"), "breath": ("space", "up")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
              "right": ("rightshoulder", "righttrigger", "b", "dpright"),
              "breath": ("a", "y", "dpup")},
    example_pattern="l.r.l.r.|b=======",
    words={"wrong": "WRONG FOOT", "drop": "SHORT BREATH"},
    hit_sounds={"hold": "exhale", "release": "", "*": "quay_step"},
    outcome_fields=(("distance_m", "metres run"), ("breaths", "breaths held")),
    stats_colour=(96, 206, 204),
    stats_shape="cross",
    order=100,
    roles=("warmup", "peak"),
    met=9.3,
    activity="Running, 6-6.3 mph (10 min/mile) (12050)",
    limbs={"left": ("foot", "feet"), "right": ("foot", "feet"),
           "breath": ("breath", "breaths")},
    count_noun="steps",
    music_energy=0.7,
)
