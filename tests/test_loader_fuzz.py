"""Levels come from strangers: whatever the bytes, the loader loads or raises its own error.

Nothing else may escape: no other exception, no runaway memory or time. Whatever loads can
be linted, turned into cues and validated as data too.
"""

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import schema
from game.core.level import Level
from game.core.lint import lint_level
from game.core.loader import LevelError, builtin_level_paths, document_data, parse_level
from game.stages import get_stage

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BUILTIN = [p.read_text(encoding="utf-8") for p in builtin_level_paths()]
YAML_CHARS = "abclrLR123.|:-_ []{}&*!%@`'\"#?,>\\\n\t~0e+x"


def loads_or_refuses(text: str) -> Level | None:
    """The property: a Level, or a LevelError whose problems all have a place and a message."""
    try:
        level = parse_level(text, "fuzz.yaml")
    except LevelError as e:
        assert e.problems
        for p in e.problems:
            assert p.file == "fuzz.yaml" and p.line >= 1 and p.column >= 1 and p.message
        return None
    cues = get_stage(level.stage).build_cues(level)
    assert len(cues) <= schema.MAX_CUES
    assert level.duration <= schema.MAX_LEVEL_SECONDS
    for w in lint_level(level):
        assert w.severity == "warning" and w.line >= 1 and w.column >= 1
    return level


def data_or_refuses(text: str) -> None:
    try:
        document_data(text, "fuzz.yaml")
    except LevelError as e:
        assert e.problems


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    loads_or_refuses(text)
    data_or_refuses(text)


@FUZZ
@given(st.text(alphabet=YAML_CHARS, max_size=300))
def test_text_made_of_yaml_syntax(text):
    loads_or_refuses(text)
    data_or_refuses(text)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(alphabet=YAML_CHARS, max_size=20))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5),
    st.dictionaries(st.sampled_from(["id", "title", "stage", "tempo", "intervals", "work",
                                     "rest", "pattern", "name", "tempo_end", "x"]) | st.text(
        max_size=5), inner, max_size=6)), max_leaves=30)


@FUZZ
@given(documents)
def test_arbitrary_yaml_documents(doc):
    text = yaml.safe_dump(doc, allow_unicode=True)
    loads_or_refuses(text)
    data_or_refuses(text)


@st.composite
def mutated_builtin(draw):
    """A built-in level with a few edits of the kinds a careless (or hostile) hand makes."""
    text = draw(st.sampled_from(BUILTIN))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        op = draw(st.sampled_from(["delete", "insert", "replace", "dup_line", "drop_line",
                                   "swap_lines", "value"]))
        i = draw(st.integers(0, len(text) - 1))
        if op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 20)):]
        elif op == "insert":
            text = text[:i] + draw(st.text(alphabet=YAML_CHARS, min_size=1, max_size=8)) + text[i:]
        elif op == "replace":
            text = text[:i] + draw(st.sampled_from(YAML_CHARS)) + text[i + 1:]
        else:
            lines = text.split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(k, lines[k])
            elif op == "drop_line":
                del lines[k]
            elif op == "swap_lines":
                j = draw(st.integers(0, len(lines) - 1))
                lines[k], lines[j] = lines[j], lines[k]
            else:  # replace the value after a key with something nasty
                key, sep, _ = lines[k].partition(": ")
                if sep:
                    lines[k] = key + ": " + draw(st.sampled_from([
                        "0", "-1", "1e308", "1e999", ".nan", "-.inf", "9" * 60, "0x7fffffff",
                        "0o777", "true", "~", "", "[]", "{}", "&a x", "*a", "*zz", "!!int x",
                        "!!python/object/apply:os.system ['ls']", "!!binary aGk=", "|",
                        '"\\u0000"', "'''", "[[[[", "12121212", "400", "20", "401", "128",
                        "129", "48", "LRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLRLR",
                        '"' + "l" * 49 + '"', '"H|H|H|H"', '"|||"', '"  "',
                    ]))
            text = "\n".join(lines)
    return text


@settings(FUZZ, max_examples=300)
@given(mutated_builtin())
def test_mutations_of_builtin_levels(text):
    loads_or_refuses(text)
    data_or_refuses(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(1, 8))
def test_alias_bombs_of_any_shape_are_refused_quickly(width, depth):
    text = "a0: &a0 [" + ",".join(["x"] * width) + "]\n"
    for d in range(1, depth + 1):
        text += f"a{d}: &a{d} [" + ",".join([f"*a{d - 1}"] * width) + "]\n"
    if width ** (depth + 1) > schema.MAX_NODES:
        try:
            parse_level(text)
        except LevelError as e:
            assert "too large" in e.problems[0].message
        else:
            raise AssertionError("a bomb loaded")
    else:
        loads_or_refuses(text)


def test_every_builtin_level_survives_its_own_check():
    for text in BUILTIN:
        assert loads_or_refuses(text) is not None
