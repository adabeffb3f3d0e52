"""Record mode's pure half: taps become exactly the cues the rewritten level file plays."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.loader import LevelError, parse_level
from game.core.record import (
    RecordError,
    Recording,
    action_symbols,
    pattern_from,
    quantise,
    record_interval,
    replace_pattern,
)
from game.core.session import Input
from game.stages import available_stages, get_stage

LEVEL = """\
# yaml-language-server: $schema=../docs/level.schema.json
# A level with comments everywhere, to show they survive.
id: rec   # keep me
title: Record Me
stage: speed_bag
tempo: 100
intervals:
  - work: 4          # round one
    name: One
    pattern: "l.r.l.r."   # the old pattern
  # a comment between intervals
  - rest: 2
  - work: 4
    tempo: 90
    tempo_end: 120   # a ramp
    pattern: >-
      lrlr
      lrlr
  - {work: 2, pattern: 'l...', name: flow}
"""


def cues_of(level, index):
    rules = get_stage(level.stage)
    return [(c.action, round(c.beat, 6)) for c in rules.build_cues(level) if c.interval == index]


def taps_at(level, index, beats_and_actions, jitter=0.0):
    iv = level.intervals[index]
    return [(a, level.tempo_map.time_at(iv.start_beat + b) + jitter) for b, a in beats_and_actions]


def test_taps_snap_to_the_nearest_step_and_write_a_pattern():
    level = parse_level(LEVEL)
    taps = taps_at(level, 0, [(0, "left"), (1, "right"), (2, "left"), (2.5, "right")], 0.02)
    result = record_interval(LEVEL, level, 0, taps, steps_per_beat=4)
    assert result.pattern == "l.r.lr..|.|.|."
    assert result.recording.kept == 4 and result.recording.dropped == 0
    new = parse_level(result.text)
    assert cues_of(new, 0) == [("left", 0.0), ("right", 1.0), ("left", 2.0), ("right", 2.5)]


def test_only_the_pattern_value_changes_comments_and_all():
    level = parse_level(LEVEL)
    result = record_interval(LEVEL, level, 0, taps_at(level, 0, [(0, "right")]))
    old_lines, new_lines = LEVEL.splitlines(), result.text.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [('    pattern: "l.r.l.r."   # the old pattern',
                        '    pattern: "r|.|.|."   # the old pattern')]


def test_a_folded_block_pattern_is_replaced_cleanly():
    level = parse_level(LEVEL)
    result = record_interval(LEVEL, level, 2, taps_at(level, 2, [(0, "left"), (3, "right")]))
    assert '    pattern: "l..r|.|.|."\n' in result.text
    assert "lrlr" not in result.text
    assert result.text.endswith("  - {work: 2, pattern: 'l...', name: flow}\n")
    assert cues_of(parse_level(result.text), 2) == [("left", 24.0), ("right", 27.0)]


def test_a_flow_mapping_pattern_is_replaced_in_place():
    level = parse_level(LEVEL)
    result = record_interval(LEVEL, level, 3, taps_at(level, 3, [(1, "left"), (5, "right")]))
    assert result.text.endswith('  - {work: 2, pattern: ".l..|.r..", name: flow}\n')


def test_the_tempo_map_places_taps_on_a_ramp():
    level = parse_level(LEVEL)  # interval 3 ramps 90 -> 120 bpm bar by bar
    beats = [(k * 0.5, "left" if k % 2 == 0 else "right") for k in range(32)]
    result = record_interval(LEVEL, level, 2, taps_at(level, 2, beats, jitter=-0.01))
    assert result.pattern == "lrlrlrlr"
    assert parse_level(result.text).intervals[2].tempo_end == 120


def test_two_taps_on_one_step_keep_the_nearer():
    level = parse_level(LEVEL)
    t0 = level.tempo_map.time_at(0)
    rec = quantise([("left", t0 + 0.05), ("right", t0 - 0.01)], level.tempo_map, 0, 1, 4, 4)
    assert rec.grid[0][0] == "right" and rec.kept == 1 and rec.dropped == 1


def test_taps_outside_the_interval_are_counted_not_kept():
    level = parse_level(LEVEL)
    tm = level.tempo_map
    rec = quantise([("left", tm.time_at(-1)), ("left", tm.time_at(3.9)),
                    ("left", tm.time_at(16.0))], tm, 0, 4, 4, 4)
    assert rec.outside == 2 and rec.kept == 1


def test_session_inputs_work_and_releases_are_ignored():
    level = parse_level(LEVEL)
    t = level.tempo_map.time_at(1)
    rec = quantise([Input("left", t), Input("left", t + 0.05, pressed=False)],
                   level.tempo_map, 0, 1, 4, 2)
    assert rec.cues(0) == [("left", 1.0)] and rec.kept == 1


def test_steps_per_beat_is_bounded_by_the_format():
    level = parse_level(LEVEL)
    with pytest.raises(RecordError):
        quantise([], level.tempo_map, 0, 1, 4, 13)   # 52 steps in a bar
    with pytest.raises(RecordError):
        quantise([], level.tempo_map, 0, 1, 4, 0)


def test_silence_records_as_an_empty_interval():
    level = parse_level(LEVEL)
    result = record_interval(LEVEL, level, 0, [])
    assert result.pattern == "." and cues_of(parse_level(result.text), 0) == []


def test_rests_and_shared_patterns_are_refused_clearly():
    level = parse_level(LEVEL)
    with pytest.raises(RecordError, match="not a work interval"):
        record_interval(LEVEL, level, 1, [])
    shared = LEVEL.replace('"l.r.l.r."', '&p "l.r.l.r."').replace(
        "  - {work: 2, pattern: 'l...', name: flow}", "  - {work: 2, pattern: *p}")
    lv = parse_level(shared)
    with pytest.raises(RecordError, match="&p"):
        record_interval(shared, lv, 0, [])
    # the interval that uses the alias may be recorded: only its own value changes
    out = record_interval(shared, lv, 3, taps_at(lv, 3, [(0, "left")])).text
    assert '&p "l.r.l.r."' in out and parse_level(out).intervals[3].pattern == "l|."


def test_a_broken_file_is_the_loaders_error():
    with pytest.raises(LevelError):
        replace_pattern("id: [", 0, "l")


def test_symbols_prefer_what_the_interval_already_uses():
    if "museum_steps" not in available_stages():
        pytest.skip("stage not installed")
    rules = get_stage("museum_steps")
    assert action_symbols(rules) == {"left": "L", "right": "R"}
    assert action_symbols(rules, prefer="l.r.l.r.") == {"left": "l", "right": "r"}
    assert "arms" not in action_symbols(rules)  # holds are added by hand


def test_every_stage_can_write_every_action_it_judges_as_a_tap():
    for stage in available_stages():
        rules = get_stage(stage)
        taps = {s.action for s in rules.symbols.values() if s.kind == "tap"}
        symbols = action_symbols(rules)
        assert set(symbols) == taps
        for action, ch in symbols.items():
            assert rules.symbols[ch].action == action and not rules.symbols[ch].accent


def test_repeating_bars_fold_into_the_shortest_repeat():
    grid = tuple((("left", None, "right", None),) * 4)
    rec = Recording(grid, 1, 8, 0, 0)
    assert pattern_from(rec, {"left": "l", "right": "r"}) == "lr"
    assert pattern_from(rec, {"left": "l", "right": "r"}, simplify=False) == "l.r.|l.r.|l.r.|l.r."


GRID = st.sampled_from([1, 2, 3, 4, 6, 8, 12])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(available_stages()), GRID, st.integers(1, 6), st.floats(40, 240),
       st.data())
def test_recorded_taps_become_exactly_the_cues_of_the_rewritten_level(stage, spb, bars,
                                                                       tempo, data):
    rules = get_stage(stage)
    actions = sorted(action_symbols(rules))
    example = rules.example_pattern
    text = (f"# comment\nid: x\ntitle: X\nstage: {stage}\ntempo: {tempo:.2f}\nintervals:\n"
            f"  - rest: 1\n  - work: {bars}   # recorded\n    pattern: \"{example[:8]}\"\n"
            f"  - work: 1\n    pattern: \"{example[:8]}\"\n")
    level = parse_level(text)
    n = bars * 4 * spb
    steps = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(actions)),
                               max_size=24, unique_by=lambda s: s[0]))
    jitter = data.draw(st.floats(-0.3, 0.3))  # of a step, so every tap stays on its step
    iv = level.intervals[1]
    taps = [(a, level.tempo_map.time_at(iv.start_beat + (k + jitter) / spb)) for k, a in steps]
    result = record_interval(text, level, 1, taps, steps_per_beat=spb)
    written = parse_level(result.text)
    expected = sorted((a, round(iv.start_beat + k / spb, 6)) for k, a in steps)
    assert sorted(cues_of(written, 1)) == expected
    assert cues_of(written, 2) == cues_of(level, 2)        # other intervals untouched
    old_lines, new_lines = text.splitlines(), result.text.splitlines()
    assert [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b] \
        in ([], [8])                                       # nothing else moved
    assert new_lines[8] == f'    pattern: "{result.pattern}"'
