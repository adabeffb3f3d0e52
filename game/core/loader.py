"""YAML -> Level. Safe composing only, bounded sizes, every problem with file:line:column."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core import schema
from game.core.level import (
    MAX_STEPS_PER_BAR,
    SILENT,
    Level,
    build_tempo_map,
    layout_intervals,
    split_bars,
)
from game.core.schema import FieldSpec

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int      # 1-based
    column: int    # 1-based
    message: str
    severity: str = "error"
    hint: str = ""

    def __str__(self) -> str:
        sev = "warning: " if self.severity == "warning" else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.column}: {sev}{self.message}{hint}"


class LevelError(Exception):
    """A level that cannot be played; `problems` lists every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Ctx:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.nodes = 0

    def at(self, node: Node | None, message: str, hint: str = "", offset: int = 0) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1 + offset) if node \
            else (1, 1)
        self.problems.append(Problem(self.filename, line, col, message, hint=hint))


_constructor = yaml.constructor.SafeConstructor()


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:int":
        return _constructor.construct_yaml_int(node)
    if tag == "tag:yaml.org,2002:float":
        return _constructor.construct_yaml_float(node)
    if tag == "tag:yaml.org,2002:bool":
        return _constructor.construct_yaml_bool(node)
    if tag == "tag:yaml.org,2002:null":
        return None
    return node.value


def _check_tree(node: Node, ctx: _Ctx, depth: int = 0) -> bool:
    """Bound the document's size (aliases count every time they are used) and its tags."""
    ctx.nodes += 1
    if ctx.nodes > schema.MAX_NODES:
        ctx.at(node, f"the document is too large (more than {schema.MAX_NODES} values, "
                     "counting every alias use)")
        return False
    if depth > schema.MAX_DEPTH:
        ctx.at(node, f"nesting deeper than {schema.MAX_DEPTH} levels")
        return False
    if isinstance(node, ScalarNode):
        if node.tag not in _PLAIN_TAGS:
            ctx.at(node, f"tag {node.tag!r} is not allowed: levels are plain data")
        return True
    if isinstance(node, SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            ctx.at(node, f"tag {node.tag!r} is not allowed: levels are plain data")
        return all(_check_tree(child, ctx, depth + 1) for child in node.value)
    if isinstance(node, MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            ctx.at(node, f"tag {node.tag!r} is not allowed: levels are plain data")
        for k, v in node.value:
            if not (_check_tree(k, ctx, depth + 1) and _check_tree(v, ctx, depth + 1)):
                return False
        return True
    return True


def _mapping(node: MappingNode, ctx: _Ctx, specs: tuple[FieldSpec, ...], where: str
             ) -> dict[str, tuple[Any, ScalarNode, Node]]:
    """Keys of a mapping with their values and nodes; unknown and repeated keys reported."""
    known = {s.key for s in specs}
    out: dict[str, tuple[Any, ScalarNode, Node]] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, ScalarNode):
            ctx.at(knode, f"{where}: keys must be plain words")
            continue
        key = str(knode.value)
        if key in out:
            ctx.at(knode, f"{where}: key {key!r} is given twice")
            continue
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            ctx.at(knode, f"{where}: unknown key {key!r}",
                   hint=f"did you mean {close[0]!r}?" if close else
                   "expected one of " + ", ".join(sorted(known)))
            continue
        out[key] = (vnode, knode, vnode)
    return out


def _value(spec: FieldSpec, vnode: Node, ctx: _Ctx, where: str) -> Any:
    """Check one value against its spec; return it, or None after reporting."""
    what = f"{where}: {spec.key!r} must be {spec.expected()}"
    if not isinstance(vnode, ScalarNode) or vnode.tag == "tag:yaml.org,2002:null":
        ctx.at(vnode, what)
        return None
    value = _scalar(vnode)
    if spec.type == "string":
        if not isinstance(value, str):
            value = vnode.value  # e.g. a title that YAML read as a number
        if spec.max_length and len(value) > spec.max_length:
            ctx.at(vnode, what)
            return None
        if spec.regex and not re.match(spec.regex, value):
            ctx.at(vnode, what + f" matching {spec.regex}", hint=spec.doc)
            return None
        if spec.choices is not None and value not in spec.choices:
            close = difflib.get_close_matches(value, spec.choices, n=1)
            ctx.at(vnode, what, hint=f"did you mean {close[0]!r}?" if close else "")
            return None
        return value
    if spec.type == "boolean":
        if not isinstance(value, bool):
            ctx.at(vnode, what)
            return None
        return value
    ok_types = (int,) if spec.type == "integer" else (int, float)
    if isinstance(value, bool) or not isinstance(value, ok_types) or value != value:
        ctx.at(vnode, what)
        return None
    if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum):
        ctx.at(vnode, what + f", got {value}")
        return None
    return value


def _pattern_column_base(node: ScalarNode) -> int | None:
    """Column offset of the pattern's first character, when it sits on one line."""
    if node.start_mark.line != node.end_mark.line:
        return None
    return 1 if node.style in ("'", '"') else 0


def _check_pattern(pattern: str, node: ScalarNode, bars: int, stage: str | None,
                   ctx: _Ctx, where: str) -> int:
    """Validate a pattern's symbols and shape; returns how many cues it makes."""
    from game.stages import get_rules
    symbols = get_rules(stage).symbols if stage else None
    base = _pattern_column_base(node)
    split = split_bars(pattern)
    if not split:
        ctx.at(node, f"{where}: 'pattern' has no steps", hint="e.g. " + (
            get_rules(stage).example_pattern if stage else "l.r.l.r."))
        return 0
    cues = 0
    for bar in split:
        if len(bar) > MAX_STEPS_PER_BAR:
            ctx.at(node, f"{where}: a bar has {len(bar)} steps; at most "
                         f"{MAX_STEPS_PER_BAR} are allowed", offset=(base or 0) + bar[0][1]
                   if base is not None else 0)
        for ch, pos in bar:
            if ch in SILENT:
                continue
            if symbols is not None and ch not in symbols:
                allowed = "".join(sorted(symbols)) + " or '.' for silence"
                ctx.at(node, f"{where}: {ch!r} is not a step of stage {stage!r}; expected one "
                             f"of {allowed}", offset=base + pos if base is not None else 0)
            else:
                cues += 1
    if len(split) > bars:
        ctx.at(node, f"{where}: the pattern has {len(split)} bars but the interval is only "
                     f"{bars} bar{'s' if bars != 1 else ''} long",
               hint="lengthen the interval or shorten the pattern")
    per_bar = cues / len(split)
    return int(per_bar * bars + 1)


def _intervals(node: Node, ctx: _Ctx, stage: str | None) -> list[dict]:
    if not isinstance(node, SequenceNode) or not node.value:
        ctx.at(node, "'intervals' must be a list of work and rest intervals",
               hint="- work: 8\n    pattern: l.r.l.r.")
        return []
    if len(node.value) > schema.MAX_INTERVALS:
        ctx.at(node, f"at most {schema.MAX_INTERVALS} intervals are allowed")
        return []
    specs = schema.interval_fields()
    by_key = {s.key: s for s in specs}
    out: list[dict] = []
    total_cues = 0
    for n, item in enumerate(node.value, start=1):
        where = f"interval {n}"
        if not isinstance(item, MappingNode):
            ctx.at(item, f"{where} must be a mapping such as 'work: 8' or 'rest: 4'")
            continue
        keys = _mapping(item, ctx, specs, where)
        kinds = [k for k in ("work", "rest") if k in keys]
        if len(kinds) != 1:
            ctx.at(item, f"{where} needs exactly one of 'work: BARS' or 'rest: BARS'")
            continue
        kind = kinds[0]
        vals = {k: _value(by_key[k], v[0], ctx, where) for k, v in keys.items()}
        bars = vals[kind]
        entry: dict[str, Any] = {"kind": kind, "bars": bars or 1,
                                 "line": item.start_mark.line + 1}
        for k in ("tempo", "tempo_end", "name"):
            if vals.get(k) is not None:
                entry[k] = vals[k]
        if kind == "work":
            if "pattern" not in keys:
                ctx.at(item, f"{where}: a work interval needs a 'pattern'")
            elif vals["pattern"] is not None and bars is not None:
                pnode = keys["pattern"][0]
                assert isinstance(pnode, ScalarNode)
                total_cues += _check_pattern(vals["pattern"], pnode, bars, stage, ctx, where)
                entry["pattern"] = vals["pattern"]
        elif "pattern" in keys:
            ctx.at(keys["pattern"][1], f"{where}: a rest interval has no 'pattern'",
                   hint="rests are for breathing")
        out.append(entry)
    if total_cues > schema.MAX_CUES:
        ctx.at(node, f"the level has about {total_cues} cues; at most {schema.MAX_CUES}")
    return out


def parse_level(text: str, filename: str = "<level>") -> Level:
    """Validate YAML text and build a Level, or raise LevelError with every problem."""
    ctx = _Ctx(filename)
    if len(text.encode("utf-8", "surrogatepass")) > schema.MAX_FILE_BYTES:
        raise LevelError([Problem(filename, 1, 1, "the file is larger than 1 MiB")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x)
        raise LevelError([Problem(filename, line, col, f"not valid YAML: {what}")]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        raise LevelError([Problem(filename, 1, 1, f"not valid YAML: {e}")]) from None
    if root is None or not isinstance(root, MappingNode):
        ctx.at(root, "a level is a mapping with id, title, stage, tempo and intervals")
        raise LevelError(ctx.problems)
    if not _check_tree(root, ctx) or ctx.problems:
        raise LevelError(ctx.problems)

    specs = schema.level_fields()
    keys = _mapping(root, ctx, specs + (schema.FieldSpec("intervals", "string", ""),), "level")
    vals: dict[str, Any] = {}
    for spec in specs:
        if spec.key in keys:
            vals[spec.key] = _value(spec, keys[spec.key][0], ctx, "level")
        elif spec.required:
            ctx.at(root, f"level: missing required key {spec.key!r} ({spec.expected()})",
                   hint=f"{spec.key}: {spec.example}")
        else:
            vals[spec.key] = spec.default
    if "intervals" not in keys:
        ctx.at(root, "level: missing required key 'intervals' (a list of work and rest)")
        raw: list[dict] = []
    else:
        raw = _intervals(keys["intervals"][0], ctx, vals.get("stage"))
    if ctx.problems:
        raise LevelError(ctx.problems)
    if not any(r["kind"] == "work" for r in raw):
        ctx.at(keys["intervals"][0], "the level needs at least one work interval")
        raise LevelError(ctx.problems)

    bpb = vals["beats_per_bar"]
    intervals = layout_intervals(raw, bpb)
    tempo_map = build_tempo_map(vals["tempo"], bpb, intervals)
    level = Level(id=vals["id"], title=str(vals["title"]), stage=vals["stage"],
                  bpm=float(vals["tempo"]), beats_per_bar=bpb, intervals=tuple(intervals),
                  tempo_map=tempo_map, lead_in_bars=vals["lead_in_bars"],
                  author=vals["author"], description=vals["description"], source=filename,
                  content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass"))
                  .hexdigest()[:16])
    if level.duration > schema.MAX_LEVEL_SECONDS:
        raise LevelError([Problem(filename, 1, 1, f"the level lasts {level.duration:.0f} s; "
                                  f"at most {schema.MAX_LEVEL_SECONDS} s are allowed")])
    return level


def load_level(path: str | Path) -> Level:
    """Read and parse a level file; unreadable files become a LevelError too."""
    p = Path(path)
    try:
        if p.stat().st_size > schema.MAX_FILE_BYTES:
            raise LevelError([Problem(str(p), 1, 1, "the file is larger than 1 MiB")])
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise LevelError([Problem(str(p), 1, 1, f"not UTF-8 text ({e.reason})")]) from None
    except OSError as e:
        raise LevelError([Problem(str(p), 1, 1, f"cannot read the file: {e.strerror}")]) \
            from None
    return parse_level(text, str(p))


BUILTIN_DIR = Path(__file__).resolve().parents[2] / "levels"


def builtin_level_paths() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*.yaml"))
