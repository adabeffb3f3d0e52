"""Heavy Bag rules: placed combos on a bag that swings; the coach calls the target.

Four actions: the lead or the rear hand, to the head or to the body. Each bar's punches are
one combo (`Cue.group`). A beat before a combo the coach calls where it goes ("BODY!",
"HEAD!", "BODY, HEAD!", "FLURRY 8, HEAD!"), so the player places the punches rather than
just answering a count. Power shots are accents (`L`) or held punches leaned into the bag
(`B==`); flurries are rolls with a target count (`[lr]~~~~~~~`). The core judges them all;
the rules group combos, make the calls, settle each combo and count what landed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from game.core.calls import CallSheet, cues_by_group, group_by_bar
from game.core.events import Call, GameEvent, Held, Hit, RollProgress
from game.core.level import Cue, Level
from game.core.stage import RulesContext, StageRules, Symbol

PUNCHES = ("lead_head", "rear_head", "lead_body", "rear_body")

SYMBOLS = {
    "l": Symbol("lead_head", doc="lead hand to the head"),
    "r": Symbol("rear_head", doc="rear hand to the head"),
    "b": Symbol("lead_body", doc="lead hand to the body"),
    "d": Symbol("rear_body", doc="rear hand to the body"),
    "L": Symbol("lead_head", accent=True, doc="lead hand to the head, a power shot"),
    "R": Symbol("rear_head", accent=True, doc="rear hand to the head, a power shot"),
    "B": Symbol("lead_body", accent=True, doc="lead hand to the body, a power shot"),
    "D": Symbol("rear_body", accent=True, doc="rear hand to the body, a power shot"),
}


def target_of(action: str) -> str:
    """'head' or 'body'."""
    return action.rpartition("_")[2]


def hand_of(action: str) -> str:
    """'lead' or 'rear'."""
    return action.partition("_")[0]


def call_text(cues: tuple[Cue, ...] | list[Cue]) -> str:
    """What the coach shouts a beat before a combo: where it goes, in order."""
    runs: list[str] = []
    for c in cues:
        for a in c.parts:
            word = target_of(a).upper()
            if not runs or runs[-1] != word:
                runs.append(word)
    flurry = next((c for c in cues if c.kind == "roll"), None)
    where = ", ".join(runs) if len(runs) <= 3 else "MIX IT UP"
    if flurry is not None:
        return f"FLURRY {flurry.target}, {where}!"
    return where + "!"


@dataclass(frozen=True)
class Combo:
    """One called combination: its cues, and when the coach calls it."""

    group: int
    cues: tuple[Cue, ...]
    call_time: float
    call: str
    judgements: int            # hits it takes to land: one a cue, one more a hold's body

    @property
    def start(self) -> float:
        return self.cues[0].time

    @property
    def end(self) -> float:
        return max(c.end_time or c.time for c in self.cues)

    @property
    def target(self) -> str:
        """Where the combo starts: 'head' or 'body'."""
        return target_of(self.cues[0].action)


@dataclass(frozen=True)
class ComboResult(GameEvent):
    """A combo is over: landed when every punch of it (and every power hold) hit."""

    group: int
    size: int
    landed: bool


@dataclass
class HeavyBagState:
    combos: tuple[Combo, ...] = ()
    by_group: dict[int, Combo] = field(default_factory=dict)
    hits: dict[int, int] = field(default_factory=dict)       # group -> judgements landed
    sheet: CallSheet = field(default_factory=lambda: CallSheet((), ()))
    landed: int = 0            # combos landed clean
    punches: int = 0           # punches landed (each press of a flurry that counted)
    power: int = 0             # power shots landed: accents hit, holds leaned in to the end
    flurries: int = 0          # flurries that reached their count


@dataclass(frozen=True)
class HeavyBagSnapshot:
    """What the view may know: the combos with their calls, and the tallies."""

    combos: tuple[Combo, ...]
    call_times: tuple[float, ...]
    landed: int
    power: int

    def called_at(self, t: float) -> Combo | None:
        """The combo most recently called at or before t."""
        k = bisect_right(self.call_times, t) - 1
        return self.combos[k] if k >= 0 else None


class HeavyBagRules(StageRules):
    # -- building -----------------------------------------------------------------------
    def finish_cues(self, level: Level, cues: list[Cue]) -> list[Cue]:
        """Group each bar's punches into one combo."""
        return group_by_bar(level, cues)

    @staticmethod
    def combos(level: Level, cues: tuple[Cue, ...] | list[Cue]) -> list[Combo]:
        """The level's combos in order, each called one beat before its first punch."""
        out = []
        for members in cues_by_group(cues):
            g = members[0].group
            call_time = level.tempo_map.time_at(members[0].beat - 1.0)
            n = sum(1 + (c.kind == "hold") for c in members)
            out.append(Combo(g, members, call_time, call_text(members), n))
        return out

    # -- playing ------------------------------------------------------------------------
    def new_state(self, level: Level, cues: tuple[Cue, ...]) -> HeavyBagState:
        combos = tuple(self.combos(level, cues))
        return HeavyBagState(combos=combos, by_group={c.group: c for c in combos},
                             sheet=CallSheet(tuple(c.call_time for c in combos),
                                             tuple(c.end for c in combos)))

    def react(self, ctx: RulesContext, st: HeavyBagState, event: GameEvent
              ) -> list[GameEvent]:
        if isinstance(event, RollProgress):
            st.punches += 1
            return []
        if not isinstance(event, Hit) or event.cue.group not in st.by_group:
            return []
        cue = event.cue
        if isinstance(event, Held):
            st.power += 1
        elif cue.kind == "roll":
            st.flurries += event.judgement.value == "perfect"
        else:
            st.punches += 1
            st.power += cue.accent and cue.kind != "hold"   # a dig counts once it is held
        st.hits[cue.group] = st.hits.get(cue.group, 0) + 1
        combo = st.by_group[cue.group]
        if st.hits[cue.group] == combo.judgements and st.sheet.settle(st.combos.index(combo)):
            return [self._settle(st, combo, event.time, landed=True)]
        return []

    def advance(self, ctx: RulesContext, st: HeavyBagState, t: float) -> list[GameEvent]:
        events: list[GameEvent] = [Call(st.combos[k].call_time, st.combos[k].call,
                                        st.combos[k].group)
                                   for k in st.sheet.due(t, ctx.start_time)]
        grace = 2 * ctx.windows.reach      # a hold's body or a roll settles after its span
        for k in st.sheet.expired(t, grace):
            events.append(self._settle(st, st.combos[k], st.combos[k].end + grace,
                                       landed=False))
        return events

    def snapshot(self, st: HeavyBagState) -> HeavyBagSnapshot:
        return HeavyBagSnapshot(st.combos, tuple(c.call_time for c in st.combos), st.landed,
                                st.power)

    def outcome(self, st: HeavyBagState) -> dict:
        return {"combos_landed": st.landed, "combos": len(st.combos), "punches": st.punches,
                "power_shots": st.power, "flurries": st.flurries}

    @staticmethod
    def _settle(st: HeavyBagState, combo: Combo, t: float, landed: bool) -> ComboResult:
        if landed:
            st.landed += 1
        return ComboResult(t, combo.group, len(combo.cues), landed)


RULES = HeavyBagRules()
