"""The level format as a JSON Schema (draft-07) and as a Markdown key reference.

Both are generated from `game.core.schema` (the FieldSpecs the loader validates with) and
the stages' symbols, so editors, docs and the loader can never disagree on a key. The schema
cannot express the rules that tie several values together (a pattern's bars against its
interval's length, steps per bar, total cues, total duration); the loader checks those and
the reference lists them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.core import schema
from game.core.musicfile import (
    MAX_CHANNELS,
    MAX_MUSIC_BYTES,
    MAX_MUSIC_SECONDS,
    RATE_MAX,
    RATE_MIN,
)
from game.core.schema import FieldSpec, fmt_number

DRAFT = "http://json-schema.org/draft-07/schema#"
DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
SCHEMA_PATH = DOCS_DIR / "level.schema.json"
REFERENCE_BEGIN = "<!-- BEGIN GENERATED REFERENCE: `montage schema --docs docs/levels.md` -->"
REFERENCE_END = "<!-- END GENERATED REFERENCE -->"

_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
          "list": "array"}


def _stage_symbols() -> dict[str, dict[str, Any]]:
    """stage name -> its symbols (game.core.stage.Symbol), in the stages' own order."""
    from game.core.stage import stage_info as get_stage
    from game.core.stage import stage_names as available_stages
    return {name: dict(get_stage(name).symbols) for name in available_stages()}


def _stage_keys() -> list[FieldSpec]:
    """Every stage's own level keys, in stage order."""
    from game.core.stage import stage_book
    return [k for info in stage_book().values() for k in info.level_keys]


def _stage_key_owners() -> dict[str, list[str]]:
    """stage name -> the names of its own level keys."""
    from game.core.stage import stage_book
    return {name: [k.key for k in info.level_keys] for name, info in stage_book().items()}


def _char_class(chars: str) -> str:
    """Characters for a [...] class, escaped the same way for ECMA-262 and Python."""
    out = []
    for ch in chars:
        if ch in "\\]^-[":
            out.append("\\" + ch)
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        else:
            out.append(ch)
    return "".join(out)


def pattern_regex(symbols: str) -> str:
    """A pattern made only of these symbols, silences, the cue-kind marks, bar lines and
    spaces; one step at least."""
    steps = _char_class(schema.PATTERN_SILENT + symbols)
    allowed = _char_class(schema.PATTERN_SPACES + schema.PATTERN_BAR
                          + schema.PATTERN_KIND_MARKS) + steps
    return f"^[{allowed}]*[{steps}][{allowed}]*$"


def field_schema(spec: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _TYPES[spec.type], "description": spec.doc}
    if spec.choices is not None:
        out["enum"] = list(spec.choices)
    if spec.minimum is not None:
        out["minimum"] = _number(spec.minimum)
    if spec.maximum is not None:
        out["maximum"] = _number(spec.maximum)
    if spec.max_length is not None:
        out["maxLength"] = spec.max_length
    if spec.regex is not None:
        out["pattern"] = spec.regex
    if not spec.required and spec.default is not None:
        out["default"] = spec.default
    if spec.example is not None and spec.type != "list":
        out["examples"] = [spec.example]
    return out


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _interval_schema(all_symbols: str) -> dict[str, Any]:
    props = {s.key: field_schema(s) for s in schema.interval_fields()}
    props["pattern"]["pattern"] = pattern_regex(all_symbols)
    return {
        "type": "object",
        "description": "A work interval (work: BARS and a pattern) or a rest (rest: BARS).",
        "additionalProperties": False,
        "properties": props,
        "oneOf": [{"required": ["work"]}, {"required": ["rest"]}],
        "allOf": [
            *({"if": {"properties": {"stage": {"const": name}}, "required": ["stage"]},
               "then": {"properties": {"pattern": {"pattern": pattern_regex("".join(syms))}}}}
              for name, syms in _stage_symbols().items()),
            {"if": {"required": ["work"]}, "then": {"required": ["pattern"]}},
            {"if": {"required": ["rest"]}, "then": {"not": {"required": ["pattern"]}}},
        ],
    }


def level_schema() -> dict[str, Any]:
    """The JSON Schema of a level file, as a plain dict."""
    stages = _stage_symbols()
    all_symbols = "".join(dict.fromkeys(ch for syms in stages.values() for ch in syms))
    fields = schema.level_fields()
    props: dict[str, Any] = {s.key: field_schema(s) for s in fields}
    for spec in _stage_keys():
        props.setdefault(spec.key, field_schema(spec))
    iv = schema.intervals_field()
    props["intervals"] = {
        "type": "array", "description": iv.doc, "minItems": 1,
        "maxItems": schema.MAX_INTERVALS, "items": _interval_schema(all_symbols),
        "contains": {"required": ["work"]},
    }
    owners: dict[str, set[str]] = {}
    for name, keys in _stage_key_owners().items():
        for key in keys:
            owners.setdefault(key, set()).add(name)
    per_stage = []
    for name, syms in stages.items():
        meaning = "; ".join(f"{k} = {s.doc or s.action}" for k, s in syms.items())
        # a stage's own level keys belong to its levels only (the loader says "unknown key")
        foreign = sorted(k for k, names in owners.items() if name not in names)
        per_stage.append({
            "if": {"properties": {"stage": {"const": name}}, "required": ["stage"]},
            # intervals that name no stage of their own use the level's stage's symbols
            "then": {"properties": {"intervals": {"items": {
                "if": {"not": {"required": ["stage"]}},
                "then": {"properties": {"pattern": {
                    "pattern": pattern_regex("".join(syms)),
                    "description": f"{name} steps: {meaning}; '.' is a silent step, '|' "
                                   "ends a bar; l=== holds, l==^ lifts, r~~~ rolls, [lr] is "
                                   "a chord, !l is a step to avoid.",
                }}}}}},
                **({"allOf": [{"not": {"required": [k]}} for k in foreign]} if foreign else {})},
        })
    return {
        "$schema": DRAFT,
        "title": "Montage level",
        "description": "A Montage level: a workout of work and rest intervals played by one "
                       f"stage. Format version {schema.FORMAT_VERSION}. See docs/levels.md.",
        "type": "object",
        "additionalProperties": False,
        "required": [s.key for s in fields if s.required] + ["intervals"],
        "properties": props,
        "allOf": per_stage,
    }


def schema_json() -> str:
    """The schema file's exact text (what `montage schema -o` writes)."""
    return json.dumps(level_schema(), indent=2, ensure_ascii=False) + "\n"


# -- the Markdown reference ------------------------------------------------------------------

def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _allowed(spec: FieldSpec) -> str:
    if spec.choices:
        return ", ".join(f"`{c}`" for c in spec.choices)
    if spec.type == "list":
        return f"1 to {schema.MAX_INTERVALS} intervals"
    parts = []
    if spec.minimum is not None and spec.maximum is not None:
        parts.append(f"{fmt_number(spec.minimum)} to {fmt_number(spec.maximum)}")
    if spec.max_length:
        parts.append(f"at most {spec.max_length} characters")
    if spec.regex:
        parts.append(f"matching `{spec.regex}`")
    return "; ".join(parts) or "any"


def _table(specs: tuple[FieldSpec, ...]) -> list[str]:
    rows = ["| key | type | default | allowed | example | meaning |",
            "|---|---|---|---|---|---|"]
    for s in specs:
        default = "required" if s.required else (
            "-" if s.default is None else f"`{json.dumps(s.default)}`")
        example = "see below" if s.type == "list" else f"`{s.example_line()}`"
        rows.append("| " + " | ".join(_cell(x) for x in (
            f"`{s.key}`", s.type, default, _allowed(s), example, s.doc)) + " |")
    return rows


def reference_markdown() -> str:
    """The generated part of docs/levels.md: every key, every stage's symbols, every limit."""
    lines = ["### Level keys", ""]
    lines += _table(schema.level_fields() + (schema.intervals_field(),))
    own = _stage_keys()
    if own:
        lines += ["", "### Stage keys", "", "A stage may take keys of its own at the top "
                  "level; each says which stage reads it.", ""]
        lines += _table(tuple(own))
    lines += ["", "### Interval keys", "", "Each item of `intervals` is one of these mappings.",
              ""]
    lines += _table(schema.interval_fields())
    lines += ["", "### Pattern symbols by stage", "",
              "| stage | symbol | action | kind | meaning |", "|---|---|---|---|---|"]
    for name, syms in _stage_symbols().items():
        for ch, s in syms.items():
            kind = s.kind
            if s.kind in ("hold", "roll") and (s.bars or s.beats):
                kind += f" ({fmt_number(s.bars)} bar)" if s.bars else \
                    f" ({fmt_number(s.beats)} beats)"
            if s.accent:
                kind = "accented " + kind
            lines.append("| " + " | ".join(_cell(x) for x in (
                f"`{name}`", f"`{ch}`", " + ".join(s.parts), kind, s.doc)) + " |")
    lines += ["", "Every stage also takes `.`, `-` or `_` for a silent step, `|` between bars "
              "and spaces (ignored) to group steps.", "",
              "### Kinds of cue", "",
              "The same marks make every kind of cue on every stage (continuations may run "
              "over a bar line). Quote a pattern that starts with `[` or `!`: YAML reads "
              "those as a list or a tag.", "",
              "| kind | write | meaning |", "|---|---|---|"]
    lines += [f"| {k} | {w} | {_cell(m)} |" for k, w, m in schema.CUE_KIND_SYNTAX]
    lines += ["",
              "### Limits the loader enforces", "",
              f"- file size at most {schema.MAX_FILE_BYTES // 1024} KiB; at most "
              f"{schema.MAX_NODES} YAML values (every use of an alias counts) nested at most "
              f"{schema.MAX_DEPTH} deep; numbers at most {schema.MAX_NUMBER_DIGITS} characters",
              f"- at most {schema.MAX_STEPS_PER_BAR} steps in a bar, and no more bars in a "
              "pattern than its interval has",
              f"- at most {schema.MAX_CUES} cues and {schema.MAX_LEVEL_SECONDS // 60} minutes "
              "in a level",
              "- no tags (`!!python/...`, `!custom`): levels are plain data; no merge keys "
              "(`<<`)",
              f"- `music`: Ogg Vorbis, WAV (PCM or float) or FLAC, at most "
              f"{MAX_MUSIC_BYTES >> 20} MiB and {MAX_MUSIC_SECONDS // 60} minutes, "
              f"{RATE_MIN // 1000}-{RATE_MAX // 1000} kHz, 1-{MAX_CHANNELS} channels, in the "
              "level's folder", ""]
    return "\n".join(lines)


def update_reference(doc: str) -> str:
    """The docs text with its generated block replaced by the current reference."""
    start = doc.index(REFERENCE_BEGIN) + len(REFERENCE_BEGIN)
    end = doc.index(REFERENCE_END)
    return doc[:start] + "\n\n" + reference_markdown() + "\n" + doc[end:]
