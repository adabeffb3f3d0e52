"""Speed Bag rules: left and right fists alternate on the beat; rolls, triplets, accents."""

from __future__ import annotations

from game.core.stage import StageRules, Symbol


class SpeedBagRules(StageRules):
    name = "speed_bag"
    title = "Speed Bag"
    blurb = "Keep the bag rattling: left, right, on the beat."
    actions = ("left", "right")
    action_labels = {"left": "Left fist", "right": "Right fist"}
    symbols = {
        "l": Symbol("left", doc="left fist"),
        "r": Symbol("right", doc="right fist"),
        "L": Symbol("left", accent=True, doc="left fist, accented (hit it hard)"),
        "R": Symbol("right", accent=True, doc="right fist, accented (hit it hard)"),
    }
    default_keys = {"left": ("f", "left"), "right": ("j", "right")}
    example_pattern = "l.r.l.r."


RULES = SpeedBagRules()
