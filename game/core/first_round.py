"""A new player's guided first round: a short, slow level generated from a stage's own
`first_round` pattern, so no stage is named here and the round always matches the stage.

One bar of counting in twice over, two short work intervals with a breath between, at a
tempo slow enough to find the beat by ear: about forty seconds in all.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.core.level import Level
from game.core.loader import parse_level
from game.core.stage import StageInfo

TEMPO = 72
LEVEL_ID = "first-round"


def first_round_stage(stages: Iterable[StageInfo]) -> StageInfo | None:
    """The stage that teaches first: the earliest in the montage with a first round."""
    teaching = [s for s in stages if s.first_round]
    return min(teaching, key=lambda s: s.order) if teaching else None


def first_round_yaml(stage: StageInfo, tempo: int = TEMPO) -> str:
    pattern = stage.first_round.replace('"', "")
    bars = pattern.count("|") + 1
    return f"""format: 1
id: {LEVEL_ID}
title: "First Round: {stage.title}"
stage: {stage.name}
description: A slow first round with the keys on every cue.
tempo: {tempo}
beats_per_bar: 4
lead_in_bars: 2
intervals:
  - work: {bars}
    name: Find the beat
    pattern: "{pattern}"
  - rest: 2
    name: Breathe
  - work: {bars}
    name: Keep it going
    pattern: "{pattern}"
"""


def first_round_level(stage: StageInfo, tempo: int = TEMPO) -> Level:
    return parse_level(first_round_yaml(stage, tempo), f"<first round: {stage.title}>")
