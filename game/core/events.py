"""GameEvents: what the rules decided. Views, audio, HUD and progress only react to these."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.judge import Judgement
from game.core.level import Cue


@dataclass(frozen=True)
class GameEvent:
    time: float  # song seconds at which it happened


@dataclass(frozen=True)
class Hit(GameEvent):
    cue: Cue
    judgement: Judgement
    offset: float
    action: str


@dataclass(frozen=True)
class Miss(GameEvent):
    """A cue nobody hit (judgement MISS) or hit with the wrong action (WRONG)."""

    cue: Cue
    judgement: Judgement
    action: str = ""
    offset: float = 0.0


@dataclass(frozen=True)
class Stray(GameEvent):
    """An input with no cue in reach: it costs the combo, nothing else."""

    action: str


@dataclass(frozen=True)
class IntervalStarted(GameEvent):
    index: int
    kind: str
    name: str


@dataclass(frozen=True)
class IntervalEnded(GameEvent):
    index: int
    kind: str


@dataclass(frozen=True)
class Bell(GameEvent):
    """The boxing bell: rings once at each interval boundary, `rings` times at the end."""

    rings: int = 1


@dataclass(frozen=True)
class CountIn(GameEvent):
    beat: int   # counts up to the first beat: 1, 2, 3, 4
    of: int


@dataclass(frozen=True)
class Call(GameEvent):
    """The coach calls what comes next (a combo, 'last bar!', ...)."""

    text: str
    group: int = -1


@dataclass(frozen=True)
class HoldStarted(GameEvent):
    cue: Cue


@dataclass(frozen=True)
class HoldEnded(GameEvent):
    cue: Cue
    completed: bool


@dataclass(frozen=True)
class LevelFinished(GameEvent):
    pass
