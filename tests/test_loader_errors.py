"""Broken level files: every problem at its exact line:column, with a hint, all at once."""

import os

import pytest

from game.core import schema
from game.core.loader import LevelError, load_level, parse_level, resolve_inside

GOOD = """\
id: t
title: T
stage: speed_bag
tempo: 100
intervals:
  - work: 2
    pattern: "l.r.l.r."
  - rest: 1
"""


def problems(text: str) -> list:
    with pytest.raises(LevelError) as info:
        parse_level(text, "f.yaml")
    assert info.value.problems, "a LevelError always lists its problems"
    return info.value.problems


def where(text: str) -> list[tuple[int, int]]:
    return [(p.line, p.column) for p in problems(text)]


def one(text: str):
    found = problems(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_the_base_level_loads():
    level = parse_level(GOOD)
    assert [iv.kind for iv in level.intervals] == ["work", "rest"]


# (name, text, expected (line, column), words the message must contain)
CASES = [
    ("tempo out of range", GOOD.replace("tempo: 100", "tempo: 900"), (4, 8), ["tempo", "400"]),
    ("misspelt top key", GOOD.replace("title: T", "titel: T"), (2, 1), ["titel"]),
    ("misspelt intervals key", GOOD.replace("intervals:", "intervls:"), (5, 1), ["intervls"]),
    ("misspelt interval key", GOOD.replace("  - rest: 1\n", "  - rest: 1\n    nmae: x\n"),
     (9, 5), ["nmae"]),
    ("bad step, quoted", GOOD.replace('"l.r.l.r."', '"l.r.x.r."'), (7, 19), ["'x'"]),
    ("bad step, plain", GOOD.replace('"l.r.l.r."', "l.r.lxr."), (7, 19), ["'x'"]),
    ("unknown stage", GOOD.replace("speed_bag", "speedbag"), (3, 8), ["stage"]),
    ("title read as a number", GOOD.replace("title: T", "title: 1984"), (2, 8), ["number"]),
    ("pattern read as a number", GOOD.replace('"l.r.l.r."', "1234"), (7, 14), ["pattern"]),
    ("fractional bars", GOOD.replace("work: 2", "work: 2.5"), (6, 11), ["whole number"]),
    ("duplicate key", GOOD.replace("tempo: 100\n", "tempo: 100\ntempo: 110\n"), (5, 1),
     ["twice"]),
    ("work and rest", GOOD.replace("  - rest: 1\n", "  - rest: 1\n    work: 1\n"), (8, 5),
     ["exactly one"]),
    ("rest with a pattern", GOOD.replace("  - rest: 1\n", "  - rest: 1\n    pattern: l.\n"),
     (9, 5), ["rest"]),
    ("work without a pattern", GOOD.replace('    pattern: "l.r.l.r."\n', ""), (6, 5),
     ["needs a 'pattern'"]),
    ("pattern longer than interval", GOOD.replace('"l.r.l.r."', '"l.|r.|l."'), (7, 14),
     ["3 bars", "2 bars"]),
    ("too many steps in a bar", GOOD.replace('"l.r.l.r."', '"l.r.|' + "l" * 49 + '"'),
     (7, 20), ["49 steps"]),
    ("only rests", GOOD.replace('  - work: 2\n    pattern: "l.r.l.r."\n', ""), (6, 3),
     ["work interval"]),
    ("intervals not a list", GOOD.split("intervals:")[0] + "intervals: 4\n", (5, 12),
     ["list"]),
    ("python tag", GOOD.replace("title: T", "title: !!python/object:os.system T"), (2, 8),
     ["tag"]),
    ("custom tag", GOOD.replace("tempo: 100", "tempo: !fast 100"), (4, 8), ["tag"]),
    ("merge key", GOOD.replace("  - rest: 1\n", "  - rest: 1\n    <<: {name: x}\n"), (9, 5),
     ["merge"]),
    ("tab indentation", GOOD.replace("    pattern", "\tpattern"), (7, 1), ["YAML"]),
    ("unclosed quote", GOOD.replace('"l.r.l.r."', '"l.r.l.r.'), (7, 14), ["YAML"]),
    ("second document", GOOD + "---\nid: u\n", (9, 1), ["document"]),
    ("not a mapping", "- just\n- a list\n", (1, 1), ["mapping"]),
    ("odd whitespace in a pattern", GOOD.replace('"l.r.l.r."', '"l.r.\u00a0l.r."'), (7, 19),
     ["not allowed"]),
    ("control character", GOOD.replace("title: T", "title: T\x07"), (2, 9), ["control"]),
    ("recursive alias", GOOD + "x: &a [*a]\n", (9, 4), ["nesting"]),
    ("over-long numeral", GOOD.replace("tempo: 100", "tempo: " + "9" * 5000), (4, 8),
     ["characters"]),
    ("explicit tag that does not fit", GOOD.replace("tempo: 100", "tempo: !!int ten"),
     (4, 8), ["ten"]),
    ("id with a newline escape", GOOD.replace("id: t", 'id: "t\\n"'), (1, 5), ["id"]),
]


@pytest.mark.parametrize("name,text,at,words", CASES, ids=[c[0] for c in CASES])
def test_each_broken_file_is_reported_at_the_exact_spot(name, text, at, words):
    p = one(text)
    assert (p.line, p.column) == at, str(p)
    for w in words:
        assert w in p.message, str(p)
    assert p.hint, f"every error carries a hint: {p}"
    assert str(p).startswith(f"f.yaml:{at[0]}:{at[1]}: ")


def test_missing_required_keys_are_all_reported_with_the_line_to_add():
    text = "format: 1\nintervals:\n  - work: 1\n    pattern: l.\n"
    found = problems(text)
    messages = " ".join(p.message for p in found)
    for key in ("id", "title", "stage", "tempo"):
        assert f"missing required key {key!r}" in messages
    assert any("tempo: 100" in p.hint for p in found)


def test_every_problem_in_a_file_is_reported_at_once():
    text = ("id: Bad Id\ntitle: T\nstage: speed_bag\ntempo: 10\nintervals:\n"
            "  - work: 2\n    pattern: \"l.r.z.r.\"\n  - rest: 2\n    colour: red\n")
    assert where(text) == [(1, 5), (4, 8), (7, 19), (9, 5)]


def test_misspelt_key_hint_names_the_right_key():
    p = one(GOOD.replace("  - rest: 1\n", "  - rest: 1\n    tempo_ned: 90\n"))
    assert "'tempo_end'" in p.hint


def test_bad_step_hint_explains_the_stage_symbols():
    p = one(GOOD.replace('"l.r.l.r."', '"l.r.k.r."'))
    assert "l = left fist" in p.hint and "r = right fist" in p.hint


def test_a_flood_of_bad_steps_is_summed_up_not_listed_forever():
    found = problems(GOOD.replace('"l.r.l.r."', '"' + "z" * 40 + '"'))
    assert len(found) <= 10
    assert any("32 more characters" in p.message for p in found)


def test_values_follow_yaml_1_2_as_editors_do():
    level = parse_level(GOOD.replace("title: T", "title: no").replace(
        "  - rest: 1\n", "  - rest: 1\n    name: 2024-01-01\n"))
    assert level.title == "no"
    assert level.intervals[1].name == "2024-01-01"


def test_whole_numbers_written_as_decimals_are_accepted():
    level = parse_level(GOOD.replace("work: 2", "work: 2.0"))
    assert level.intervals[0].bars == 2


def test_billion_laughs_stops_early_with_a_clear_error():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
    for name, prev in zip("bcdefgh", "abcdefg", strict=True):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]\n"
    p = one(bomb)
    assert "too large" in p.message


def test_a_huge_plain_document_is_refused_where_the_bound_is_crossed():
    # a 1 MiB flow list: reading stops at value 50001, not after building all 500000
    p = one("a: [" + "1," * 500_000 + "]")
    assert "too large" in p.message
    assert (p.line, p.column) == (1, 5 + 2 * (schema.MAX_NODES - 3))  # root, key, list first


def test_deep_nesting_is_refused():
    p = one("x: " + "[" * 40 + "]" * 40 + "\n")
    assert "nesting" in p.message


def test_a_level_longer_than_the_limit_is_refused_at_its_intervals():
    long = GOOD.replace("tempo: 100", "tempo: 20").replace("work: 2", "work: 128").replace(
        "  - rest: 1\n", "  - rest: 128\n" * 6)
    p = one(long)
    assert (p.line, p.column) == (5, 1) and "minutes" in p.message


def test_too_many_intervals_is_refused_before_reading_them():
    many = GOOD.split("intervals:")[0] + "intervals:\n" + "  - rest: 1\n" * 201
    p = one(many)
    assert "200" in p.message and (p.line, p.column) == (6, 3)


def test_too_many_cues_is_refused():
    bars = "  - work: 128\n    pattern: " + "lr" * 24 + "\n"
    dense = GOOD.split("intervals:")[0].replace("tempo: 100", "tempo: 400") + (
        "intervals:\n" + bars * 4)
    p = one(dense)
    assert "cues" in p.message and str(schema.MAX_CUES) in p.message


def test_files_over_one_mebibyte_are_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(GOOD + "#" * schema.MAX_FILE_BYTES)
    with pytest.raises(LevelError) as info:
        load_level(big)
    assert "1 MiB" in info.value.problems[0].message
    p = one(GOOD + "#" * schema.MAX_FILE_BYTES)
    assert "1 MiB" in p.message


def test_unreadable_files_are_level_errors(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("title: T", "title: caf\xe9").encode("latin-1"))
    with pytest.raises(LevelError) as info:
        load_level(latin)
    p = info.value.problems[0]
    assert "UTF-8" in p.message and (p.line, p.column) == (2, 11)
    with pytest.raises(LevelError) as info:
        load_level(tmp_path / "missing.yaml")
    assert "cannot read" in info.value.problems[0].message


def test_paths_in_a_level_stay_inside_its_folder(tmp_path):
    folder = tmp_path / "level"
    (folder / "art").mkdir(parents=True)
    (folder / "art" / "bag.png").write_bytes(b"png")
    assert resolve_inside(folder, "art/bag.png") == (folder / "art" / "bag.png").resolve()
    assert resolve_inside(folder, "art\\bag.png") == (folder / "art" / "bag.png").resolve()
    for escape in ("../secret.txt", "art/../../secret.txt", "/etc/passwd", "C:\\x.png",
                   "\\\\server\\share\\x.png", "", "a\0b", "x" * 300):
        with pytest.raises(LevelError) as info:
            resolve_inside(folder, escape, "f.yaml", 3, 9)
        p = info.value.problems[0]
        assert (p.file, p.line, p.column) == ("f.yaml", 3, 9) and p.hint


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_link_out_of_the_level_folder_is_refused(tmp_path):
    folder = tmp_path / "level"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("s")
    try:
        (folder / "innocent.png").symlink_to(tmp_path / "secret.txt")
    except OSError:
        pytest.skip("symlinks not permitted")
    with pytest.raises(LevelError) as info:
        resolve_inside(folder, "innocent.png")
    assert "link" in info.value.problems[0].message
