"""The JSON Schema, the docs and the loader tell one story about the level format."""

import json
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import schema
from game.core.jsonschema import (
    REFERENCE_BEGIN,
    REFERENCE_END,
    SCHEMA_PATH,
    level_schema,
    reference_markdown,
    schema_json,
)
from game.core.loader import LevelError, builtin_level_paths, document_data, parse_level
from game.stages import available_stages, get_stage

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "levels.md"


# -- a validator for the subset of draft-07 the generator emits ------------------------------

def _is_type(value, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False  # JSON has no NaN or infinity
    return kind == "number" or float(value).is_integer()


def _search(regex: str, text: str) -> bool:
    """ECMA-262 `pattern`: unanchored search where `$` is the very end of the string."""
    return re.search(re.sub(r"(?<!\\)\$$", r"\\Z", regex), text) is not None


KNOWN = {"$schema", "title", "description", "default", "examples", "type", "enum", "const",
         "minimum", "maximum", "maxLength", "pattern", "properties", "additionalProperties",
         "required", "items", "minItems", "maxItems", "contains", "allOf", "oneOf", "not",
         "if", "then"}


def errors(value, sch: dict, path: str = "$") -> list[str]:
    """Every way `value` breaks `sch` (empty when it validates)."""
    unknown = set(sch) - KNOWN
    assert not unknown, f"the test validator does not know {unknown}"
    out: list[str] = []
    if "type" in sch and not _is_type(value, sch["type"]):
        return [f"{path}: not {sch['type']}"]
    if "enum" in sch and value not in sch["enum"]:
        out.append(f"{path}: not one of {sch['enum']}")
    if "const" in sch and value != sch["const"]:
        out.append(f"{path}: not {sch['const']!r}")
    if _is_type(value, "number"):
        if "minimum" in sch and value < sch["minimum"]:
            out.append(f"{path}: below minimum")
        if "maximum" in sch and value > sch["maximum"]:
            out.append(f"{path}: above maximum")
    if isinstance(value, str):
        if "maxLength" in sch and len(value) > sch["maxLength"]:
            out.append(f"{path}: too long")
        if "pattern" in sch and not _search(sch["pattern"], value):
            out.append(f"{path}: does not match {sch['pattern']}")
    if isinstance(value, dict):
        props = sch.get("properties", {})
        for key in sch.get("required", []):
            if key not in value:
                out.append(f"{path}: missing {key}")
        for key, v in value.items():
            if key in props:
                out += errors(v, props[key], f"{path}.{key}")
            elif sch.get("additionalProperties") is False:
                out.append(f"{path}: unexpected {key}")
    if isinstance(value, list):
        if len(value) < sch.get("minItems", 0):
            out.append(f"{path}: too few items")
        if "maxItems" in sch and len(value) > sch["maxItems"]:
            out.append(f"{path}: too many items")
        if "items" in sch:
            for i, v in enumerate(value):
                out += errors(v, sch["items"], f"{path}[{i}]")
        if "contains" in sch and not any(not errors(v, sch["contains"]) for v in value):
            out.append(f"{path}: contains nothing that matches")
    for sub in sch.get("allOf", []):
        out += errors(value, sub, path)
    if "oneOf" in sch and sum(not errors(value, s, path) for s in sch["oneOf"]) != 1:
        out.append(f"{path}: not exactly one of oneOf")
    if "not" in sch and not errors(value, sch["not"], path):
        out.append(f"{path}: matches a 'not'")
    if "if" in sch and not errors(value, sch["if"], path):
        out += errors(value, sch.get("then", {}), path)
    return out


SCHEMA = level_schema()


def base_data() -> dict:
    speed_bag = next(p for p in builtin_level_paths() if p.name == "28_speed_bag_2_hard.yaml")
    return document_data(speed_bag.read_text(encoding="utf-8"))   # work, rest, work...


# -- the files are current --------------------------------------------------------------------

def test_the_committed_schema_is_exactly_what_the_specs_generate():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), \
        "run: montage schema -o docs/level.schema.json"
    assert json.loads(schema_json()) == SCHEMA


def test_the_docs_reference_is_exactly_what_the_specs_generate():
    doc = DOCS.read_text(encoding="utf-8")
    block = doc[doc.index(REFERENCE_BEGIN) + len(REFERENCE_BEGIN):doc.index(REFERENCE_END)]
    assert block.strip() == reference_markdown().strip(), \
        "run: montage schema --docs docs/levels.md"


def test_the_docs_cover_every_key_and_every_stage_symbol():
    doc = DOCS.read_text(encoding="utf-8")
    for spec in schema.level_fields() + schema.interval_fields() + (schema.intervals_field(),):
        assert f"| `{spec.key}` |" in doc
    for stage in available_stages():
        for ch in get_stage(stage).symbols:
            assert f"| `{stage}` | `{ch}` |" in doc


def test_every_complete_level_in_the_docs_loads():
    doc = DOCS.read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "\nid:" in b]
    assert len(blocks) >= 3
    for b in blocks:
        level = parse_level(b, "docs")
        assert not errors(document_data(b), SCHEMA)
        assert level.id == "morning-bag"


def test_builtin_levels_start_with_the_schema_line():
    for path in builtin_level_paths():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == SCHEMA_PATH.resolve()


# -- the schema says what the loader says -----------------------------------------------------

@pytest.mark.parametrize("path", builtin_level_paths(), ids=lambda p: p.name)
def test_every_builtin_level_validates(path):
    assert errors(document_data(path.read_text(encoding="utf-8")), SCHEMA) == []


def test_each_stage_pattern_rule_uses_that_stages_own_symbols():
    rules = {b["if"]["properties"]["stage"]["const"]:
             b["then"]["properties"]["intervals"]["items"]["then"]["properties"]["pattern"]
             ["pattern"] for b in SCHEMA["allOf"]}
    items = SCHEMA["properties"]["intervals"]["items"]["allOf"]
    own = {b["if"]["properties"]["stage"]["const"]: b["then"]["properties"]["pattern"]["pattern"]
           for b in items if "stage" in b["if"].get("properties", {})}
    assert set(rules) == set(available_stages()) == set(own)   # a remix interval: its own
    for stage, regex in rules.items():
        assert own[stage] == regex
        symbols = set(get_stage(stage).symbols)
        for ch in map(chr, range(32, 127)):
            ok = ch in symbols or ch in schema.PATTERN_SILENT
            assert _search(regex, ch) == ok, (stage, ch)


def test_the_schema_catches_what_editors_should_underline():
    for edit, expect in [
        (lambda d: d.update(tempo=900), "maximum"),
        (lambda d: d.update(colour="red"), "unexpected colour"),
        (lambda d: d.update(stage="speedbag"), "not one of"),
        (lambda d: d.update(title=1984), "not string"),
        (lambda d: d["intervals"][0].update(pattern="l.r.x.r."), "does not match"),
        (lambda d: d["intervals"][0].pop("pattern"), "missing pattern"),
        (lambda d: d["intervals"][1].update(pattern="l."), "matches a 'not'"),
        (lambda d: d["intervals"][1].update(work=2), "oneOf"),
        (lambda d: d.update(intervals=[{"rest": 2}]), "contains"),
        (lambda d: d.pop("id"), "missing id"),
    ]:
        data = base_data()
        edit(data)
        found = errors(data, SCHEMA)
        assert any(expect in e for e in found), (expect, found)


# Loader rules that tie several values together, which a JSON Schema cannot express.
CROSS_FIELD = ("bars but the interval is only", "steps; at most", "cues; at most",
               "minutes; at most")

LEVEL_KEYS = [s.key for s in schema.level_fields()] + ["intervals", "colour"]
INTERVAL_KEYS = [s.key for s in schema.interval_fields()] + ["nmae"]
values = st.one_of(
    st.none(), st.booleans(),
    st.integers(-5, 500), st.sampled_from([0, 1, 2, 4, 12, 13, 20, 40, 128, 129, 400, 401]),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([2.0, 8.0, 19.5, 400.5]),
    st.sampled_from(["", "x", "speed_bag", "meat_locker", "museum_steps", "l.r.l.r.",
                     "1.2.3...", "L.R.H...", "....", "|", "l|r|l|r|l|r|l|r|l|r|l|r|l|r",
                     "lrlrl" * 10, "Bad Id", "ok-id", "x" * 81, "a\nb", "l r\tl r"]),
    st.text(max_size=12), st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["work", "rest"]), st.integers(0, 3), max_size=2))


SPECS = {s.key: s for s in schema.level_fields() + schema.interval_fields()}


def near_the_edges(key: str) -> list:
    """Values a spec is most likely to be wrong about: its bounds, just past them, examples."""
    spec = SPECS.get(key)
    if spec is None:
        return ["x"]
    out = [spec.example, spec.default]
    if spec.minimum is not None and spec.maximum is not None:
        lo, hi = spec.minimum, spec.maximum
        out += [lo, hi, lo - 1, hi + 1, (lo + hi) / 2, float(lo), hi + 0.5, lo - 0.001]
    if spec.max_length:
        out += ["a" * spec.max_length, "a" * (spec.max_length + 1)]
    if spec.choices:
        out += list(spec.choices) + [spec.choices[0].upper()]
    if spec.regex:
        out += ["ok-id_2", "-leading", "UPPER", "t\n"]
    return [v for v in out if v is not None]


class _Quoted(yaml.SafeDumper):
    """Quote every string, so YAML 1.1 (the dumper) and 1.2 (the loader) read the same data."""


_Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                                style='"'))


@st.composite
def edited_levels(draw):
    data = document_data(draw(st.sampled_from(builtin_level_paths())).read_text("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["level", "interval"]))
        if where == "level":
            target, keys = data, LEVEL_KEYS
        else:
            if not isinstance(data.get("intervals"), list) or not data["intervals"]:
                continue
            target = draw(st.sampled_from(data["intervals"]))
            if not isinstance(target, dict):
                continue
            keys = INTERVAL_KEYS
        key = draw(st.sampled_from(keys))
        if draw(st.booleans()) and key in target:
            del target[key]
        elif draw(st.booleans()):
            target[key] = draw(values)
        else:
            target[key] = draw(st.sampled_from(near_the_edges(key)))
    return data


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_levels())
def test_the_schema_and_the_loader_agree_on_edited_levels(data):
    text = yaml.dump(data, Dumper=_Quoted, allow_unicode=True, sort_keys=False)
    assert document_data(text) == data or any(
        isinstance(v, float) and v != v for v in _leaves(data))  # NaN != NaN
    schema_ok = not errors(data, SCHEMA)
    try:
        parse_level(text, "edit.yaml")
        loader_ok, messages = True, []
    except LevelError as e:
        loader_ok, messages = False, [p.message for p in e.problems]
    if loader_ok:
        assert schema_ok, errors(data, SCHEMA)
    elif schema_ok:
        assert all(any(c in m for c in CROSS_FIELD) for m in messages), messages


def _leaves(x):
    if isinstance(x, dict):
        for v in x.values():
            yield from _leaves(v)
    elif isinstance(x, list):
        for v in x:
            yield from _leaves(v)
    else:
        yield x
