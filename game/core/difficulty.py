"""Difficulty tiers: how wide the timing windows are and how fast the music runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.core.judge import HitWindows

if TYPE_CHECKING:
    from game.core.level import Level


@dataclass(frozen=True)
class Tier:
    name: str
    window_scale: float
    tempo_scale: float


TIERS: dict[str, Tier] = {
    "easy": Tier("Easy", 1.4, 0.9),
    "normal": Tier("Normal", 1.0, 1.0),
    "hard": Tier("Hard", 0.8, 1.08),
    "champion": Tier("Champion", 0.65, 1.15),
}
DEFAULT_TIER = "normal"


def windows_for(tier: str, assist: bool = False) -> HitWindows:
    """Timing windows for a tier; timing assist widens them by half again."""
    scale = TIERS[tier].window_scale * (1.5 if assist else 1.0)
    return HitWindows().scaled(scale)


def tempo_scale_for(tier: str, overload: float = 1.0) -> float:
    """How much faster than written a level plays on `tier` (times the coach's overload)."""
    return TIERS[tier].tempo_scale * overload


def level_for_tier(level: Level, tier: str, overload: float = 1.0) -> Level:
    """The level as it plays on `tier`: what the play scene runs and what stage select shows
    (tempo and length), so the menu never quotes Normal's figures on Hard."""
    scale = tempo_scale_for(tier, overload)
    return level.with_tempo_scale(scale) if abs(scale - 1.0) > 1e-9 else level
