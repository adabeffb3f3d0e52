"""Push-Ups: one arm on the canvas, the other behind the back, counted aloud toward fifty;
the arm switches at the halfway and the tempo slows as the reps climb."""

from game.core.stage import StageInfo
from game.stages.push_ups.rules import (
    ARMS,
    GOAL,
    RULES,
    SWITCH_EVERY,
    SYMBOLS,
    PushUpSnapshot,
    PushUpState,
    Rep,
    arm_for,
    count_words,
)

__all__ = ["STAGE", "ARMS", "GOAL", "SWITCH_EVERY", "PushUpSnapshot", "PushUpState", "Rep",
           "arm_for", "count_words"]

STAGE = StageInfo(
    name="push_ups",
    title="Push-Ups",
    blurb="One arm, fifty reps, counted aloud. Down on the hold, up on the lift.",
    actions=ARMS,
    action_labels={"left": "Left arm", "right": "Right arm"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.push_ups.view:VIEW",
    sounds="game.stages.push_ups.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
              "right": ("rightshoulder", "righttrigger", "b", "dpright")},
    example_pattern="p=^.",
    words={"wrong": "WRONG ARM", "drop": "UP TOO SOON", "held": "HELD DOWN"},
    hit_sounds={"hold": "", "release": "count_voices"},
    outcome_fields=(("reps", "push-ups of 50"), ("left_arm", "on the left arm"),
                    ("right_arm", "on the right arm")),
    stats_colour=(96, 220, 220),
    stats_shape="dash",
    order=50,
    roles=("warmup", "peak"),
    met=7.5,
    activity="Calisthenics (e.g., pushups, sit ups), vigorous effort (02020)",
    limbs={a: ("arm", "arms") for a in ARMS},
    count_noun="reps",
    music_energy=0.75,
)
