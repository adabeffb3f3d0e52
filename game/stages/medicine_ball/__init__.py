"""Medicine Ball: braced on the ring apron, the partner drives the ball into your middle."""

from game.core.stage import StageInfo
from game.stages.medicine_ball.rules import (
    HANDS,
    RULES,
    SYMBOLS,
    BallSnapshot,
    BallState,
    Throw,
    Winded,
    WindUp,
    throws_for,
)

__all__ = ["STAGE", "BallSnapshot", "BallState", "Throw", "WindUp", "Winded", "throws_for"]

STAGE = StageInfo(
    name="medicine_ball",
    title="Medicine Ball",
    blurb="Watch the wind-up. Brace both hands as the ball lands, hold it, breathe out.",
    actions=HANDS,
    action_labels={"left": "Left hand (brace)", "right": "Right hand (brace)"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.medicine_ball.view:VIEW",
    sounds="game.stages.medicine_ball.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x", "dpleft"),
              "right": ("rightshoulder", "righttrigger", "b", "dpright")},
    example_pattern="....[lr]==^",
    words={"drop": "WINDED", "held": "BRACED"},
    hit_sounds={"hold": "slam", "release": "exhale", "*": "slam"},
    outcome_fields=(("braced", "braced hits"), ("winded", "times winded")),
    stats_colour=(186, 150, 255),
    stats_shape="cross",
    order=70,
    roles=("warmup", "peak"),
    met=3.8,
    activity="Calisthenics (e.g., pushups, sit ups), moderate effort (02022)",
    limbs={a: ("hand", "hands") for a in HANDS},
    count_noun="reps",
    music_energy=0.7,
)
