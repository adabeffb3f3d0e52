"""Warnings for levels that load but play badly, and how `montage check` reports them."""

import pytest

from game.cli import main
from game.core.lint import lint_level
from game.core.loader import builtin_level_paths, load_level, parse_level
from game.stages import available_stages


def level(tempo: float, *intervals: str, stage: str = "speed_bag"):
    text = f"id: t\ntitle: T\nstage: {stage}\ntempo: {tempo}\nintervals:\n" + "".join(intervals)
    return parse_level(text, "w.yaml")


def work(bars: int, pattern: str, extra: str = "") -> str:
    return f"  - work: {bars}\n{extra}    pattern: \"{pattern}\"\n"


def warnings(lv) -> list[str]:
    return [str(w) for w in lint_level(lv)]


@pytest.mark.parametrize("path", builtin_level_paths(), ids=lambda p: p.name)
def test_builtin_levels_have_no_warnings(path):
    assert warnings(load_level(path)) == []


def test_one_hand_faster_than_eight_a_second_is_flagged_at_its_interval():
    # sixteenth-note doubles (llrr) at 150 bpm: each hand hits twice 100 ms apart
    lv = level(100, work(2, "l.r.l.r."), "  - rest: 1\n",
               work(2, "llrrllrrllrrllrr", "    tempo: 150\n"))
    left, right = lint_level(lv)
    for w in (left, right):
        assert (w.line, w.column) == (9, 5) and w.severity == "warning"
        assert "interval 3" in w.message and "10.0 times" in w.message and w.hint
    assert "Left fist" in left.message and "Right fist" in right.message
    assert str(left).startswith("w.yaml:9:5: warning: interval 3: Left fist")


def test_the_hand_speed_threshold_sits_at_eight_hits_a_second():
    at_limit = level(120, work(2, "l.l.l.l.l.l.l.l.|rrrrrrrrrrrrrrrr"))   # right: 8.0 / s
    over = level(121, work(2, "l.l.l.l.l.l.l.l.|rrrrrrrrrrrrrrrr"))       # right: 8.07 / s
    assert warnings(at_limit) == []
    [w] = lint_level(over)
    assert "Right fist" in w.message


def test_alternating_hands_may_go_twice_as_fast():
    assert warnings(level(200, work(2, "lrlrlrlrlrlrlrlr"))) == []   # 13 cues/s, 6.7 a hand


def test_a_fast_pair_across_two_intervals_is_blamed_on_the_later_one():
    lv = level(150, work(1, "...............l"), work(1, "l..............."))  # 100 ms
    [w] = lint_level(lv)
    assert "interval 2" in w.message and w.line == 8


def test_work_interval_with_no_cues():
    lv = level(100, work(2, "l.r.l.r."), work(2, "........"))
    [w] = lint_level(lv)
    assert "no cues" in w.message and "interval 2" in w.message
    assert (w.line, w.column) == (9, 14)  # on its pattern


@pytest.mark.parametrize("tempo,warned", [(39, True), (40, False), (300, False),
                                          (300.5, True)])
def test_level_tempo_outside_40_to_300(tempo, warned):
    found = lint_level(level(tempo, work(2, "l...r...")))
    assert bool(found) == warned
    if warned:
        assert (found[0].line, found[0].column) == (4, 8) and "bpm" in found[0].message


def test_interval_tempo_and_ramp_end_are_checked_where_they_are_written():
    lv = level(100, work(2, "l...r...", "    tempo: 30\n    tempo_end: 320\n"))
    found = lint_level(lv)
    assert [(w.line, w.column) for w in found] == [(7, 12), (8, 16)]
    assert "30 bpm" in found[0].message and "320 bpm" in found[1].message


def test_levels_over_ten_minutes():
    # 100 bpm, 4/4: a bar is 2.4 s; 250 bars = 600 s exactly
    assert warnings(level(100, work(125, "l...r..."), work(125, "l...r..."))) == []
    [w] = lint_level(level(100, work(125, "l...r..."), work(126, "l...r...")))
    assert "10:02" in w.message and (w.line, w.column) == (5, 1)


def test_a_pattern_that_does_not_fit_its_interval():
    [w] = lint_level(level(100, work(8, "l.r.|lrlr|l.r.")))
    assert "3-bar pattern" in w.message and "2 bars" in w.message
    assert warnings(level(100, work(9, "l.r.|lrlr|l.r."))) == []


@pytest.mark.skipif("museum_steps" not in available_stages(), reason="stage not installed")
def test_a_tap_for_a_key_a_hold_keeps_down():
    lv = level(100, work(2, "H.......|........"), work(2, "H...L...|........"),
               stage="museum_steps")
    [w] = lint_level(lv)
    assert "interval 2" in w.message and "held" in w.message


def test_check_prints_warnings_and_exits_zero(tmp_path, capsys):
    f = tmp_path / "slow.yaml"
    f.write_text("id: t\ntitle: T\nstage: speed_bag\ntempo: 30\nintervals:\n"
                 "  - work: 2\n    pattern: \"l.r.\"\n")
    assert main(["check", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{f}:4:8: warning: tempo 30 bpm")
    assert out[-1] == f"{f}: ok, 1 warning"
    assert main(["check", "--no-warnings", str(f)]) == 0
    assert capsys.readouterr().out.strip() == f"{f}: ok"


def test_check_exits_two_when_any_file_has_an_error(tmp_path, capsys):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("id: t\ntitle: T\nstage: speed_bag\ntempo: 100\nintervals:\n"
                    "  - work: 2\n    pattern: \"l.r.\"\n")
    bad.write_text(good.read_text().replace("tempo: 100", "tempo: 1000"))
    assert main(["check", str(good), str(bad)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert f"{good}: ok" in out
    assert any(line.startswith(f"{bad}:4:8: ") and "hint:" in line for line in out)
    assert out[-1] == f"{bad}: 1 error"


def test_the_speed_warning_names_the_limb_each_stage_says_plays_it():
    feet = level(150, work(2, "LLRRLLRRLLRRLLRR"), stage="museum_steps")
    left, right = lint_level(feet)
    assert "Left foot" in left.message and "one foot keeps up about 8" in left.message
    assert "hand" not in left.message + left.hint and "between feet" in left.hint
    fists = lint_level(level(100, work(2, "llrrllrrllrrllrr", "    tempo: 150\n")))
    assert "one fist keeps up" in fists[0].message and "between fists" in fists[0].hint
    [jab] = lint_level(level(150, work(2, "1111111111111111"), stage="meat_locker"))
    assert "1 jab" in jab.message and "one fist keeps up" in jab.message
