"""Market Run: a charge through the outdoor market, swerving round crates and carts."""

from game.core.stage import StageInfo
from game.stages.market_run.rules import (
    ACTIONS,
    FEET,
    LANES,
    MOVES,
    RULES,
    SYMBOLS,
    Bump,
    MarketSnapshot,
    MarketState,
    Stride,
    Swerve,
    plan_lanes,
)

__all__ = ["STAGE", "FEET", "LANES", "MOVES", "Bump", "MarketSnapshot", "MarketState",
           "Stride", "Swerve", "plan_lanes"]

STAGE = StageInfo(
    name="market_run",
    title="Market Run",
    blurb="Charge down the market street: feet on the beat, swerve round the crates and carts.",
    actions=ACTIONS,
    action_labels={"left": "Left foot", "right": "Right foot", "up": "Swerve up the street",
                   "down": "Swerve down the street"},
    symbols=SYMBOLS,
    rules=RULES,
    view="game.stages.market_run.view:VIEW",
    sounds="game.stages.market_run.sounds:SOUNDS",
    default_keys={"left": ("f", "left"), "right": ("j", "right"), "up": ("i", "up"),
                  "down": ("k", "down")},
    pad_keys={"left": ("leftshoulder", "lefttrigger", "x"),
              "right": ("rightshoulder", "righttrigger", "b"),
              "up": ("dpup", "y"), "down": ("dpdown", "a")},
    example_pattern="l.r.l.r.|l.rul.r.",
    words={"wrong": "WRONG MOVE", "hit_by": "CART!", "dodge": "CLEAR"},
    hit_sounds={"up": "swerve", "down": "swerve", "*": "cobble"},
    outcome_fields=(("distance", "metres run"), ("dodges", "dodges"), ("crashes", "crashes")),
    stats_colour=(250, 200, 70),
    stats_shape="cross",
    order=20,
    roles=("warmup", "peak"),
    met=8.5,
    activity="Running, 5.0 to 5.2 mph (12 min/mile) (12030)",
    limbs={"left": ("foot", "feet"), "right": ("foot", "feet"), "up": ("key", "keys"),
           "down": ("key", "keys")},
    count_noun="steps",
    music_energy=0.9,
)
