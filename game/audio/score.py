"""The composer: a Level's tempo map and intervals -> a list of placed notes (a Score).

The music is the metronome, so every note sits on the level's own beat grid (TempoMap, to the
sample). Each work interval gets an intensity from where it falls in the level, its tempo and
its density; intensity picks the layers: a sparse kick pulse first, then backbeat and bass,
then brass stabs and driving hats, then everything with brighter brass. Rests drop to a soft
heartbeat under a quiet pad. The last bar is a dominant with a fill, resolved by a tonic
chord on the final bell.

The fanfare is composed here, not recalled: a seeded walk over the chord tones of the
level's own progression in call/answer rhythm cells, so every level gets its own original
tune. It goes on the separate "horns" stem, one bar per slot, each bar silent again before
its bar line, so the player's combo can switch it bar by bar without a click.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace

from game.core.level import SILENT, Level, split_bars

SYNTH_VERSION = 1
TAIL_S = 4.0            # after the last beat: the final chord and the three bells
BELL_SPACING_S = 0.42   # between the rings of the final bell
STEMS = ("drums", "bass", "pads", "brass", "horns", "cues")

KEYS = (2, 3, 5, 7, 9, 10, 0)   # D, Eb, F, G, A, Bb, C: bright brass keys
CHORDS = {"I": (0, "M"), "ii": (2, "m"), "iii": (4, "m"), "IV": (5, "M"), "V": (7, "M"),
          "vi": (9, "m"), "bVI": (8, "M"), "bVII": (10, "M")}
TRIADS = {"M": (0, 4, 7), "m": (0, 3, 7)}
#: darker progressions for the early, sparse rounds; open, heroic ones for the later rounds
LOW_PROGRESSIONS = (("vi", "IV", "vi", "V"), ("vi", "V", "IV", "V"), ("vi", "iii", "IV", "V"),
                    ("I", "vi", "IV", "V"))
HIGH_PROGRESSIONS = (("I", "bVII", "IV", "I"), ("I", "V", "vi", "IV"), ("IV", "I", "V", "vi"),
                     ("I", "iii", "IV", "V"), ("I", "bVI", "bVII", "I"))
#: fanfare rhythm cells for 4/4 (start beat, length in beats): calls and answers
CALLS = (((0, 1.5), (1.5, 0.5), (2, 2)),
         ((0, 0.5), (0.5, 0.5), (1, 1), (2, 2)),
         ((0, 2 / 3), (2 / 3, 2 / 3), (4 / 3, 2 / 3), (2, 2)),
         ((0, 1), (1, 1), (2, 1.5), (3.5, 0.5)))
ANSWERS = (((0, 3), (3, 0.5), (3.5, 0.5)),
           ((0.5, 0.5), (1, 0.5), (1.5, 0.5), (2, 2)),
           ((0, 1), (1, 0.5), (1.5, 0.5), (2, 2)),
           ((0, 2), (2, 1), (3, 1)))
HORN_RELEASE_S = 0.06
MIN_HAT_GAP_S = 0.07    # hats never closer than this, whatever the tempo


@dataclass(frozen=True, slots=True)
class Note:
    """One placed sound: a bank key at a buffer frame, with its body and release lengths."""

    start: int          # frame in the soundtrack buffer
    key: tuple          # bank key, e.g. ("kick",) or ("pad", 57)
    gain: float
    pan: float = 0.0    # -1 left .. 1 right
    length: int = 0     # body frames (sustained instruments); 0 = the whole one-shot
    release: int = 0    # fade-out frames after the body
    stem: str = "drums"

    @property
    def end(self) -> int:
        return self.start + self.length + self.release


@dataclass(frozen=True)
class Score:
    sr: int
    start_time: float                         # song time of frame 0 (the count-in)
    frames: int
    notes: tuple[Note, ...]
    horn_bars: tuple[tuple[int, int], ...]    # frame ranges the horns may sound in
    intensities: tuple[float, ...]            # per interval; 0 for rests

    def frame_of(self, song_time: float) -> int:
        return round((song_time - self.start_time) * self.sr)

    def time_of(self, frame: float) -> float:
        return self.start_time + frame / self.sr


def level_seed(level: Level) -> int:
    """The same level always gets the same tune (tempo scaling keeps it too)."""
    basis = level.content_hash or repr((level.id, level.beats_per_bar, [
        (iv.kind, iv.bars, iv.pattern) for iv in level.intervals]))
    return int.from_bytes(hashlib.sha256(basis.encode()).digest()[:8], "little")


def pattern_density(pattern: str, beats_per_bar: int) -> float:
    """Sounding steps per beat, averaged over the pattern's bars."""
    bars = split_bars(pattern)
    if not bars:
        return 0.0
    hits = sum(1 for bar in bars for ch, _ in bar if ch not in SILENT)
    return hits / (len(bars) * beats_per_bar)


def intensities(level: Level) -> list[float]:
    """0..1 per interval (rests 0): position in the level, tempo and density, relative to the
    level itself and in absolute terms, so a level builds even if its tempo never moves."""
    tm = level.tempo_map
    works = [i for i, iv in enumerate(level.intervals) if iv.is_work]
    tempo: dict[int, float] = {}
    dens: dict[int, float] = {}
    for i in works:
        iv = level.intervals[i]
        secs = tm.time_at(iv.end_beat) - tm.time_at(iv.start_beat)
        tempo[i] = (iv.end_beat - iv.start_beat) * 60.0 / max(secs, 1e-9)
        dens[i] = pattern_density(iv.pattern, level.beats_per_bar)

    def rel(v: float, values: dict[int, float]) -> float:
        lo, hi = min(values.values()), max(values.values())
        return (v - lo) / (hi - lo) if hi - lo > 1e-9 else 0.5

    out = [0.0] * len(level.intervals)
    for k, i in enumerate(works):
        progress = k / (len(works) - 1) if len(works) > 1 else 0.6
        x = (0.1 + 0.4 * progress + 0.15 * rel(tempo[i], tempo) + 0.1 * rel(dens[i], dens)
             + 0.12 * min(1.0, max(0.0, (tempo[i] - 70.0) / 100.0))
             + 0.13 * min(1.0, dens[i] / 3.0))
        out[i] = min(1.0, x)
    if works:
        out[works[-1]] = max(out[works[-1]], 0.8)
    return out


def stage_energy(level: Level) -> float:
    """0..1: how full the score plays under the level's stage (its descriptor's
    `music_energy`); 1 when the stage is unknown (a level composed outside the game)."""
    from game.core.stage import stage_info
    try:
        return min(1.0, max(0.0, float(stage_info(level.stage).music_energy)))
    except (KeyError, RuntimeError):
        return 1.0


def layer_level(intensity: float) -> int:
    """0 sparse pulse, 1 backbeat + bass, 2 stabs + eighths, 3 everything."""
    return 0 if intensity < 0.3 else 1 if intensity < 0.55 else 2 if intensity < 0.78 else 3


def chord_tones(tonic: int, chord: str, low: int, high: int) -> list[int]:
    """Every MIDI note in [low, high] that belongs to the chord."""
    root, quality = CHORDS[chord]
    pcs = {(tonic + root + i) % 12 for i in TRIADS[quality]}
    return [m for m in range(low, high + 1) if m % 12 in pcs]


def chord_root(tonic: int, chord: str, low: int) -> int:
    """The chord's root in the octave starting at `low`."""
    pc = (tonic + CHORDS[chord][0]) % 12
    return low + (pc - low) % 12


class _Composer:
    def __init__(self, level: Level, sr: int) -> None:
        self.level = level
        self.tm = level.tempo_map
        self.sr = sr
        self.bpb = level.beats_per_bar
        self.start_time = -level.lead_in
        self.rng = random.Random(level_seed(level))
        self.tonic = KEYS[self.rng.randrange(len(KEYS))]
        self.notes: list[Note] = []
        self.horn_bars: list[tuple[int, int]] = []

    # -- placing --------------------------------------------------------------------------
    def frame(self, beat: float) -> int:
        return round((self.tm.time_at(beat) - self.start_time) * self.sr)

    def frame_t(self, t: float) -> int:
        return round((t - self.start_time) * self.sr)

    def hit(self, beat: float, key: tuple, gain: float, pan: float = 0.0,
            stem: str = "drums") -> None:
        self.notes.append(Note(self.frame(beat), key, gain, pan, stem=stem))

    def tone(self, beat: float, beats: float, key: tuple, gain: float, pan: float = 0.0,
             stem: str = "bass", release_s: float = 0.08) -> None:
        start = self.frame(beat)
        length = max(1, self.frame(beat + beats) - start)
        self.notes.append(Note(start, key, gain, pan, length, int(release_s * self.sr), stem))

    # -- the piece ------------------------------------------------------------------------
    def compose(self) -> Score:
        lv = self.level
        # a quiet stage (the bridge's solitude) scales every interval's intensity down, which
        # thins the layers and lowers the drums, pads, stabs and horns with it
        energy = stage_energy(lv)
        levels = [x * energy for x in intensities(lv)]
        self.count_in()
        progs: list[tuple[str, ...]] = []
        for i, iv in enumerate(lv.intervals):
            pool = HIGH_PROGRESSIONS if levels[i] >= 0.45 else LOW_PROGRESSIONS
            progs.append(self.rng.choice(pool) if iv.is_work else ("I", "IV"))
        last_bar = (len(lv.intervals) - 1, lv.intervals[-1].bars - 1) if lv.intervals else None
        for i, iv in enumerate(lv.intervals):
            if iv.is_work:
                self.work_interval(i, levels[i], progs[i], last_bar)
            else:
                self.rest_interval(i, progs[i], last_bar)
            self.bell(lv.tempo_map.time_at(iv.start_beat), 1)
        end_t = lv.duration
        self.bell(end_t, 3)
        if lv.intervals:
            self.final_chord(lv.end_beat)
        frames = self.frame_t(end_t + TAIL_S)
        notes = sorted(self.notes, key=lambda n: n.start)
        if energy < 1.0:    # and the band plays softer; the count-in and bells keep time
            soft = 0.4 + 0.6 * energy
            notes = [n if n.stem == "cues" else replace(n, gain=n.gain * soft) for n in notes]
        return Score(self.sr, self.start_time, frames, tuple(notes), tuple(self.horn_bars),
                     tuple(levels))

    def count_in(self) -> None:
        lv = self.level
        n = lv.lead_in_bars * self.bpb
        beat_len = 60.0 / lv.bpm
        for k in range(n):
            accent = k % self.bpb == 0
            self.notes.append(Note(self.frame_t(-lv.lead_in + k * beat_len),
                                   ("click", int(accent)), 0.5 if accent else 0.38,
                                   stem="cues"))

    def bell(self, t: float, rings: int) -> None:
        for k in range(rings):
            self.notes.append(Note(self.frame_t(t + k * BELL_SPACING_S), ("bell",),
                                   0.3 if rings == 1 else 0.34, stem="cues"))

    def chord_at(self, prog: tuple[str, ...], bar: int, is_last: bool) -> str:
        return "V" if is_last else prog[bar % len(prog)]

    def rest_interval(self, i: int, prog: tuple[str, ...], last_bar: tuple[int, int] | None
                      ) -> None:
        iv = self.level.intervals[i]
        for b in range(iv.bars):
            start = iv.start_beat + b * self.bpb
            chord = self.chord_at(prog, b, (i, b) == last_bar)
            for k in range(self.bpb):
                self.hit(start + k, ("pulse",), 0.42 if k == 0 else 0.3)
            self.pads(start, chord, 0.045)

    def pads(self, start: float, chord: str, gain: float) -> None:
        """One sustained chord across the bar (re-bowed each beat if a bar is very long)."""
        seconds = self.tm.time_at(start + self.bpb) - self.tm.time_at(start)
        step = 1 if seconds > 6.0 else self.bpb
        voicing = chord_tones(self.tonic, chord, 55, 71)[:4]
        for k in range(0, self.bpb, step):
            for j, m in enumerate(voicing):
                self.tone(start + k, step, ("pad", m), gain, pan=(-0.5, 0.5)[j % 2],
                          stem="pads", release_s=0.35)

    def work_interval(self, i: int, intensity: float, prog: tuple[str, ...],
                      last_bar: tuple[int, int] | None) -> None:
        iv = self.level.intervals[i]
        layers = layer_level(intensity)
        bright = min(4, round(intensity * 4))
        melody = self.fanfare_plan(iv.bars)
        for b in range(iv.bars):
            start = iv.start_beat + b * self.bpb
            final = (i, b) == last_bar
            fill = b == iv.bars - 1
            chord = self.chord_at(prog, b, final)
            self.drums(start, layers, b, fill, intensity)
            self.bassline(start, chord, layers)
            self.pads(start, chord, 0.035 + 0.04 * intensity)
            if layers >= 1:
                self.stabs(start, chord, layers, bright, intensity)
            self.fanfare(start, chord, melody[b], intensity, answer=b % 2 == 1)

    def drums(self, start: float, layers: int, bar: int, fill: bool, intensity: float) -> None:
        bpb = self.bpb
        beat_s = self.tm.beat_length(start)
        kick = ("kick", 0 if beat_s >= 0.4 else 1 if beat_s >= 0.24 else 2)
        g = 0.5 + 0.25 * intensity
        if bar == 0 and layers >= 2:
            self.hit(start, ("crash",), 0.3 * g, pan=-0.3)
        elif layers == 3 and bar % 4 == 0:
            self.hit(start, ("crash",), 0.22 * g, pan=0.3)
        for k in range(bpb):
            beat = start + k
            backbeat = layers >= 1 and k % 2 == 1
            if layers in (0, 3) or not backbeat:
                self.hit(beat, kick, (0.62 if k == 0 else 0.36 if backbeat else 0.5) * g)
            if backbeat:
                self.hit(beat, ("snare",), 0.42 * g)
            if layers == 2 and k == 2:
                self.hit(beat - 0.5, kick, 0.4 * g)
        # hats: offbeats only at first, then eighths, then sixteenths where they fit
        sub = 4 if layers == 3 else 2
        while sub > 1 and beat_s / sub < MIN_HAT_GAP_S:
            sub //= 2
        for k in range(bpb * sub):
            pos = k / sub
            if layers == 0 and (sub == 1 or k % sub != sub // 2):
                continue
            open_hat = layers >= 2 and bar % 2 == 1 and k == bpb * sub - sub // 2 and sub > 1
            accent = 1.0 if k % sub == 0 else 0.7
            self.hit(start + pos, ("hat", int(open_hat)), (0.13 if open_hat else 0.16) *
                     accent * g, pan=0.35)
        if fill and layers >= 2:
            self.tom_fill(start + bpb - 1, g)

    def tom_fill(self, beat: float, g: float) -> None:
        """Sixteenths down the toms on the last beat of a round (eighths if too fast)."""
        steps = 4 if self.tm.beat_length(beat) / 4 >= MIN_HAT_GAP_S else 2
        for k in range(steps):
            self.hit(beat + k / steps, ("tom", 2 - min(2, k * 3 // steps)), 0.28 * g,
                     pan=(0.3, 0.0, -0.3)[min(2, k * 3 // steps)])

    def bassline(self, start: float, chord: str, layers: int) -> None:
        root = chord_root(self.tonic, chord, 33)
        bpb = self.bpb
        if layers == 0:
            self.tone(start, bpb * 0.95, ("bass", root), 0.26)
        elif layers == 1:
            for k in range(bpb):
                self.tone(start + k, 0.85, ("bass", root), 0.26)
        else:
            fifth = root + 7
            figure = (root, root, root + 12, root, fifth, root, root + 12, fifth) \
                if layers == 2 else (root, root + 12)
            for k in range(bpb * 2):
                self.tone(start + k / 2, 0.42, ("bass", figure[k % len(figure)]), 0.23,
                          release_s=0.04)

    def stabs(self, start: float, chord: str, layers: int, bright: int,
              intensity: float) -> None:
        notes = chord_tones(self.tonic, chord, 58, 72)[:3]
        hits = [0.0] if layers == 1 else [0.0, self.bpb - 0.5] if layers == 2 \
            else [0.0, 1.5, self.bpb - 1.0]
        beat_s = self.tm.beat_length(start)
        length = max(0.12 / beat_s, 0.35)
        g = 0.08 + 0.07 * intensity
        for pos in hits:
            if pos >= self.bpb:
                continue
            for m in notes:
                self.tone(start + pos, min(length, self.bpb - pos), ("brass", m, bright), g,
                          pan=-0.35, stem="brass", release_s=0.07)

    # -- the fanfare ----------------------------------------------------------------------
    def fanfare_plan(self, bars: int) -> list[tuple[tuple[float, float], ...]]:
        """Rhythm cells for each bar of an interval: call, answer, call, answer..."""
        if self.bpb == 4:
            call, answer = self.rng.choice(CALLS), self.rng.choice(ANSWERS)
        else:
            call, answer = self.generic_cell(), self.generic_cell()
        return [call if b % 2 == 0 else answer for b in range(bars)]

    def generic_cell(self) -> tuple[tuple[float, float], ...]:
        """For bars that are not 4/4: quarters or eighth pairs, then a held note."""
        cell: list[tuple[float, float]] = []
        held = 2 if self.bpb > 2 else 1
        for k in range(self.bpb - held):
            if self.rng.random() < 0.4:
                cell += [(k, 0.5), (k + 0.5, 0.5)]
            else:
                cell.append((k, 1.0))
        cell.append((self.bpb - held, float(held)))
        return tuple(cell)

    def fanfare(self, start: float, chord: str, cell: tuple[tuple[float, float], ...],
                intensity: float, answer: bool = False) -> None:
        """One bar of the horn line: chord tones, leaning upward, ending on a held note (on
        the chord's root when the bar answers a call, so each pair closes)."""
        tones = chord_tones(self.tonic, chord, 62, 81)
        idx = self.rng.randrange(max(1, len(tones) // 2))
        bar_end = self.frame(start + self.bpb)
        release = int(HORN_RELEASE_S * self.sr)
        gain = 0.17 + 0.08 * intensity
        root_pc = chord_root(self.tonic, chord, 0) % 12
        for n, (pos, dur) in enumerate(cell):
            if answer and n == len(cell) - 1:
                roots = [j for j, m in enumerate(tones) if m % 12 == root_pc]
                idx = min(roots, key=lambda j: abs(j - idx), default=idx)
            midi = tones[min(idx, len(tones) - 1)]
            begin = self.frame(start + pos)
            body = self.frame(start + pos + dur * 0.92) - begin
            body = min(body, bar_end - release - 32 - begin)   # silent again by the bar line
            if body > 0:
                accent = 1.15 if n == 0 else 1.0
                self.notes.append(Note(begin, ("horn", midi), gain * accent, 0.3, body,
                                       release, "horns"))
            idx = max(0, min(len(tones) - 1, idx + self.rng.choice((1, 1, 2, -1))))
        self.horn_bars.append((self.frame(start), bar_end))

    def final_chord(self, end_beat: float) -> None:
        """The cadence resolves: a tonic chord from the whole band on the last bell."""
        sr = self.sr
        at = self.frame(end_beat)
        hold = int(2.4 * sr)
        self.notes.append(Note(at, ("kick",), 0.38))
        self.notes.append(Note(at, ("crash",), 0.16, -0.3))
        self.notes.append(Note(at, ("timpani", chord_root(self.tonic, "I", 33)), 0.22))
        self.notes.append(Note(at, ("bass", chord_root(self.tonic, "I", 33)), 0.26, 0, hold,
                               int(0.6 * sr), "bass"))
        for j, m in enumerate(chord_tones(self.tonic, "I", 55, 71)[:4]):
            self.notes.append(Note(at, ("pad", m), 0.06, (-0.5, 0.5)[j % 2], hold,
                                   int(1.0 * sr), "pads"))
        for m in chord_tones(self.tonic, "I", 58, 72)[:3]:
            self.notes.append(Note(at, ("brass", m, 4), 0.07, -0.35, hold, int(0.8 * sr),
                                   "brass"))
        top = chord_tones(self.tonic, "I", 69, 81)
        self.notes.append(Note(at, ("horn", top[0]), 0.12, 0.3, hold, int(0.8 * sr), "brass"))


def compose(level: Level, sr: int = 44100) -> Score:
    """The level's soundtrack as placed notes, starting at the count-in (-lead_in)."""
    return _Composer(level, sr).compose()
