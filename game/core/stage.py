"""The stage contract: a descriptor (what a stage is) and its rules (what it adds).

Pure, no pygame. A stage lives in one folder, `game/stages/<name>/`, whose `__init__.py`
holds a `STAGE = StageInfo(...)`. The core judges every kind of cue itself; a stage only
says which symbols make which kinds, reacts to the core's judgements through a narrow
context, and publishes a read-only snapshot for its view. The core never imports the
stage registry: the shell passes a `StageBook` in (see `install_book`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game.core.events import GameEvent
from game.core.level import Cue, Level

if TYPE_CHECKING:
    from game.core.judge import HitWindows
    from game.core.schema import FieldSpec


@dataclass(frozen=True)
class Symbol:
    """What one pattern character asks of the player.

    `kind` is the cue kind the symbol makes on its own ("tap", "hold", "roll", "avoid");
    the pattern grammar (`=`, `~`, `^`, `[..]`, `!`) can make any symbol a hold, roll,
    chord or avoid as well. `actions` lists every key of a multi-key symbol (a chord);
    `beats`/`bars` give a hold or roll declared by the symbol its length.
    """

    action: str
    accent: bool = False
    kind: str = "tap"
    bars: float = 0.0
    beats: float = 0.0
    actions: tuple[str, ...] = ()
    doc: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        return self.actions or (self.action,)

    def length_beats(self, beats_per_bar: int) -> float:
        return self.beats + self.bars * beats_per_bar


class RulesContext:
    """What a stage's rules may see of a play: never the session itself."""

    def __init__(self, level: Level, cues: tuple[Cue, ...], windows: HitWindows,
                 held: set[str], start_time: float) -> None:
        self.level = level
        self.cues = cues
        self.windows = windows
        self._held = held
        self.start_time = start_time

    @property
    def held(self) -> frozenset[str]:
        """Keys down right now."""
        return frozenset(self._held)


class StageRules:
    """A stage's rules: optional grouping of cues, reactions to judgements, time events.

    Every hook is pure: it gets the state built by `new_state` and the narrow context, and
    returns the stage's own events (which the session passes on to views, audio and HUD).
    """

    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> Any:
        """The stage's mutable state for one play, built up front."""
        return None

    def finish_cues(self, level: Level, cues: list[Cue]) -> list[Cue]:
        """Number the cues; stages override to group them (combos) first."""
        from dataclasses import replace
        return [replace(c, index=i) for i, c in enumerate(cues)]

    def react(self, ctx: RulesContext, state: Any, event: GameEvent) -> list[GameEvent]:
        """After each judgement or progress event from the core."""
        return []

    def advance(self, ctx: RulesContext, state: Any, t: float) -> list[GameEvent]:
        """Stage events that come with time alone (calls, announcements)."""
        return []

    def snapshot(self, state: Any) -> Any:
        """A read-only picture of the state for views (a frozen dataclass, or None)."""
        return None

    def outcome(self, state: Any) -> dict[str, Any]:
        """The stage's own figures for results, `play --json` and the stored attempt."""
        return {}


@dataclass(frozen=True)
class StageInfo:
    """Everything the shell needs to know of a stage, from the stage's own folder.

    - `view` and `sounds`: "module:attribute" paths, imported only where pygame or numpy
      are wanted;
    - `hit_sounds`: a cue kind, an action or "*" -> the effect a landed hit plays ("" none);
    - `words`: a judgement ("wrong", "hit_by", "drop", "dodge", "held") -> the HUD's word;
    - `pad_keys`: controller defaults; `level_keys`: extra level keys with their schema;
    - `outcome_fields`: (key, label) pairs shown on results;
    - `limbs`: what plays each action ("fist", "fists"), for warnings;
    - `first_round`: a gentle pattern; the first stage (by `order`) that has one plays a
      new player's guided first round, slowly (game.core.first_round).
    """

    name: str
    title: str
    blurb: str
    actions: tuple[str, ...]
    symbols: Mapping[str, Symbol]
    rules: StageRules
    view: str
    action_labels: Mapping[str, str] = field(default_factory=dict)
    default_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    pad_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    example_pattern: str = "l.r.l.r."
    words: Mapping[str, str] = field(default_factory=dict)
    hit_sounds: Mapping[str, str] = field(default_factory=dict)
    sounds: str = ""
    level_keys: tuple[FieldSpec, ...] = ()
    outcome_fields: tuple[tuple[str, str], ...] = ()
    stats_colour: tuple[int, int, int] = (220, 220, 220)
    stats_shape: str = "circle"
    order: int = 100              # where the stage sits in the film's montage
    roles: tuple[str, ...] = ("warmup", "peak")   # parts of today's montage it can play
    met: float = 0.0              # Compendium of Physical Activities MET for the activity
    activity: str = ""            # the Compendium's code and words for it
    count_noun: str = ""          # what its hits count as in the workout: punches, steps, reps
    limbs: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # action -> (one, many)
    music_energy: float = 1.0     # 0..1: how full the score plays under this stage
    first_round: str = ""         # a pattern: this stage teaches a new player's first round

    def word(self, judgement: str, default: str) -> str:
        return self.words.get(judgement, default)

    def hit_sound(self, action: str, kind: str = "tap") -> str | None:
        """The effect a landed hit plays: by cue kind, then action, then "*" ("" = none)."""
        for key in (kind, action, "*"):
            if key in self.hit_sounds:
                return self.hit_sounds[key] or None
        return None

    def view_class(self) -> type:
        return load_attr(self.view)

    def build_cues(self, level: Level) -> list[Cue]:
        from game.core.cues import build_cues
        return build_cues(level, self)


def load_attr(path: str) -> Any:
    """'pkg.module:attr' -> the attribute (stage views and sounds load lazily)."""
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


StageBook = Mapping[str, StageInfo]
_book_provider: Callable[[], StageBook] | None = None


def install_book(provider: Callable[[], StageBook]) -> None:
    """The stage registry plugs itself in here, so the core can look stages up by name
    without importing the registry (dependency points from the stages to the core)."""
    global _book_provider
    _book_provider = provider


def stage_book() -> StageBook:
    if _book_provider is None:
        raise RuntimeError("no stage registry installed (the game package installs it)")
    return _book_provider()


def stage_info(name: str) -> StageInfo:
    book = stage_book()
    try:
        return book[name]
    except KeyError:
        raise KeyError(f"no stage named {name!r}; stages: {', '.join(book)}") from None


def stage_names() -> tuple[str, ...]:
    return tuple(stage_book())


def actions_of(cues: Iterable[Cue]) -> set[str]:
    return {a for c in cues for a in c.parts}
