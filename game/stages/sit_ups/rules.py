"""Sit-Ups rules: hang back over the apron on a hold, come up on the beat when you let go.

One action. `s==^` is a rep: press on its beat to lower the upper body over the edge of the
ring apron, keep it down while the `=` steps pass, and let go on the `^` to sit up. Timing
is hold-then-release, never mashing (older boxing games made sore wrists of sit-ups). The
core judges the head, the body and the lift; a rep counts when all three went right: down
on time, kept down, up on the beat. A bare `s` (a tap, as `record` writes a press) is a
quick bob that counts when hit; a hold without a lift (`s===`) counts when held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.events import GameEvent, Held, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

ACTION = "situp"

SYMBOLS = {
    "s": Symbol(ACTION, doc="a sit-up: write s==^ to hold down from this step and come up "
                            "on the ^ (a bare s, as `record` writes it, is a quick bob)"),
    "S": Symbol(ACTION, accent=True, doc="a sit-up all the way down and up hard (accented)"),
}


@dataclass(frozen=True)
class Rep(GameEvent):
    """A sit-up settled: `made` when it was down on time, kept down and up on the beat."""

    count: int       # reps made after it
    made: bool
    streak: int


REP_KINDS = ("tap", "hold")


def rep_key(cue: Cue) -> float:
    """A hold and its lift share the moment the lift is due."""
    return round(cue.end_time if cue.kind == "hold" else cue.time, 6)


@dataclass
class SitUpState:
    planned: int = 0                         # reps the level asks for
    reps: int = 0                            # reps made
    streak: int = 0
    best_streak: int = 0
    lost: int = 0
    down: bool = False                       # the key is down: he is lowering or hanging
    pending: dict[float, bool] = field(default_factory=dict)   # lift due -> went down well
    lifts: frozenset[float] = frozenset()    # holds whose lift is judged


@dataclass(frozen=True)
class SitUpSnapshot:
    planned: int
    reps: int
    streak: int
    down: bool


class SitUpRules(StageRules):
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> SitUpState:
        reps = [c for c in cues if c.kind in REP_KINDS]
        return SitUpState(planned=len(reps),
                          lifts=frozenset(rep_key(c) for c in reps if c.lift))

    def react(self, ctx: RulesContext, st: SitUpState, event: GameEvent) -> list[GameEvent]:
        cue = getattr(event, "cue", None)
        if cue is None or not isinstance(event, (Hit, Miss)):
            return []
        key = rep_key(cue)
        if cue.kind == "tap":
            st.pending[key] = True
            return self._settle(st, key, isinstance(event, Hit), event.time)
        if cue.kind == "hold" and event.phase == "head":
            if isinstance(event, Hit):
                st.pending[key] = True
                return []
            st.pending[key] = False
            return self._settle(st, key, False, event.time)
        if key not in st.pending:
            return []                             # settled already (a drop, then its lift)
        if cue.kind == "hold":
            if not isinstance(event, Held):
                return self._settle(st, key, False, event.time)
            return [] if key in st.lifts else self._settle(st, key, True, event.time)
        if cue.kind == "release":
            return self._settle(st, key, isinstance(event, Hit), event.time)
        return []

    def advance(self, ctx: RulesContext, st: SitUpState, t: float) -> list[GameEvent]:
        """The key itself, judged or not: a late press still lowers him (the view shows it)."""
        st.down = ACTION in ctx.held
        return []

    @staticmethod
    def _settle(st: SitUpState, key: float, made: bool, t: float) -> list[GameEvent]:
        del st.pending[key]
        if made:
            st.reps += 1
            st.streak += 1
            st.best_streak = max(st.best_streak, st.streak)
        else:
            st.lost += 1
            st.streak = 0
        return [Rep(t, st.reps, made, st.streak)]

    def snapshot(self, st: SitUpState) -> SitUpSnapshot:
        return SitUpSnapshot(st.planned, st.reps, st.streak, st.down)

    def outcome(self, st: SitUpState) -> dict:
        return {"reps": st.reps, "planned": st.planned, "lost": st.lost,
                "best_streak": st.best_streak}


RULES = SitUpRules()
