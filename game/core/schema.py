"""The level format's single source of truth: every key, its type, range, default and doc.

The loader validates against these specs; the JSON Schema (`game.core.jsonschema`) and the
key reference in docs/levels.md are generated from them, and a test keeps all three in step.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from game.core.level import MAX_STEPS_PER_BAR, SILENT
from game.core.musicfile import MAX_MUSIC_BYTES, MAX_MUSIC_SECONDS

FORMAT_VERSION = 1

# Bounds that keep a stranger's file from costing absurd time or memory.
MAX_FILE_BYTES = 1 << 20        # 1 MiB
MAX_NODES = 50_000              # YAML values, counting every alias use
MAX_DEPTH = 16                  # nesting of lists and mappings
MAX_NUMBER_DIGITS = 40          # longer numerals are refused before they are converted
MAX_INTERVALS = 200
MAX_BARS_PER_INTERVAL = 128
MAX_PATTERN_CHARS = 4096
MAX_CUES = 20_000
MAX_LEVEL_SECONDS = 30 * 60
TEMPO_MIN, TEMPO_MAX = 20.0, 400.0
MAX_MUSIC_NAME = 255
OFFSET_MIN_MS, OFFSET_MAX_MS = -60_000.0, 600_000.0

# Characters a pattern may contain besides its stage's symbols.
PATTERN_SPACES = " \t\r\n"
PATTERN_BAR = "|"
PATTERN_SILENT = "".join(sorted(SILENT))
# The grammar of cue kinds (see game.core.level): hold '=', roll '~', lift '^', chord '[..]',
# avoid '!'. They are the same for every stage.
PATTERN_KIND_MARKS = "=~^[]!"
CUE_KIND_SYNTAX = (
    ("tap", "a symbol, e.g. `l`", "press on the step"),
    ("hold", "`l===`", "press, and keep it down one more step per `=`; let go on the next "
     "step. Letting go earlier than the reach before the tail is a Drop: the head keeps its "
     "own judgement, the body scores nothing and the combo breaks"),
    ("release", "`l==^`", "the lift at the end of a hold, judged like a press"),
    ("roll", "`r~~~`", "as many presses as the span has steps (head included), in any rhythm"),
    ("chord", "`[lr]`", "both keys at one instant, judged as one with the worst of its parts; "
     "`[lr]==` holds a chord"),
    ("avoid", "`!l`", "do not press that key here: a press is a Hit-by, leaving it is a Dodge"),
    ("hold + taps", "`l=[=r]=[=r]`", "a chord may carry a hold's `=` (or its lift `^`) beside "
     "taps: l stays down while r taps"),
)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str  # "string" | "integer" | "number" | "boolean" | "list"
    doc: str
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    regex: str | None = None
    choices: tuple[str, ...] | None = None
    example: Any = None

    def expected(self) -> str:
        """Human wording of what this key accepts, for error messages."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = {"string": "a string", "integer": "a whole number", "number": "a number",
                "boolean": "true or false", "list": "a list"}[self.type]
        if self.minimum is not None and self.maximum is not None:
            kind += f" from {fmt_number(self.minimum)} to {fmt_number(self.maximum)}"
        if self.max_length:
            kind += f" of at most {self.max_length} characters"
        return kind

    def example_line(self) -> str:
        """`key: example` as it would be written in a level file."""
        ex = self.example
        if isinstance(ex, str) and self.type == "string":
            ex = f'"{ex}"' if needs_quotes(ex) else ex
        elif isinstance(ex, bool):
            ex = "true" if ex else "false"
        return f"{self.key}: {ex}"


def fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def needs_quotes(text: str) -> bool:
    """Would this string be read as something else (a number, true, a list) if unquoted?"""
    if text == "" or text != text.strip() or text[0] in "!&*-?[]{},#|>@`\"'%:":
        return True
    if any(c.isdigit() for c in text[:1]) or text.lower() in ("true", "false", "null", "~"):
        return True
    return ": " in text or " #" in text or "|" in text


def stage_names() -> tuple[str, ...]:
    from game.core.stage import stage_names as available_stages
    return available_stages()


def level_fields() -> tuple[FieldSpec, ...]:
    """The level's scalar keys, in the order the reference and `montage new` show them."""
    return (
        FieldSpec("format", "integer", "Format version of the file.", default=FORMAT_VERSION,
                  minimum=1, maximum=FORMAT_VERSION, example=1),
        FieldSpec("id", "string",
                  "Unique id: lower-case letters, digits, '-' and '_'; progress is saved "
                  "under it, so keep it when you edit the level.",
                  required=True, max_length=64, regex=r"^[a-z0-9][a-z0-9_-]*$",
                  example="my-first-round"),
        FieldSpec("title", "string", "Name shown in stage select.", required=True,
                  max_length=80, example="Dawn Rounds"),
        FieldSpec("stage", "string", "Which stage plays the level; it decides the pattern "
                  "symbols.", required=True, choices=stage_names(), example=stage_names()[0]),
        FieldSpec("tempo", "number", "Tempo in beats per minute at the first beat.",
                  required=True, minimum=TEMPO_MIN, maximum=TEMPO_MAX, example=100),
        FieldSpec("beats_per_bar", "integer", "Beats in a bar.", default=4, minimum=2,
                  maximum=12, example=4),
        FieldSpec("lead_in_bars", "integer", "Bars of count-in before the first interval.",
                  default=1, minimum=0, maximum=4, example=1),
        FieldSpec("author", "string", "Who made the level.", default="", max_length=80,
                  example="Coach"),
        FieldSpec("description", "string", "One or two lines for stage select.", default="",
                  max_length=400, example="Three rounds on the speed bag."),
        FieldSpec("music", "string",
                  "Your own music instead of the generated score: an .ogg (Vorbis), .wav or "
                  ".flac file in the level's own folder (no '..', no absolute path; at most "
                  f"{MAX_MUSIC_BYTES >> 20} MiB and {MAX_MUSIC_SECONDS // 60} minutes). The "
                  "count-in, the bells and the hit sounds still play over it.",
                  max_length=MAX_MUSIC_NAME, example="song.ogg"),
        FieldSpec("offset_ms", "number",
                  "With music: where the level's first beat (the first interval's first beat, "
                  "after the count-in) falls in the file, in milliseconds. `montage beat` "
                  "measures it.", default=0, minimum=OFFSET_MIN_MS, maximum=OFFSET_MAX_MS,
                  example=370),
    )


def intervals_field() -> FieldSpec:
    return FieldSpec("intervals", "list",
                     f"The workout in order: work and rest intervals back to back "
                     f"(1 to {MAX_INTERVALS}; at least one work).",
                     required=True, example="[{work: 8, pattern: l.r.l.r.}, {rest: 4}]")


def interval_fields() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("work", "integer", "A work interval this many bars long (give work or rest).",
                  minimum=1, maximum=MAX_BARS_PER_INTERVAL, example=8),
        FieldSpec("rest", "integer", "A rest interval this many bars long (give work or rest).",
                  minimum=1, maximum=MAX_BARS_PER_INTERVAL, example=4),
        FieldSpec("pattern", "string",
                  "Work only (and required there). Bars separated by '|'; a bar's step count "
                  "sets its subdivision; '.', '-' or '_' is a silent step; spaces are "
                  f"ignored; at most {MAX_STEPS_PER_BAR} steps a bar and no more bars than the "
                  "interval; the pattern repeats to fill the interval.",
                  max_length=MAX_PATTERN_CHARS, example="l.r.l.r.|lrlrlrlr"),
        FieldSpec("tempo", "number", "Tempo change (bpm) at the start of this interval.",
                  minimum=TEMPO_MIN, maximum=TEMPO_MAX, example=120),
        FieldSpec("tempo_end", "number",
                  "Accelerate (or slow) bar by bar to this tempo by the interval's last bar.",
                  minimum=TEMPO_MIN, maximum=TEMPO_MAX, example=140),
        FieldSpec("name", "string", "Label shown when the interval starts.", default="",
                  max_length=60, example="Round 1"),
        FieldSpec("stage", "string", "A remix: the stage this interval cuts to, on its first "
                  "bar line (its pattern uses that stage's symbols). The level plays on: one "
                  "soundtrack, one clock, one score.", choices=stage_names(),
                  example=stage_names()[-1]),
    )


def slug(name: str) -> str:
    """The level id for a file name: 'Dawn Rounds' -> 'dawn-rounds', 'Café Sparring' ->
    'cafe-sparring'. Ids are ASCII (progress is kept under them); a name with no Latin
    letters at all gets 'level-' and a short hash of the name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9_-]+", "-", ascii_name.strip().lower()).strip("-_")[:64]
    if not out:
        return "level-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return out
