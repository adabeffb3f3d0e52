"""YAML -> Level. Safe composing only, bounded sizes, every problem with file:line:column.

Levels come from strangers, so the file is only ever *composed* into plain nodes (no tag ever
builds an object), its size, node count (aliases counted at every use) and depth are bounded
before anything is read from it, and every number is range-checked before it sizes anything.
Scalars are read with YAML 1.2 core rules, as editors do: `no`, `on` and `2024-01-01` are
strings, and only true/false are booleans.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from game.core import schema
from game.core.level import (
    AVOID,
    CHORD_OPEN,
    HOLD_ON,
    RELEASE,
    ROLL_ON,
    Level,
    Music,
    build_tempo_map,
    is_cue_token,
    layout_intervals,
    split_bars,
    token_mark,
    token_symbols,
)
from game.core.musicfile import MusicFileError, music_format, sniff
from game.core.safeio import NotRegularFile, TooLarge, read_bounded
from game.core.schema import FieldSpec

STR, INT, FLOAT, BOOL, NULL = (f"tag:yaml.org,2002:{t}" for t in
                               ("str", "int", "float", "bool", "null"))
SEQ, MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN_TAGS = {STR, INT, FLOAT, BOOL, NULL}

_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_BOOL_RE = re.compile(r"true|True|TRUE|false|False|FALSE")
_NULL_RE = re.compile(r"~|null|Null|NULL|")


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: what yaml-language-server and most editors assume."""


_CoreResolver.add_implicit_resolver(BOOL, re.compile(f"^(?:{_BOOL_RE.pattern})$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(INT, re.compile(f"^(?:{_INT_RE.pattern})$"),
                                    list("-+0123456789"))
_CoreResolver.add_implicit_resolver(FLOAT, re.compile(f"^(?:{_FLOAT_RE.pattern})$"),
                                    list("-+0123456789."))
_CoreResolver.add_implicit_resolver(NULL, re.compile(f"^(?:{_NULL_RE.pattern})$"),
                                    ["~", "n", "N", ""])


class _OverLimit(yaml.YAMLError):
    """Composing stopped at a size bound, before the document could cost more."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


TOO_LARGE = (f"the document is too large (more than {schema.MAX_NODES} values, counting "
             "every alias use)")
TOO_LARGE_HINT = "aliases (*name) that repeat aliases multiply quickly"
TOO_DEEP = f"nesting deeper than {schema.MAX_DEPTH} levels"
TOO_DEEP_HINT = ("a level is a mapping of values and one list of intervals; an anchor used "
                 "inside itself nests forever")


class YamlLoader(Reader, Scanner, Parser, Composer, _CoreResolver):
    """Reads YAML into events or nodes only: there is no constructor, so no tag can run code.

    Composing counts nodes and nesting as it goes, so a hostile file stops costing time and
    memory at the bound instead of after it is fully built.
    """

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self.node_count += 1
        if self.node_count > schema.MAX_NODES:
            raise _OverLimit(self.peek_event().start_mark, TOO_LARGE, TOO_LARGE_HINT)
        self.depth += 1
        try:
            if self.depth > schema.MAX_DEPTH + 1:
                raise _OverLimit(self.peek_event().start_mark, TOO_DEEP, TOO_DEEP_HINT)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass(frozen=True)
class Problem:
    file: str
    line: int      # 1-based
    column: int    # 1-based
    message: str
    severity: str = "error"
    hint: str = ""

    def __str__(self) -> str:
        sev = "warning: " if self.severity == "warning" else "error: "
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.column}: {sev}{self.message}{hint}"


class LevelError(Exception):
    """A level that cannot be played; `problems` lists every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


Mark = tuple[int, int]  # (line, column), 1-based


class _Ctx:
    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.text = text
        self.problems: list[Problem] = []
        self.nodes = 0
        self.marks: dict[str, Mark] = {}
        self.suggested: set[str] = set()  # keys a misspelling was matched to

    def at(self, node: Node | None, message: str, hint: str = "", offset: int = 0) -> None:
        line, col = mark_of(node) if node is not None else (1, 1)
        self.problems.append(Problem(self.filename, line, col + offset, message, hint=hint))

    def mark(self, name: str, node: Node) -> None:
        self.marks[name] = mark_of(node)


def mark_of(node: Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


# -- scalars --------------------------------------------------------------------------------

_BAD = object()  # a scalar whose explicit tag does not fit its text, e.g. `!!int "ten"`


def _scalar(node: ScalarNode) -> Any:
    """The value of a plain-tagged scalar under YAML 1.2 core rules, or _BAD."""
    text, tag = node.value, node.tag
    if tag == STR:
        return text
    if tag == NULL:
        return None if _NULL_RE.fullmatch(text) else _BAD
    if tag == BOOL:
        return text.lower() == "true" if _BOOL_RE.fullmatch(text) else _BAD
    if len(text) > schema.MAX_NUMBER_DIGITS:
        return _BAD
    if tag == INT:
        if not _INT_RE.fullmatch(text):
            return _BAD
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    if tag == FLOAT and _FLOAT_RE.fullmatch(text):
        low = text.lower()
        return float(low.replace(".inf", "inf").replace(".nan", "nan"))
    return _BAD


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return "a number" if isinstance(value, int | float) else "a string"


# -- reading the document -------------------------------------------------------------------

_YAML_HINTS = (
    ("'\\t'", "indent with spaces; YAML does not allow tabs there"),
    ("mapping values are not allowed", "a value that contains ': ' must be in quotes"),
    ("undefined alias", "define the anchor (&name) before its first use (*name)"),
    ("expected a single document", "a level file holds one document: remove the '---' line"),
    ("duplicate anchor", "give each anchor (&name) its own name"),
    ("end of stream", "a quote or bracket is not closed"),
    ("quoted scalar", "a quote is not closed, or a '\\' escape is not valid"),
    ("block end", "check this line's indentation against the lines above it"),
    ("simple key", "a key needs ': ' after it, on one line"),
    ("expected ',' or ']'", "a '[' list is not closed"),
    ("expected ',' or '}'", "a '{' mapping is not closed"),
)


INDENT_HINT = ("this line is indented further than the key above it: line it up with "
               "that key, or give that key no value on its own line")


def _yaml_hint(message: str, text: str = "", mark: yaml.Mark | None = None) -> str:
    if "mapping values are not allowed" in message and mark is not None:
        lines = text.splitlines()
        before = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
        if ": " not in before and not before.lstrip().startswith(("'", '"')):
            return INDENT_HINT  # the first ': ' on its line: a key, indented too far
    for needle, hint in _YAML_HINTS:
        if needle in message:
            return hint
    return "check the indentation and quotes on this line and the one before"


def _line_col(text: str, index: int) -> Mark:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def compose_document(text: str, filename: str = "<level>") -> Node | None:
    """Parse YAML text into one node tree, bounded; LevelError for anything unreadable."""
    if len(text.encode("utf-8", "surrogatepass")) > schema.MAX_FILE_BYTES:
        raise LevelError([Problem(filename, 1, 1, "the file is larger than 1 MiB",
                                  hint="a level is a few kilobytes: split it into several")])
    try:
        root = yaml.compose(text, Loader=YamlLoader)
    except _OverLimit as e:
        raise LevelError([Problem(filename, e.mark.line + 1, e.mark.column + 1, e.message,
                                  hint=e.hint)]) from None
    except yaml.MarkedYAMLError as e:
        unclosed = "end of stream" in (e.problem or "") and e.context_mark is not None
        mark = e.context_mark if unclosed else e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x)
        raise LevelError([Problem(filename, line, col, f"not valid YAML: {what}",
                                  hint=_yaml_hint(what, text, mark))]) from None
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        raise LevelError([Problem(filename, line, col,
                                  f"the control character U+{e.character:04X} is not "
                                  "allowed in YAML",
                                  hint="remove control characters from the file")]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        raise LevelError([Problem(filename, 1, 1, f"not valid YAML: {e}",
                                  hint=_yaml_hint(str(e)))]) from None
    ctx = _Ctx(filename, text)
    if root is not None and not _check_tree(root, ctx):
        raise LevelError(ctx.problems)
    if ctx.problems:
        raise LevelError(ctx.problems)
    return root


def document_data(text: str, filename: str = "<level>") -> Any:
    """The document as plain Python data (dict, list, str, int, float, bool, None), read
    with the loader's own scalar rules: what the JSON Schema sees. LevelError if unreadable.
    """
    def data(node: Node) -> Any:
        if isinstance(node, SequenceNode):
            return [data(n) for n in node.value]
        if isinstance(node, MappingNode):
            return {data(k): data(v) for k, v in node.value}
        value = _scalar(node)
        if value is _BAD:
            line, col = mark_of(node)
            raise LevelError([Problem(filename, line, col,
                                      f"{node.value[:20]!r} is not a value YAML can read",
                                      hint="remove its '!!' tag or fix the value")])
        return value

    root = compose_document(text, filename)
    try:
        return None if root is None else data(root)
    except TypeError:  # a list or mapping used as a key
        raise LevelError([Problem(filename, 1, 1, "a list or mapping is used as a key",
                                  hint="keys are plain words")]) from None


def _check_tree(node: Node, ctx: _Ctx, depth: int = 0) -> bool:
    """Bound the document's size (aliases count every time they are used) and its tags."""
    ctx.nodes += 1
    if ctx.nodes > schema.MAX_NODES:
        ctx.at(node, TOO_LARGE, hint=TOO_LARGE_HINT)
        return False
    if depth > schema.MAX_DEPTH:
        ctx.at(node, TOO_DEEP, hint=TOO_DEEP_HINT)
        return False
    allowed = _PLAIN_TAGS if isinstance(node, ScalarNode) else (
        {SEQ} if isinstance(node, SequenceNode) else {MAP})
    if node.tag not in allowed:
        ctx.at(node, f"tag {node.tag!r} is not allowed: levels are plain data",
               hint="remove the '!' tag")
    if isinstance(node, SequenceNode):
        return all(_check_tree(child, ctx, depth + 1) for child in node.value)
    if isinstance(node, MappingNode):
        return all(_check_tree(k, ctx, depth + 1) and _check_tree(v, ctx, depth + 1)
                   for k, v in node.value)
    return True


# -- checking values ------------------------------------------------------------------------

def _mapping(node: MappingNode, ctx: _Ctx, specs: tuple[FieldSpec, ...], where: str
             ) -> dict[str, tuple[Node, ScalarNode]]:
    """Known keys of a mapping -> (value node, key node); unknown and repeated keys reported."""
    known = {s.key for s in specs}
    out: dict[str, tuple[Node, ScalarNode]] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, ScalarNode):
            ctx.at(knode, f"{where}: keys must be plain words",
                   hint="expected one of " + ", ".join(sorted(known)))
            continue
        key = str(knode.value)
        if key in out:
            ctx.at(knode, f"{where}: key {key!r} is given twice",
                   hint=f"keep one; the first is on line {mark_of(out[key][1])[0]}")
            continue
        if key == "<<":
            ctx.at(knode, f"{where}: merge keys ('<<') are not supported",
                   hint="write the keys out; anchors and aliases of single values are fine")
            continue
        if key not in known and where == "level" and key in _INTERVAL_KEYS:
            ctx.suggested.add(key)
            ctx.at(knode, f"{where}: {key!r} belongs to an interval, not the level",
                   hint=f"move it under one of the intervals, indented like its "
                        f"'pattern:' line (e.g. '    {key}: ...')")
            continue
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            ctx.suggested.update(close)
            ctx.at(knode, f"{where}: unknown key {key!r}",
                   hint=f"did you mean {close[0]!r}?" if close else
                   "expected one of " + ", ".join(sorted(known)))
            continue
        out[key] = (vnode, knode)
    return out


_INTERVAL_KEYS = frozenset({"work", "rest", "pattern", "tempo_end"})


def _value(spec: FieldSpec, vnode: Node, ctx: _Ctx, where: str) -> Any:
    """Check one value against its spec; return it, or None after reporting."""
    what = f"{where}: {spec.key!r} must be {spec.expected()}"
    hint = f"for example {spec.example_line()}"
    if not isinstance(vnode, ScalarNode):
        shape = "a list" if isinstance(vnode, SequenceNode) else "a mapping"
        ctx.at(vnode, f"{what}, not {shape}", hint=hint)
        return None
    value = _scalar(vnode)
    if value is _BAD:
        text = vnode.value
        if len(text) > schema.MAX_NUMBER_DIGITS:  # quote its start, marked as cut
            why = (f"{text[:10] + '...'!r} ({len(text)} characters) is longer than "
                   f"{schema.MAX_NUMBER_DIGITS}")
        else:
            why = f"{text[:20] + ('...' if len(text) > 20 else '')!r} is not a value YAML can read"
        ctx.at(vnode, f"{where}: {spec.key!r} must be {spec.expected()}; {why}", hint=hint)
        return None
    if spec.type == "string":
        if not isinstance(value, str):
            got = _kind(value)
            if value is None:
                ctx.at(vnode, f"{what}; it is empty", hint=hint)
            else:
                ctx.at(vnode, f"{what}; YAML reads {vnode.value} as {got}",
                       hint=f'put it in quotes: {spec.key}: "{vnode.value}"')
            return None
        if spec.max_length and len(value) > spec.max_length:
            ctx.at(vnode, f"{what}; this one has {len(value)}", hint="shorten it")
            return None
        if spec.regex and not re.fullmatch(spec.regex, value):
            ctx.at(vnode, f"{what} matching {spec.regex}", hint=f"{spec.doc} {hint}")
            return None
        if spec.choices is not None and value not in spec.choices:
            close = difflib.get_close_matches(value, spec.choices, n=1)
            ctx.at(vnode, f"{what}, not {value!r}",
                   hint=f"did you mean {close[0]!r}?" if close else hint)
            return None
        return value
    if spec.type == "boolean":
        if not isinstance(value, bool):
            ctx.at(vnode, what, hint=hint)
            return None
        return value
    if isinstance(value, float) and spec.type == "integer" and value.is_integer():
        value = int(value)  # 8.0 is a whole number, as in JSON Schema
    ok_types = (int,) if spec.type == "integer" else (int, float)
    if isinstance(value, bool) or not isinstance(value, ok_types) or value != value:
        got = repr(value) if isinstance(value, str) else vnode.value or "empty"
        ctx.at(vnode, f"{what}, not {got}", hint=hint)
        return None
    if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum):
        ctx.at(vnode, f"{what}, got {vnode.value}", hint=hint)
        return None
    return value


def _pattern_column_base(node: ScalarNode, text: str) -> int | None:
    """Column offset of the pattern's first character, when source and value line up."""
    if node.start_mark.line != node.end_mark.line or node.style in ("|", ">"):
        return None
    source = text[node.start_mark.index:node.end_mark.index]
    if node.style in ("'", '"'):
        if "\\" in source or "''" in source:
            return None
        return 1
    return 0 if source == node.value else None


_MAX_SYMBOL_REPORTS = 8


def symbols_hint(stage: str) -> str:
    """`l = left fist, r = right fist, ...`: what a stage's pattern characters mean."""
    from game.core.stage import stage_info as get_stage
    syms = get_stage(stage).symbols
    return (f"{stage} steps: " + ", ".join(f"{k} = {s.doc or s.action}" for k, s in syms.items())
            + "; '.' is a silent step, '|' ends a bar; l=== holds, l==^ lifts, r~~~ rolls, "
              "[lr] is a chord, !l is a step to avoid")


def _check_pattern(pattern: str, node: ScalarNode, bars: int, stage: str | None,
                   ctx: _Ctx, where: str) -> int:
    """Validate a pattern's symbols and shape; returns exactly how many cues it makes."""
    from game.core.stage import stage_info as get_stage
    symbols = get_stage(stage).symbols if stage else None
    base = _pattern_column_base(node, ctx.text)

    def at(pos: int, message: str, hint: str) -> None:
        ctx.at(node, message, hint=hint, offset=base + pos if base is not None else 0)

    reports = 0
    for pos, ch in enumerate(pattern):
        if ch.isspace() and ch not in schema.PATTERN_SPACES:
            reports += 1
            if reports <= _MAX_SYMBOL_REPORTS:
                at(pos, f"{where}: the character {ch!r} is not allowed in a pattern",
                   "use plain spaces to group steps")
    split = split_bars(pattern)
    if not split:
        ctx.at(node, f"{where}: 'pattern' has no steps", hint="for example pattern: " + (
            get_stage(stage).example_pattern if stage else "l.r.l.r."))
        return 0
    per_bar: list[int] = []
    prev = ""   # the token before, across bar lines: continuations extend what it started
    for bar in split:
        if len(bar) > schema.MAX_STEPS_PER_BAR:
            at(bar[0][1], f"{where}: a bar has {len(bar)} steps; at most "
                          f"{schema.MAX_STEPS_PER_BAR} are allowed",
               "split it into two bars with '|'")
        count = 0
        for tok, pos in bar:
            problem = _token_problem(tok, prev, symbols, stage)
            if problem is not None:
                reports += 1
                if reports <= _MAX_SYMBOL_REPORTS:
                    at(pos, f"{where}: {problem[0]}", problem[1])
            else:
                count += is_cue_token(tok) + (token_mark(tok) == RELEASE)
            prev = _carry(tok, prev)
        per_bar.append(count)
    if reports > _MAX_SYMBOL_REPORTS:
        ctx.at(node, f"{where}: {reports - _MAX_SYMBOL_REPORTS} more characters in this "
                     "pattern are not steps", hint=symbols_hint(stage) if stage else "")
    if len(split) > bars:
        ctx.at(node, f"{where}: the pattern has {len(split)} bars but the interval is only "
                     f"{bars} bar{'s' if bars != 1 else ''} long",
               hint="lengthen the interval or shorten the pattern")
    return sum(per_bar[b % len(per_bar)] for b in range(bars))


def _carry(tok: str, prev: str) -> str:
    """What a continuation after `tok` would continue: a hold, a roll, or nothing."""
    mark = token_mark(tok)
    if mark in (HOLD_ON, ROLL_ON):
        return mark
    if mark == RELEASE or not is_cue_token(tok):
        return ""
    return "cue"


def _token_problem(tok: str, prev: str, symbols: Mapping[str, Any] | None,
                   stage: str | None) -> tuple[str, str] | None:
    """(message, hint) for a step that is not a step of this stage's grammar."""
    hint = symbols_hint(stage) if stage else ""
    if tok in schema.PATTERN_SILENT:
        return None
    mark = token_mark(tok)
    if tok.startswith(CHORD_OPEN) and mark:
        if mark == ROLL_ON:
            return ("a roll '~' cannot sit inside a chord", "write r~~~ on its own steps")
        if prev not in (("cue", HOLD_ON) if mark == HOLD_ON else (HOLD_ON,)):
            return (f"{tok} carries a hold ('{mark}'), but no hold comes before it",
                    "start the hold first, e.g. l=[=r]= holds l while r taps")
        tok = CHORD_OPEN + token_symbols(tok) + "]" if token_symbols(tok) else ""
        if not tok:
            return None
        if len(token_symbols(tok)) == 1:
            tok = token_symbols(tok)
    if tok == HOLD_ON:
        if prev not in ("cue", HOLD_ON):
            return ("'=' holds the step before it, but there is no cue to hold",
                    "write the cue first, e.g. 'l===' holds l for four steps")
        return None
    if tok == ROLL_ON:
        if prev not in ("cue", ROLL_ON):
            return ("'~' extends a roll, but there is no cue before it to roll",
                    "write the cue first, e.g. 'r~~~' is a roll of four presses")
        return None
    if tok == RELEASE:
        if prev != HOLD_ON:
            return ("'^' is the lift at the end of a hold, but no hold comes before it",
                    "write a hold first, e.g. 'l==^' lets go of l on the fourth step")
        return None
    if tok == CHORD_OPEN:
        return ("'[' opens a chord that is never closed in this bar",
                "close it with ']', e.g. [lr]")
    if tok.startswith(AVOID) and len(tok) < 2:
        return ("'!' marks a step to avoid, but no symbol follows it", "e.g. !l")
    syms = token_symbols(tok)
    if tok.startswith(CHORD_OPEN) and len(set(syms)) < 2:
        return (f"the chord {tok} needs two or more different symbols", "e.g. [lr]")
    if symbols is None:
        return None
    bad = [c for c in syms if c not in symbols]
    if bad:
        ch = bad[0]
        if ch == "]":
            return ("']' closes a chord that was never opened", "open it with '[', e.g. [lr]")
        return (f"{ch!r} is not a step of stage {stage!r}; expected one of "
                f"{''.join(symbols)} or '.' for silence", hint)
    return None


def _intervals(node: Node, ctx: _Ctx, stage: str | None) -> list[dict]:
    example = "- work: 8  then  pattern: l.r.l.r.  on the next line"
    if isinstance(node, SequenceNode) and not node.value:
        ctx.at(node, "'intervals' is empty: a level needs at least one work interval",
               hint=example)
        return []
    if not isinstance(node, SequenceNode):
        ctx.at(node, "'intervals' must be a list of work and rest intervals", hint=example)
        return []
    if len(node.value) > schema.MAX_INTERVALS:
        ctx.at(node, f"at most {schema.MAX_INTERVALS} intervals are allowed; "
                     f"this level has {len(node.value)}",
               hint="longer intervals repeat their pattern: use fewer, longer ones")
        return []
    specs = schema.interval_fields()
    by_key = {s.key: s for s in specs}
    out: list[dict] = []
    total_cues = 0
    skipped = False
    for n, item in enumerate(node.value, start=1):
        where = f"interval {n}"
        if not isinstance(item, MappingNode):
            ctx.at(item, f"{where} must be a mapping such as 'work: 8' or 'rest: 4'",
                   hint=example)
            skipped = True
            continue
        ctx.mark(f"interval:{n - 1}", item)
        keys = _mapping(item, ctx, specs, where)
        kinds = [k for k in ("work", "rest") if k in keys]
        if len(kinds) != 1:
            ctx.at(item, f"{where} needs exactly one of 'work: BARS' or 'rest: BARS'"
                         + (", not both" if kinds else ""),
                   hint="an interval is either work (with a pattern) or rest")
            skipped = True
            continue
        kind = kinds[0]
        vals = {k: _value(by_key[k], v[0], ctx, where) for k, v in keys.items()}
        for k, (vnode, _knode) in keys.items():
            ctx.mark(f"interval:{n - 1}.{k}", vnode)
        bars = vals[kind]
        entry: dict[str, Any] = {"kind": kind, "bars": bars or 1, "line": mark_of(item)[0]}
        for k in ("tempo", "tempo_end", "name", "stage"):
            if vals.get(k) is not None:
                entry[k] = vals[k]
        iv_stage = vals.get("stage") or stage
        if kind == "work":
            if "pattern" not in keys:
                ctx.at(item, f"{where}: a work interval needs a 'pattern'",
                       hint="for example pattern: " + (
                           _example_pattern(iv_stage) if iv_stage else "l.r.l.r."))
            elif vals["pattern"] is not None and bars is not None:
                pnode = keys["pattern"][0]
                assert isinstance(pnode, ScalarNode)
                total_cues += _check_pattern(vals["pattern"], pnode, bars, iv_stage, ctx, where)
                entry["pattern"] = vals["pattern"]
        elif "pattern" in keys:
            ctx.at(keys["pattern"][1], f"{where}: a rest interval has no 'pattern'",
                   hint="rests are for breathing; make it 'work' to give it steps")
        out.append(entry)
    if total_cues > schema.MAX_CUES:
        ctx.at(node, f"the level has {total_cues} cues; at most {schema.MAX_CUES} are allowed",
               hint="shorten the work intervals or thin out their patterns")
    if not skipped and not any(r["kind"] == "work" for r in out):
        ctx.at(node, "the level needs at least one work interval",
               hint="add '- work: 8' with a pattern")
    return out


def _example_pattern(stage: str) -> str:
    from game.core.stage import stage_info as get_stage
    return get_stage(stage).example_pattern


# -- the level ------------------------------------------------------------------------------

def _stage_keys(root: MappingNode) -> tuple[FieldSpec, ...]:
    """The level keys the named stage adds (none when the stage is missing or unknown)."""
    from game.core.stage import stage_book
    for knode, vnode in root.value:
        if isinstance(knode, ScalarNode) and knode.value == "stage" and \
                isinstance(vnode, ScalarNode):
            info = stage_book().get(str(vnode.value))
            return tuple(info.level_keys) if info is not None else ()
    return ()


def _music(vals: dict[str, Any], keys: dict, ctx: _Ctx, folder: Path) -> Music | None:
    """The level's own music file, checked where the level names it: inside the level's
    folder, a regular file of a format the game plays, within the size and length bounds."""
    name = vals.get("music")
    if not name:
        return None
    node = keys["music"][0]
    line, col = mark_of(node)
    try:
        target = resolve_inside(folder, name, ctx.filename, line, col, example="song.ogg")
    except LevelError as e:
        ctx.problems.extend(e.problems)
        return None
    hint = "put an .ogg, .wav or .flac file next to the level and name it, e.g. music: song.ogg"
    if music_format(name) is None:
        ctx.at(node, f"level: 'music' must name an .ogg, .wav or .flac file, not {name!r}",
               hint=hint)
        return None
    if not target.exists():
        ctx.at(node, f"level: the music file {name!r} is not in the level's folder",
               hint=f"put it in {folder.resolve()} or fix the name (names are case-sensitive)")
        return None
    try:
        sniff(target, name)
    except MusicFileError as e:
        ctx.at(node, f"level: the music file {name!r} {e}", hint=hint)
        return None
    return Music(str(target), name, float(vals.get("offset_ms") or 0.0))


def parse_level(text: str, filename: str = "<level>", folder: str | Path | None = None
                ) -> Level:
    """Validate YAML text and build a Level, or raise LevelError with every problem.

    Files the level names (`music:`) are looked for in `folder` (default: the file's own).

    `Level.extra["marks"]` maps "tempo", "intervals", "interval:I" and "interval:I.KEY" to
    the (line, column) of that value, for warnings (game.core.lint) and editors.
    """
    root = compose_document(text, filename)
    ctx = _Ctx(filename, text)
    if root is None or not isinstance(root, MappingNode):
        ctx.at(root, "a level is a mapping with id, title, stage, tempo and intervals",
               hint="start from `montage new NAME`")
        raise LevelError(ctx.problems)

    specs = schema.level_fields()
    own = _stage_keys(root)
    keys = _mapping(root, ctx, specs + own + (schema.intervals_field(),), "level")
    vals: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for spec in own:   # the stage's own keys (its descriptor's schema)
        if spec.key in keys:
            ctx.mark(spec.key, keys[spec.key][0])
            options[spec.key] = _value(spec, keys[spec.key][0], ctx, "level")
        elif spec.default is not None:
            options[spec.key] = spec.default
    for spec in specs:
        if spec.key in keys:
            vnode = keys[spec.key][0]
            ctx.mark(spec.key, vnode)
            vals[spec.key] = _value(spec, vnode, ctx, "level")
        elif spec.required and spec.key not in ctx.suggested:
            ctx.at(root, f"level: missing required key {spec.key!r} ({spec.expected()})",
                   hint=f"add a line {spec.example_line()}")
        else:
            vals[spec.key] = spec.default
    raw: list[dict] = []
    if "intervals" in keys:
        ctx.mark("intervals", keys["intervals"][1])
        raw = _intervals(keys["intervals"][0], ctx, vals.get("stage"))
    elif "intervals" not in ctx.suggested:
        ctx.at(root, "level: missing required key 'intervals' (a list of work and rest)",
               hint="add 'intervals:' and under it '- work: 8' with a pattern")
    music = _music(vals, keys, ctx, Path(folder) if folder is not None else
                   Path(filename).parent)
    if ctx.problems:
        raise LevelError(sorted(ctx.problems, key=lambda p: (p.line, p.column)))

    bpb = vals["beats_per_bar"]
    intervals = layout_intervals(raw, bpb)
    tempo_map = build_tempo_map(vals["tempo"], bpb, intervals)
    level = Level(id=vals["id"], title=vals["title"], stage=vals["stage"],
                  bpm=float(vals["tempo"]), beats_per_bar=bpb, intervals=tuple(intervals),
                  tempo_map=tempo_map, lead_in_bars=vals["lead_in_bars"],
                  author=vals["author"], description=vals["description"], source=filename,
                  content_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass"))
                  .hexdigest()[:16], extra={"marks": dict(ctx.marks)}, options=options,
                  music=music)
    if level.duration > schema.MAX_LEVEL_SECONDS:
        line, col = ctx.marks["intervals"]
        minutes = schema.MAX_LEVEL_SECONDS // 60
        raise LevelError([Problem(filename, line, col,
                                  f"the level lasts {level.duration / 60:.1f} minutes; at most "
                                  f"{minutes} are allowed",
                                  hint="shorten the intervals or raise the tempo")])
    return level


def load_level(path: str | Path) -> Level:
    """Read and parse a level file; unreadable files become a LevelError too.

    Only a regular file is read, and never more than the size bound: a FIFO would block
    the game and a link to /dev/zero would never end."""
    p = Path(path)
    try:
        data = read_bounded(p, schema.MAX_FILE_BYTES)
        text = data.decode("utf-8")
    except TooLarge:
        raise LevelError([Problem(str(p), 1, 1, "the file is larger than 1 MiB",
                                  hint="a level is a few kilobytes: split it")]) from None
    except NotRegularFile as e:
        why = str(e).split(": ", 1)[-1]
        raise LevelError([Problem(str(p), 1, 1, f"cannot read the file: {why}",
                                  hint="a level is a .yaml text file")]) from None
    except UnicodeDecodeError as e:
        line, col = _line_col(data.decode("utf-8", "replace"), e.start)
        raise LevelError([Problem(str(p), line, col, f"not UTF-8 text ({e.reason})",
                                  hint="save the file as UTF-8")]) from None
    except OSError as e:
        raise LevelError([Problem(str(p), 1, 1,
                                  f"cannot read the file: {e.strerror or e}",
                                  hint="check the path and the file's permissions")]) from None
    return parse_level(text, str(p))


def resolve_inside(level_dir: str | Path, relative: str, filename: str = "<level>",
                   line: int = 1, column: int = 1, example: str = "backdrop.png") -> Path:
    """The file a level names, refused (LevelError) unless it stays inside the level's folder.

    For path-valued keys (a backdrop image, a sample): absolute paths, drive letters, '..'
    and symlinks that lead out of the folder are all refused.
    """
    def refuse(why: str) -> LevelError:
        return LevelError([Problem(filename, line, column, f"the path {relative!r} {why}",
                                   hint="put the file next to the level and name it, "
                                        f"e.g. {example!r}")])

    if not isinstance(relative, str) or not relative.strip() or "\0" in relative:
        raise refuse("is not a file name")
    if len(relative) > 255:
        raise refuse("is too long")
    posix = relative.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(relative).drive \
            or PureWindowsPath(relative).is_absolute():
        raise refuse("is absolute; paths in a level are relative to its folder")
    if ".." in PurePosixPath(posix).parts:
        raise refuse("leaves the level's folder ('..' is not allowed)")
    base = Path(level_dir).resolve()
    target = (base / posix).resolve()
    if not target.is_relative_to(base):
        raise refuse("leaves the level's folder through a link")
    return target


BUILTIN_DIR = Path(__file__).resolve().parents[2] / "levels"


def builtin_level_paths() -> list[Path]:
    """The campaign's files in campaign order: sorted by their path under levels/, so
    chapters may be folders (`1_city/10_rail_yard_1_intro.yaml`)."""
    return sorted(BUILTIN_DIR.rglob("*.yaml"), key=lambda p: p.relative_to(BUILTIN_DIR).parts)


def campaign_key(source: str) -> tuple[str, ...]:
    """Where a level file sorts in the campaign: its path under levels/ (else its name)."""
    p = Path(source)
    try:
        return p.resolve().relative_to(BUILTIN_DIR).parts
    except (ValueError, OSError):
        return (p.name,)
