"""The level format's single source of truth: every key, its type, range, default and doc.

The loader validates against these specs and the JSON Schema / docs are generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1 << 20
MAX_NODES = 50_000
MAX_DEPTH = 16
MAX_INTERVALS = 200
MAX_BARS_PER_INTERVAL = 128
MAX_CUES = 20_000
MAX_LEVEL_SECONDS = 30 * 60
TEMPO_MIN, TEMPO_MAX = 20.0, 400.0


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str  # "string" | "integer" | "number" | "boolean"
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
                "boolean": "true or false"}[self.type]
        if self.minimum is not None and self.maximum is not None:
            kind += f" from {_fmt(self.minimum)} to {_fmt(self.maximum)}"
        if self.max_length:
            kind += f" of at most {self.max_length} characters"
        return kind


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def stage_names() -> tuple[str, ...]:
    from game.stages import available_stages
    return available_stages()


def level_fields() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("format", "integer", "Format version of the file.", default=FORMAT_VERSION,
                  minimum=1, maximum=FORMAT_VERSION, example=1),
        FieldSpec("id", "string", "Unique id: lower-case letters, digits, '-' and '_'.",
                  required=True, max_length=64, regex=r"^[a-z0-9][a-z0-9_-]*$",
                  example="my-first-round"),
        FieldSpec("title", "string", "Name shown in stage select.", required=True,
                  max_length=80, example="Dawn Rounds"),
        FieldSpec("stage", "string", "Which stage plays the level.", required=True,
                  choices=stage_names(), example="speed_bag"),
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
    )


def interval_fields() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("work", "integer", "A work interval this many bars long (give work or rest).",
                  minimum=1, maximum=MAX_BARS_PER_INTERVAL, example=8),
        FieldSpec("rest", "integer", "A rest interval this many bars long (give work or rest).",
                  minimum=1, maximum=MAX_BARS_PER_INTERVAL, example=4),
        FieldSpec("pattern", "string",
                  "Work only. Bars separated by '|'; a bar's step count sets its subdivision; "
                  "'.' is a silent step; the pattern repeats to fill the interval.",
                  max_length=4096, example="l.r.l.r.|lrlrlrlr"),
        FieldSpec("tempo", "number", "Tempo change (bpm) at the start of this interval.",
                  minimum=TEMPO_MIN, maximum=TEMPO_MAX, example=120),
        FieldSpec("tempo_end", "number",
                  "Accelerate (or slow) bar by bar to this tempo by the interval's last bar.",
                  minimum=TEMPO_MIN, maximum=TEMPO_MAX, example=140),
        FieldSpec("name", "string", "Label shown when the interval starts.", default="",
                  max_length=60, example="Round 1"),
    )
