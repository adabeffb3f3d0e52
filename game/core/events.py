"""GameEvents: what the rules decided. Views, audio, HUD and progress only react to these."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.judge import Judgement
from game.core.level import Cue


@dataclass(frozen=True)
class GameEvent:
    time: float  # song seconds at which it happened


@dataclass(frozen=True)
class Input:
    """A timestamped action: the device layer's only output."""

    action: str
    time: float
    pressed: bool = True


@dataclass(frozen=True)
class Judged(GameEvent):
    """A cue's judgement, with the score and combo after it.

    `phase` is "head" or "body" for a hold's two judgements, "" otherwise.
    """

    cue: Cue
    judgement: Judgement
    offset: float = 0.0
    action: str = ""
    score: int = 0
    combo: int = 0
    phase: str = ""


@dataclass(frozen=True)
class Hit(Judged):
    """A cue made: on time (tap, chord, hold head, release, roll)."""


@dataclass(frozen=True)
class Held(Hit):
    """A hold's body kept down to its tail."""


@dataclass(frozen=True)
class Dodge(Hit):
    """An avoid cue left alone."""


@dataclass(frozen=True)
class Miss(Judged):
    """A cue nobody made (MISS); the subclasses say how else it went wrong."""


@dataclass(frozen=True)
class Wrong(Miss):
    """The right moment, the wrong hand, punch or foot."""


@dataclass(frozen=True)
class Drop(Miss):
    """A hold let go before its tail (or never taken up); the head keeps its judgement."""


@dataclass(frozen=True)
class HitBy(Miss):
    """An avoid cue pressed: the player ran into it."""


@dataclass(frozen=True)
class Stray(GameEvent):
    """An input with no cue in reach: it costs the combo, nothing else."""

    action: str
    score: int = 0
    combo: int = 0


@dataclass(frozen=True)
class ChordPart(GameEvent):
    """One key of a chord is down; the chord is judged when every part is."""

    cue: Cue
    parts: int


@dataclass(frozen=True)
class RollProgress(GameEvent):
    """One more press of a roll."""

    cue: Cue
    count: int
    target: int


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


@dataclass(frozen=True)
class Fanfare(GameEvent):
    """A stage's moment of triumph (the summit, the fiftieth rep): the crowd cheers."""

    text: str = ""
