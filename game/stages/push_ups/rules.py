"""Push-Ups rules: one-arm push-ups on the canvas, counted aloud toward fifty.

`p` is a rep: press on its beat to lower the chest to the canvas, keep the key down while
the `=` steps pass, and let go on the `^` to push up (`p=^.`). The rules pick the working
arm by the rep's number, so every level switches at the halfway: reps 1-25 are the left
arm's, 26-50 the right's (and on by 25s). The core judges the head, the body and the lift;
a rep counts when all three went right, and the coach and the fighter count it aloud (a
bare `p`, a tap, counts when hit).
The fiftieth rep is a Fanfare. Fatigue is the difficulty: levels slow the tempo as the
reps climb (`tempo_end` below `tempo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from game.core.events import Call, Fanfare, GameEvent, Held, Hit, Miss
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

ARMS = ("left", "right")
GOAL = 50                 # the count the two voices count toward
SWITCH_EVERY = GOAL // 2  # the working arm changes after this many reps
NUMBER_WORDS = ("", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
                "TEN", "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN",
                "SEVENTEEN", "EIGHTEEN", "NINETEEN")
TENS = ("", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY")

SYMBOLS = {
    "p": Symbol("left", doc="a one-arm push-up: write p=^ to hold down from this step and "
                            "push up on the ^ (a bare p, as `record` writes it, is a quick "
                            "one); the arm is the left for reps 1-25, the right after"),
}


def arm_for(rep: int) -> str:
    """The working arm of rep number `rep` (1-based)."""
    return ARMS[((rep - 1) // SWITCH_EVERY) % 2]


def count_words(n: int) -> str:
    """What the voices call for rep `n`: 'TWENTY-FIVE'."""
    if n < 20:
        return NUMBER_WORDS[n] if n > 0 else ""
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return TENS[tens] + (f"-{NUMBER_WORDS[ones]}" if ones else "")


@dataclass(frozen=True)
class Rep(GameEvent):
    """A push-up settled: `made` when it was down on time, kept down and up on the beat.
    `count` is the voices' count after it; `number` the rep's place in the set."""

    number: int
    count: int
    made: bool
    arm: str


@dataclass
class PushUpState:
    planned: int = 0
    reps: int = 0
    lost: int = 0
    by_arm: dict[str, int] = field(default_factory=lambda: {a: 0 for a in ARMS})
    pending: dict[int, bool] = field(default_factory=dict)   # rep number -> going well
    lifts: frozenset[int] = frozenset()      # reps whose lift is judged
    calls: list[tuple[float, str]] = field(default_factory=list)   # coach's calls, in time
    arm: str = ARMS[0]                       # the working arm now
    down: bool = False                       # an arm key is down
    fanfare: bool = False


@dataclass(frozen=True)
class PushUpSnapshot:
    planned: int
    reps: int
    arm: str
    down: bool
    goal: int


class PushUpRules(StageRules):
    def finish_cues(self, level: Level, cues: list[Cue]) -> list[Cue]:
        """Each rep's hold and lift get the rep's number (`group`) and its working arm."""
        out: list[Cue] = []
        rep = 0
        lift_of: dict[float, int] = {}       # a lift's time -> its rep
        for c in cues:
            if c.kind == "release" and round(c.time, 6) in lift_of:
                n = lift_of.pop(round(c.time, 6))
                out.append(replace(c, action=arm_for(n), group=n))
                continue
            if c.symbol in SYMBOLS:
                rep += 1
                if c.lift:
                    lift_of[round(c.end_time, 6)] = rep
                out.append(replace(c, action=arm_for(rep), group=rep))
                continue
            out.append(c)
        return [replace(c, index=i) for i, c in enumerate(out)]

    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> PushUpState:
        heads = [c for c in cues if c.kind in ("tap", "hold")]
        calls = []
        for a, b in zip(heads, heads[1:], strict=False):
            if b.action != a.action:        # the coach calls the switch between the two
                calls.append(((max(a.end_time, a.time) + b.time) / 2, "OTHER ARM!"))
        return PushUpState(planned=len(heads), lifts=frozenset(c.group for c in heads
                                                               if c.lift),
                           calls=calls, arm=heads[0].action if heads else ARMS[0])

    def advance(self, ctx: RulesContext, st: PushUpState, t: float) -> list[GameEvent]:
        """The coach's calls; and whether an arm key is down, judged or not (a late press
        still lowers the chest, and the view shows it)."""
        st.down = any(a in ctx.held for a in ARMS)
        out: list[GameEvent] = []
        while st.calls and st.calls[0][0] <= t:
            at, text = st.calls.pop(0)
            st.arm = ARMS[1] if st.arm == ARMS[0] else ARMS[0]
            out.append(Call(at, text))
        return out

    def react(self, ctx: RulesContext, st: PushUpState, event: GameEvent) -> list[GameEvent]:
        cue = getattr(event, "cue", None)
        if cue is None or not isinstance(event, (Hit, Miss)) or cue.group < 1:
            return []
        n = cue.group
        if cue.kind == "tap":
            st.pending[n] = True
            return self._settle(st, cue, isinstance(event, Hit), event.time)
        if cue.kind == "hold" and event.phase == "head":
            st.arm = cue.action
            if isinstance(event, Hit):
                st.pending[n] = True
                return []
            st.pending[n] = False
            return self._settle(st, cue, False, event.time)
        if n not in st.pending:
            return []                        # settled already (a drop, then its lift)
        if cue.kind == "hold":
            if not isinstance(event, Held):
                return self._settle(st, cue, False, event.time)
            return [] if n in st.lifts else self._settle(st, cue, True, event.time)
        if cue.kind == "release":
            return self._settle(st, cue, isinstance(event, Hit), event.time)
        return []

    @staticmethod
    def _settle(st: PushUpState, cue: Cue, made: bool, t: float) -> list[GameEvent]:
        del st.pending[cue.group]
        if made:
            st.reps += 1
            st.by_arm[cue.action] = st.by_arm.get(cue.action, 0) + 1
        else:
            st.lost += 1
        out: list[GameEvent] = [Rep(t, cue.group, st.reps, made, cue.action)]
        if made and st.reps == GOAL and not st.fanfare:
            st.fanfare = True
            out.append(Fanfare(t, "FIFTY!"))
        return out

    def snapshot(self, st: PushUpState) -> PushUpSnapshot:
        return PushUpSnapshot(st.planned, st.reps, st.arm, st.down, GOAL)

    def outcome(self, st: PushUpState) -> dict:
        return {"reps": st.reps, "of": GOAL, "left_arm": st.by_arm.get("left", 0),
                "right_arm": st.by_arm.get("right", 0), "lost": st.lost,
                "planned": st.planned}


RULES = PushUpRules()
