"""Replays: a run's inputs kept compactly, and the check that replaying them gives the run.

Pure (no pygame). A run is a pure function of (level as played, windows, start, inputs), so
the inputs are all a replay needs; the judgements the live run made are kept beside them,
so a re-simulation can be held to every one, not only to the score. Re-simulating goes
through `simulate()`, the one code path the bot, `rate` and `shot` use.

Blob layout (zlib-compressed): magic, format byte, the action names, then one record per
entry: the time in microseconds as a signed delta from the previous entry (int64) and a
code byte (action index * 2 + pressed, or TICK).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.core.difficulty import TIERS, windows_for
from game.core.events import GameEvent, Input
from game.core.judge import Judgement
from game.core.level import Cue, Level
from game.core.session import Entry, PlaySession, Tick, simulate
from game.core.stage import StageInfo

MAGIC = b"MRP"
FORMAT = 1
TICK = 0xFF
MAX_ACTIONS = 127          # a code byte holds index * 2 + pressed
MAX_BLOB = 16 << 20        # decompressed: ~1.8 M entries, hours of play
_RECORD = struct.Struct("<qB")
_JUDGE_RECORD = struct.Struct("<iBB")
_PHASES = ("", "head", "body")
_WORDS = tuple(j.value for j in Judgement) + ("stray",)


class ReplayError(ValueError):
    """A stored replay that cannot be read (damaged, or from a newer game)."""


def game_version() -> str:
    """The installed game's version (kept with each replay, to explain a mismatch)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("montage-game")
    except PackageNotFoundError:
        return "unknown"


def _us(t: float) -> int:
    return round(t * 1e6)


def _names_block(names: Sequence[str]) -> bytes:
    out = bytearray([len(names)])
    for n in names:
        raw = n.encode("utf-8")
        if len(raw) > 255:
            raise ValueError(f"action name too long: {n!r}")
        out += bytes([len(raw)]) + raw
    return bytes(out)


def _read_names(data: bytes, pos: int) -> tuple[list[str], int]:
    count = data[pos]
    pos += 1
    names = []
    for _ in range(count):
        n = data[pos]
        names.append(data[pos + 1:pos + 1 + n].decode("utf-8"))
        pos += 1 + n
    return names, pos


def _unpack(blob: bytes, what: str) -> bytes:
    try:
        data = zlib.decompressobj().decompress(blob, MAX_BLOB)
    except zlib.error as e:
        raise ReplayError(f"the stored {what} are damaged ({e})") from e
    if len(data) < 4 or data[:3] != MAGIC:
        raise ReplayError(f"the stored {what} are not a Montage replay")
    if data[3] > FORMAT:
        raise ReplayError(f"the stored {what} were written by a newer Montage "
                          f"(format {data[3]}, this game reads {FORMAT})")
    return data


def encode_inputs(entries: Sequence[Entry]) -> bytes:
    """A session's `log` as one compressed blob (times to the microsecond)."""
    names = list(dict.fromkeys(e.action for e in entries if isinstance(e, Input)))
    if len(names) > MAX_ACTIONS:
        raise ValueError(f"{len(names)} different actions: at most {MAX_ACTIONS}")
    index = {n: k for k, n in enumerate(names)}
    out = bytearray(MAGIC + bytes([FORMAT]) + _names_block(names))
    out += struct.pack("<I", len(entries))
    last = 0
    for e in entries:
        us = _us(e.time)
        code = TICK if isinstance(e, Tick) else index[e.action] * 2 + int(e.pressed)
        out += _RECORD.pack(us - last, code)
        last = us
    return zlib.compress(bytes(out), 9)


def decode_inputs(blob: bytes) -> list[Entry]:
    """The entries encode_inputs() packed; ReplayError when the blob is not one."""
    data = _unpack(blob, "inputs")
    try:
        names, pos = _read_names(data, 4)
        (count,) = struct.unpack_from("<I", data, pos)
        pos += 4
        if len(data) - pos != count * _RECORD.size:
            raise ReplayError("the stored inputs are truncated")
        out: list[Entry] = []
        us = 0
        for delta, code in _RECORD.iter_unpack(data[pos:]):
            us += delta
            t = us / 1e6
            if code == TICK:
                out.append(Tick(t))
            else:
                out.append(Input(names[code >> 1], t, bool(code & 1)))
        return out
    except (IndexError, struct.error, UnicodeDecodeError) as e:
        raise ReplayError(f"the stored inputs are damaged ({e})") from e


def encode_trace(trace: Sequence[tuple[int, str, str]]) -> bytes:
    """The live judgements (cue index or -1, word, phase) as one compressed blob."""
    words = {w: k for k, w in enumerate(_WORDS)}
    out = bytearray(MAGIC + bytes([FORMAT]) + struct.pack("<I", len(trace)))
    for cue, word, phase in trace:
        out += _JUDGE_RECORD.pack(cue, words[word], _PHASES.index(phase))
    return zlib.compress(bytes(out), 9)


def decode_trace(blob: bytes) -> list[tuple[int, str, str]]:
    data = _unpack(blob, "judgements")
    try:
        (count,) = struct.unpack_from("<I", data, 4)
        body = data[8:]
        if len(body) != count * _JUDGE_RECORD.size:
            raise ReplayError("the stored judgements are truncated")
        return [(cue, _WORDS[w], _PHASES[p]) for cue, w, p in _JUDGE_RECORD.iter_unpack(body)]
    except (IndexError, struct.error) as e:
        raise ReplayError(f"the stored judgements are damaged ({e})") from e


def cue_digest(cues: Sequence[Cue]) -> str:
    """A fingerprint of the cues as played: a level, a tier's tempo or the game's cue
    building that changed since makes a different one."""
    h = hashlib.sha256()
    for c in cues:
        h.update(f"{_us(c.time)}|{_us(c.end_time)}|{c.kind}|{','.join(c.parts)}|"
                 f"{int(c.accent)}|{c.target}|{c.stage};".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Replay:
    """What re-plays a run: the level it was (by id and content), how it was played, and
    every input in the order the judge saw it."""

    level_id: str
    content_hash: str
    game_version: str
    tier: str
    assist: bool
    tempo_scale: float                 # the exact factor the level file was played at
    start_time: float | None           # practice from an interval; None from the top
    inputs: tuple[Entry, ...]
    trace: tuple[tuple[int, str, str], ...]
    cue_digest: str
    source: str = ""                   # the level file played (or where it came from)

    @property
    def presses(self) -> int:
        return sum(1 for e in self.inputs if isinstance(e, Input) and e.pressed)


def replay_of(session: PlaySession, level: Level, *, tier: str, assist: bool,
              tempo_scale: float, game_version: str, source: str = "") -> Replay:
    """The replay of a finished live (or simulated) session; `level` is the level as
    written, before tier or overload scaling."""
    start = None if abs(session.start_time + session.level.lead_in) < 1e-9 \
        else session.start_time
    return Replay(level_id=level.id, content_hash=level.content_hash,
                  game_version=game_version, tier=tier, assist=assist,
                  tempo_scale=tempo_scale, start_time=start, inputs=tuple(session.log),
                  trace=tuple(session.trace), cue_digest=cue_digest(session.cues),
                  source=source or level.source)


def played_level(level: Level, replay: Replay) -> Level:
    return level.with_tempo_scale(replay.tempo_scale) \
        if abs(replay.tempo_scale - 1.0) > 1e-12 else level


def level_changed(level: Level, replay: Replay, stage: StageInfo) -> str:
    """Why `level` is not the one the replay was recorded on ('' when it is)."""
    if level.content_hash != replay.content_hash:
        return (f"the level {replay.level_id!r} has changed since this run was recorded "
                f"(content {replay.content_hash[:12]} then, {level.content_hash[:12]} now): "
                "replaying it would score a different level")
    cues = PlaySession(played_level(level, replay), stage, windows_for(replay.tier,
                                                                       replay.assist),
                       replay.start_time).cues
    if cue_digest(cues) != replay.cue_digest:
        return (f"the level {replay.level_id!r} builds different cues in this version of "
                f"the game ({replay.game_version} recorded it): replaying it would "
                "mis-score it")
    return ""


def resimulate(level: Level, replay: Replay, stage: StageInfo,
               listen: Callable[[list[GameEvent]], None] | None = None) -> PlaySession:
    """The run again, headless, through simulate(): the one code path."""
    return simulate(played_level(level, replay), stage, list(replay.inputs),
                    windows_for(replay.tier, replay.assist), replay.start_time,
                    recorded=True, listen=listen)


@dataclass(frozen=True)
class Verification:
    verified: bool
    reason: str
    recorded_score: int
    replayed_score: int | None
    judgements: int
    mismatches: int = 0

    def to_json(self) -> dict:
        return {"verified": self.verified, "reason": self.reason,
                "recorded_score": self.recorded_score, "replayed_score": self.replayed_score,
                "judgements": self.judgements, "mismatches": self.mismatches}


def verify(level: Level, replay: Replay, stage: StageInfo, recorded_score: int,
           recorded_counts: dict[str, int] | None = None) -> Verification:
    """Re-simulate and hold the result to the recorded run: the score and every judgement
    (cue, word, phase, in order). A changed level is refused, never mis-scored."""
    if replay.tier not in TIERS:
        return Verification(False, f"unknown tier {replay.tier!r}", recorded_score, None,
                            len(replay.trace))
    changed = level_changed(level, replay, stage)
    if changed:
        return Verification(False, changed, recorded_score, None, len(replay.trace))
    session = resimulate(level, replay, stage)
    got, want = session.trace, list(replay.trace)
    bad = sum(1 for a, b in zip(got, want, strict=False) if a != b) + abs(len(got) - len(want))
    reasons = []
    if session.score.score != recorded_score:
        reasons.append(f"the score replays as {session.score.score}, recorded "
                       f"{recorded_score}")
    if bad:
        first = next((k for k, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
                     min(len(got), len(want)))
        reasons.append(f"{bad} judgement(s) differ, the first at #{first + 1}"
                       + (f" (recorded {_show(want[first])}, replayed {_show(got[first])})"
                          if first < min(len(got), len(want)) else
                          f" ({len(want)} recorded, {len(got)} replayed)"))
    if recorded_counts is not None:
        counts = {k: v for k, v in session.score.counts.items() if v}
        if counts != {k: v for k, v in recorded_counts.items() if v}:
            reasons.append(f"judgement counts replay as {counts}, recorded "
                           f"{recorded_counts}")
    return Verification(not reasons, "; ".join(reasons), recorded_score,
                        session.score.score, len(want), bad)


def _show(item: tuple[int, str, str]) -> str:
    cue, word, phase = item
    where = "a stray press" if cue < 0 else f"cue {cue}"
    return f"{word} on {where}" + (f" ({phase})" if phase else "")
