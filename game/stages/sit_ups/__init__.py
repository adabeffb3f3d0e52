"""Sit-Ups: hanging back over the ring apron, hands behind the head; down on a hold, up on
the beat when you let go."""

from game.core.stage import StageInfo
from game.stages.sit_ups.rules import ACTION, RULES, SYMBOLS, Rep, SitUpSnapshot, SitUpState

__all__ = ["STAGE", "ACTION", "Rep", "SitUpSnapshot", "SitUpState"]

STAGE = StageInfo(
    name="sit_ups",
    title="Sit-Ups",
    blurb="Hang back over the apron. Hold to go down, let go to come up on the beat.",
    actions=(ACTION,),
    action_labels={ACTION: "Sit-up (hold: down)"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.sit_ups.view:VIEW",
    sounds="game.stages.sit_ups.sounds:SOUNDS",
    default_keys={ACTION: ("f", "space", "j")},
    pad_keys={ACTION: ("a", "righttrigger", "lefttrigger")},
    example_pattern="s==^",
    words={"drop": "UP TOO SOON", "held": "HANG"},
    hit_sounds={"hold": "", "release": "crunch"},
    outcome_fields=(("reps", "sit-ups"), ("best_streak", "in the best run")),
    stats_colour=(236, 128, 200),
    stats_shape="triangle",
    order=60,
    roles=("warmup", "peak"),
    met=3.8,
    activity="Calisthenics (e.g., pushups, sit ups), moderate effort (02022)",
    limbs={ACTION: ("body", "bodies")},
    count_noun="reps",
    music_energy=0.7,
)
