"""Warnings for levels that load but will play badly; `montage check` prints them.

Each is a loader Problem with severity "warning", placed on the key or interval to change.
The thresholds are what a player notices: one hand (or foot) cannot keep up much more than
8 hits a second; below 40 bpm beats stop feeling like a pulse and above 300 they blur; a
level over ten minutes is hard to finish in one go.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from pathlib import Path

from game.core.level import Cue, Level, split_bars
from game.core.loader import Problem
from game.core.stage import StageInfo

HAND_MAX_RATE = 8.0                 # hits a second one hand or foot (one action) keeps up
TEMPO_COMFORT = (40.0, 300.0)       # bpm
LONG_LEVEL_SECONDS = 10 * 60


def lint_level(level: Level, rules: StageInfo | None = None) -> list[Problem]:
    """Every warning for a loaded level, in file order."""
    if rules is None:
        from game.core.stage import stage_info as get_stage
        rules = get_stage(level.stage)
    cues = rules.build_cues(level)
    out = (_tempo(level) + _length(level) + _empty_work(level, cues) + _fit(level)
           + _empty_bars(level) + _odd_bars(level)
           + _hand_speed(level, rules, cues) + _busy_holds(level, rules, cues)
           + _music(level) + _glyphs(level))
    return sorted(out, key=lambda p: (p.line, p.column))


def _warn(level: Level, where: str, message: str, hint: str, fallback_line: int = 1
          ) -> Problem:
    marks = level.extra.get("marks", {}) if level.extra else {}
    line, col = marks.get(where, (fallback_line or 1, 1))
    return Problem(level.source or "<level>", line, col, message, severity="warning", hint=hint)


def _interval_warn(level: Level, i: int, message: str, hint: str, key: str = "") -> Problem:
    where = f"interval:{i}" + (f".{key}" if key else "")
    return _warn(level, where, f"interval {i + 1}: {message}", hint, level.intervals[i].line)


def _music(level: Level) -> list[Problem]:
    """offset_ms with no music to offset; music that ends before the level does."""
    marks = level.extra.get("marks", {}) if level.extra else {}
    if level.music is None:
        if "offset_ms" in marks:
            return [_warn(level, "offset_ms", "offset_ms has no effect without music",
                          "add music: FILE beside it, or remove the line")]
        return []
    from game.core.musicfile import MusicFileError, sniff
    try:
        length = sniff(level.music.path, level.music.name).duration
    except MusicFileError:
        return []      # the loader has just read it; a file changed since is the game's
    end = level.music.file_time(level.duration)
    if length is None or end <= length + 0.05:
        return []
    return [_warn(level, "music", f"the music ends {end - length:.1f} s before the level "
                  f"does ({length:.1f} s of music, the last interval ends {end:.1f} s into "
                  "it)", "the rest plays with the count-in and bells only: shorten the "
                  "level or lower offset_ms")]


def _tempo(level: Level) -> list[Problem]:
    low, high = TEMPO_COMFORT
    out = []

    def check(value: float, where: str, label: str, line: int) -> None:
        if not low <= value <= high:
            feel = "too slow to feel as a pulse" if value < low else "too fast to feel as beats"
            out.append(_warn(level, where, f"{label} {value:g} bpm is {feel} (outside "
                             f"{low:g}-{high:g} bpm)",
                             "halve or double the tempo and the steps per bar", line))

    check(level.bpm, "tempo", "tempo", 1)
    for i, iv in enumerate(level.intervals):
        for key, value in (("tempo", iv.tempo), ("tempo_end", iv.tempo_end)):
            if value is not None:
                check(value, f"interval:{i}.{key}", f"interval {i + 1}: {key}", iv.line)
    return out


def _length(level: Level) -> list[Problem]:
    if level.duration <= LONG_LEVEL_SECONDS:
        return []
    minutes, seconds = divmod(round(level.duration), 60)
    return [_warn(level, "intervals", f"the level lasts {minutes}:{seconds:02d}; over "
                  f"{LONG_LEVEL_SECONDS // 60} minutes is hard to finish in one go",
                  "split it into two levels")]


def _empty_work(level: Level, cues: list[Cue]) -> list[Problem]:
    busy = {c.interval for c in cues}
    return [_interval_warn(level, i, "a work interval with no cues", "add steps to its "
                           "pattern, or make it a rest", "pattern")
            for i, iv in enumerate(level.intervals) if iv.is_work and i not in busy]


def _fit(level: Level) -> list[Problem]:
    """A pattern whose length does not divide its interval is cut off mid-phrase."""
    out = []
    for i, iv in enumerate(level.intervals):
        k = len(split_bars(iv.pattern)) if iv.is_work else 0
        if k > 1 and iv.bars % k:
            left = iv.bars % k
            out.append(_interval_warn(
                level, i, f"the {k}-bar pattern does not fit {iv.bars} bars evenly; its last "
                f"repeat stops after {left} bar{'s' if left != 1 else ''}",
                f"make the interval a multiple of {k} bars", "pattern"))
    return out


def _empty_bars(level: Level) -> list[Problem]:
    """`||` or a '|' at either end makes a bar of nothing, which the pattern drops: the
    designer most likely meant a silent bar (write it as dots) or a missing step."""
    out = []
    for i, iv in enumerate(level.intervals):
        if not iv.is_work or "|" not in iv.pattern:
            continue
        bars = iv.pattern.split("|")
        empty = [n for n, bar in enumerate(bars, start=1) if not bar.strip()]
        if empty:
            where = ("a '|' at its start or end" if set(empty) <= {1, len(bars)}
                     else "'||'")
            out.append(_interval_warn(
                level, i, f"the pattern has an empty bar ({where}); it is dropped, so the "
                f"pattern has {len(bars) - len(empty)} bars, not {len(bars)}",
                "write a silent bar as dots (e.g. '........') or remove the extra '|'",
                "pattern"))
    return out


def _odd_bars(level: Level) -> list[Problem]:
    """A bar one step short of (or over) the level's usual bar plays as septuplets (or
    nonuplets) instead of eighths: nearly always a step typed too few or too many."""
    counts = [(i, b, len(bar)) for i, iv in enumerate(level.intervals) if iv.is_work
              for b, bar in enumerate(split_bars(iv.pattern), start=1)]
    if len(counts) < 2:
        return []
    tally: dict[int, int] = {}
    for _i, _b, n in counts:
        tally[n] = tally.get(n, 0) + 1
    usual = max(tally, key=lambda n: (tally[n], n))
    if usual < 6 or tally[usual] * 2 <= len(counts):
        return []
    out = []
    flagged: set[int] = set()
    for i, b, n in counts:
        if abs(n - usual) == 1 and n % level.beats_per_bar and i not in flagged:
            flagged.add(i)
            out.append(_interval_warn(
                level, i, f"bar {b} of the pattern has {n} steps where most bars have "
                f"{usual}: its steps are spread evenly, {n} to the bar",
                f"add or remove a step (a '.' is a silent one) to make {usual}", "pattern"))
    return out


def _actions(rules: StageInfo, cue: Cue) -> tuple[str, ...]:
    return cue.parts


def _hand_speed(level: Level, rules: StageInfo, cues: list[Cue]) -> list[Problem]:
    """Per action, the fastest gap between two of its cues, reported where it happens."""
    last: dict[str, float] = {}
    fastest: dict[tuple[int, str], float] = {}
    limit = 1.0 / HAND_MAX_RATE
    for c in sorted(cues, key=lambda c: c.time):
        if c.kind in ("avoid", "release"):
            continue
        for action in _actions(rules, c):
            if c.kind == "roll" and c.target > 1:   # a roll asks for its presses in its span
                gap = (c.end_time - c.time) / c.target
                key = (c.interval, action)
                if gap < limit - 1e-9 and gap < fastest.get(key, limit):
                    fastest[key] = gap
            if action in last:
                gap = c.time - last[action]
                key = (c.interval, action)
                if gap < limit - 1e-9 and gap < fastest.get(key, limit):
                    fastest[key] = gap
            last[action] = c.time
    out = []
    for (i, action), gap in sorted(fastest.items()):
        label = rules.action_labels.get(action, action)
        one, many = rules.limbs.get(action) or _limb(label)
        rate = 1.0 / gap if gap > 0 else float("inf")
        out.append(_interval_warn(
            level, i, f"{label} is asked to hit {rate:.1f} times a second (every "
            f"{gap * 1000:.0f} ms); one {one} keeps up about {HAND_MAX_RATE:g}",
            f"slow the tempo, thin the pattern or share the hits between {many}"))
    return out


_LIMBS = {"fist": ("fist", "fists"), "hand": ("hand", "hands"), "foot": ("foot", "feet"),
          "feet": ("foot", "feet")}


def _limb(label: str) -> tuple[str, str]:
    """(singular, plural) of what plays an action, read from its label ("Left foot" ->
    foot, feet); a label naming no limb ("1 jab") is spoken of as a key."""
    for word in reversed(label.lower().split()):
        if word in _LIMBS:
            return _LIMBS[word]
    return "key", "keys"


def _busy_holds(level: Level, rules: StageInfo, cues: list[Cue]) -> list[Problem]:
    """A tap for a key that a hold is keeping down cannot be played."""
    out = []
    ordered = sorted(cues, key=lambda c: c.time)
    times = [c.time for c in ordered]
    seen: set[tuple[int, str]] = set()
    for h in (c for c in ordered if c.kind == "hold"):
        held = set(h.parts)
        for c in ordered[bisect_right(times, h.time + 1e-9):bisect_right(times, h.end_time)]:
            if c is h or c.time >= h.end_time - 1e-9:
                continue
            for action in set(_actions(rules, c)) & held:
                if (c.interval, action) in seen:
                    continue
                seen.add((c.interval, action))
                label = rules.action_labels.get(action, action)
                out.append(_interval_warn(
                    level, c.interval, f"{label} is asked to tap while it is held down "
                    f"(the hold from beat {h.beat:g} lasts until beat "
                    f"{level.tempo_map.beat_at(h.end_time):g})",
                    "leave the bar after a hold silent for those keys"))
    return out


def _source_line(level: Level, line: int) -> str:
    """Line `line` (1-based) of the level's file, or '' when it cannot be read."""
    try:
        text = Path(level.source).read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return ""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _glyphs(level: Level) -> list[Problem]:
    """Text the player reads (title, description, author, interval names) with characters
    no font of the game has: they would show as empty boxes."""
    from game.core.glyphs import undrawable
    marks = level.extra.get("marks", {}) if level.extra else {}
    fields = [("title", "title", level.title), ("description", "description",
                                                level.description),
              ("author", "author", level.author)]
    fields += [(f"interval:{i}.name", f"interval {i + 1}: name", iv.name)
               for i, iv in enumerate(level.intervals)]
    out = []
    for where, label, value in fields:
        bad = undrawable(value or "")
        if not bad:
            continue
        line, col = marks.get(where, (1, 1))
        found = _source_line(level, line).find(bad[0][1], col - 1)
        if found >= 0:   # point at the character itself
            col = found + 1
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})"
                          for _i, ch in bad[:3]) + (" ..." if len(bad) > 3 else "")
        out.append(Problem(level.source or "<level>", line, col,
                           f"{label}: the game cannot draw {shown}; it would show as an "
                           "empty box", severity="warning",
                           hint="use another character (the game's fonts cover Latin, "
                                "Greek, Cyrillic, Arabic, Hebrew, Chinese, Japanese and "
                                "Korean)"))
    return out
