"""Level / Interval / Cue data model and the pattern grammar shared by every stage.

A pattern is bars separated by `|`; a bar's subdivision is its number of steps, so
`l.r.l.r.` is eighths in 4/4 and `lrl lrl lrl lrl` is triplet eighths. Spaces are ignored;
`.`, `-` and `_` are silent steps. The pattern repeats to fill the interval.

Every stage shares one grammar for the kinds of cue (a step is one token):
- `l`      a tap (or whatever kind the stage's symbol declares);
- `l===`   a hold: each `=` keeps the key down one more step; let go on the next step;
- `l==^`   a hold whose lift is judged too: `^` is a release cue on the hold's key;
- `r~~~`   a roll: as many presses as the span has steps (head included), any rhythm;
- `[lr]`   a chord: both at one instant, judged as one with the worst of its parts
           (`[lr]==` holds the chord);
- `!l`     avoid: do not press `l`'s key here (a dodge); a press is a Hit-by.
Continuations (`=`, `~`, `^`) may run over a bar line into the next bar, and a chord may
carry one beside taps: `l=[=r]=[=r]` holds l while r taps twice; `[^r]` lifts and taps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.timing import TempoChange, TempoMap

SILENT = frozenset(".-_")
HOLD_ON = "="
ROLL_ON = "~"
RELEASE = "^"
CONTINUATIONS = frozenset(HOLD_ON + ROLL_ON + RELEASE)
CHORD_OPEN, CHORD_CLOSE = "[", "]"
AVOID = "!"
CUE_KINDS = ("tap", "hold", "release", "avoid", "roll", "chord")
MAX_STEPS_PER_BAR = 48


@dataclass(frozen=True)
class Cue:
    """One thing to do at one moment: timing data only, no picture."""

    time: float          # song seconds
    beat: float
    action: str          # e.g. "left", "cross"
    symbol: str          # the pattern character it came from
    interval: int        # index of its interval in the level
    accent: bool = False
    kind: str = "tap"    # one of CUE_KINDS
    end_time: float = 0.0  # holds and rolls: when the span ends
    group: int = -1      # combos: which called combination the cue belongs to
    index: int = 0       # position in the level's cue list
    actions: tuple[str, ...] = ()  # chords and chord holds: every action (else just action)
    target: int = 0      # rolls: presses wanted
    lift: bool = False   # holds: the lift is judged by a release cue at end_time
    end_beat: float = 0.0
    stage: str = ""      # the stage whose symbols made it (remixes mix stages)

    @property
    def parts(self) -> tuple[str, ...]:
        """The actions this cue asks for at once."""
        return self.actions or (self.action,)

    @property
    def spans(self) -> bool:
        return self.kind in ("hold", "roll")


@dataclass(frozen=True)
class Interval:
    kind: str             # "work" or "rest"
    bars: int
    start_beat: float
    end_beat: float
    pattern: str = ""
    tempo: float | None = None
    tempo_end: float | None = None
    name: str = ""
    line: int = 0         # 1-based line in the level file, for messages
    stage: str = ""       # a remix: the stage this interval cuts to ("" = the level's)

    @property
    def is_work(self) -> bool:
        return self.kind == "work"


@dataclass(frozen=True)
class Music:
    """A level's own music file: which file, where its first beat is, how fast it plays."""

    path: str              # resolved, inside the level's folder
    name: str              # as the level writes it
    offset_ms: float = 0.0
    rate: float = 1.0      # playback speed: tiers and practice scale the level's tempo

    def file_time(self, song_time: float) -> float:
        """Seconds into the file that sound at `song_time` (beat 0 is at offset_ms)."""
        return song_time * self.rate + self.offset_ms / 1000.0


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    stage: str
    bpm: float
    beats_per_bar: int
    intervals: tuple[Interval, ...]
    tempo_map: TempoMap
    lead_in_bars: int = 1
    author: str = ""
    description: str = ""
    source: str = ""
    content_hash: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    #: the stage's own level keys (declared in its descriptor), e.g. the climb's `stairs`
    options: dict = field(default_factory=dict, hash=False, compare=False)
    music: Music | None = None

    @property
    def end_beat(self) -> float:
        return self.intervals[-1].end_beat if self.intervals else 0.0

    @property
    def duration(self) -> float:
        """Seconds from beat 0 to the end of the last interval."""
        return self.tempo_map.time_at(self.end_beat)

    @property
    def lead_in(self) -> float:
        """Seconds of count-in before beat 0."""
        return self.lead_in_bars * self.beats_per_bar * 60.0 / self.bpm

    def stage_of(self, i: int) -> str:
        """The stage interval i plays (a remix cuts between stages on bar lines)."""
        if not self.intervals:
            return self.stage
        iv = self.intervals[max(0, min(i, len(self.intervals) - 1))]
        return iv.stage or self.stage

    @property
    def stages(self) -> tuple[str, ...]:
        """Every stage in the order played (a stage returning later is listed again)."""
        out: list[str] = []
        for i in range(len(self.intervals)):
            name = self.stage_of(i)
            if not out or out[-1] != name:
                out.append(name)
        return tuple(out) or (self.stage,)

    @property
    def is_remix(self) -> bool:
        return len(set(self.stages)) > 1

    def stage_at_time(self, t: float) -> str:
        i = self.interval_at_time(t)
        return self.stage_of(i if i >= 0 else 0)

    def interval_times(self, i: int) -> tuple[float, float]:
        iv = self.intervals[i]
        return self.tempo_map.time_at(iv.start_beat), self.tempo_map.time_at(iv.end_beat)

    def interval_at_time(self, t: float) -> int:
        """Index of the interval sounding at song time t (-1 before the start)."""
        beat = self.tempo_map.beat_at(t)
        if beat < 0:
            return -1
        for i, iv in enumerate(self.intervals):
            if beat < iv.end_beat:
                return i
        return len(self.intervals)

    def with_tempo_scale(self, factor: float) -> Level:
        """The same level played `factor` times as fast (tiers, practice, overload)."""
        from dataclasses import replace
        music = None if self.music is None else replace(self.music,
                                                        rate=self.music.rate * factor)
        return replace(self, bpm=self.bpm * factor, tempo_map=self.tempo_map.scaled(factor),
                       music=music)


def split_bars(pattern: str) -> list[list[tuple[str, int]]]:
    """Bars of (token, offset-in-pattern-string) with spaces dropped.

    A token is one step: a single character, a chord `[..]` or an avoid `!c`. An unclosed
    chord or a lone `!` stays a token of its own, for the loader to point at.
    """
    bars: list[list[tuple[str, int]]] = [[]]
    pos, n = 0, len(pattern)
    while pos < n:
        ch = pattern[pos]
        if ch == "|":
            bars.append([])
        elif ch == CHORD_OPEN:
            end = pattern.find(CHORD_CLOSE, pos + 1)
            stop = pattern.find("|", pos + 1)
            if end < 0 or (0 <= stop < end):  # never closed: the loader points at it
                bars[-1].append((CHORD_OPEN, pos))
                pos += 1
                continue
            bars[-1].append((pattern[pos:end + 1].replace(" ", ""), pos))
            pos = end + 1
            continue
        elif ch == AVOID and pos + 1 < n and not pattern[pos + 1].isspace() \
                and pattern[pos + 1] != "|":
            bars[-1].append((pattern[pos:pos + 2], pos))
            pos += 2
            continue
        elif not ch.isspace():
            bars[-1].append((ch, pos))
        pos += 1
    return [b for b in bars if b] if any(bars) else []


def is_cue_token(token: str) -> bool:
    """Does this step start a cue (not a silence or a bare continuation)?"""
    return token not in SILENT and token not in CONTINUATIONS and token != CHORD_OPEN \
        and bool(token_symbols(token) or token.startswith(AVOID))


def token_symbols(token: str) -> str:
    """The stage symbols a token names: `[lr]` -> 'lr', `[=r]` -> 'r', `!x` -> 'x'."""
    if token.startswith(CHORD_OPEN):
        inner = token[1:-1] if token.endswith(CHORD_CLOSE) else token[1:]
        return "".join(c for c in inner if c not in CONTINUATIONS)
    if token.startswith(AVOID):
        return token[1:]
    return "" if token in CONTINUATIONS else token


def token_mark(token: str) -> str:
    """The continuation a step carries: '=', '~' or '^' (alone or inside a chord), or ''."""
    if token in CONTINUATIONS:
        return token
    if token.startswith(CHORD_OPEN):
        return next((c for c in token if c in CONTINUATIONS), "")
    return ""


def build_tempo_map(bpm: float, beats_per_bar: int,
                    intervals: list[Interval] | tuple[Interval, ...]) -> TempoMap:
    """Tempo changes at interval starts; `tempo_end` ramps bar by bar through an interval."""
    changes: list[TempoChange] = []
    for iv in intervals:
        if iv.tempo is not None:
            changes.append(TempoChange(iv.start_beat, iv.tempo))
        if iv.tempo_end is not None:
            start = iv.tempo if iv.tempo is not None else (changes[-1].bpm if changes else bpm)
            if iv.bars == 1:  # its only bar is its last: it plays at tempo_end
                changes.append(TempoChange(iv.start_beat, iv.tempo_end))
            for k in range(1, iv.bars):
                frac = k / max(1, iv.bars - 1)
                changes.append(TempoChange(iv.start_beat + k * beats_per_bar,
                                           start + (iv.tempo_end - start) * frac))
    return TempoMap(bpm, changes)


def layout_intervals(raw: list[dict], beats_per_bar: int) -> list[Interval]:
    """Place intervals back to back on the beat line."""
    out: list[Interval] = []
    beat = 0.0
    for r in raw:
        length = r["bars"] * beats_per_bar
        out.append(Interval(kind=r["kind"], bars=r["bars"], start_beat=beat,
                            end_beat=beat + length, pattern=r.get("pattern", ""),
                            tempo=r.get("tempo"), tempo_end=r.get("tempo_end"),
                            name=r.get("name", ""), line=r.get("line", 0),
                            stage=r.get("stage", "")))
        beat += length
    return out
