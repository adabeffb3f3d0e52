"""Difficulty tiers: how wide the timing windows are and how fast the music runs."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.judge import HitWindows


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
