"""Level semantics and messages a designer trips over: each says what is wrong where."""

import pytest

from game.core.lint import lint_level
from game.core.loader import LevelError, parse_level

HEAD = "id: a\ntitle: b\nstage: speed_bag\ntempo: 100\n"


def problems(text: str) -> list:
    with pytest.raises(LevelError) as e:
        parse_level(text, "x.yaml")
    return e.value.problems


def warnings(pattern: str, bars: int = 4) -> list[str]:
    lv = parse_level(HEAD + f"intervals:\n  - work: {bars}\n    pattern: '{pattern}'\n",
                     "x.yaml")
    return [p.message for p in lint_level(lv)]


def test_a_one_bar_interval_with_tempo_end_plays_at_tempo_end():
    lv = parse_level(HEAD + "intervals:\n  - work: 1\n    tempo_end: 150\n    pattern: l.r.\n"
                     "  - rest: 1\n")
    assert lv.tempo_map.bpm_at_beat(0.5) == 150
    assert lv.duration == pytest.approx(8 * 60 / 150)


def test_a_ramp_still_starts_at_its_interval_tempo():
    lv = parse_level(HEAD + "intervals:\n  - work: 3\n    tempo: 90\n    tempo_end: 150\n"
                     "    pattern: l.r.\n")
    assert [lv.tempo_map.bpm_at_beat(b) for b in (0, 4, 8)] == [90, 120, 150]


def test_empty_intervals_say_empty_not_must_be_a_list():
    (p,) = problems(HEAD + "intervals: []\n")
    assert "is empty" in p.message and "must be a list" not in p.message


def test_an_over_indented_key_gets_an_indentation_hint_not_quotes():
    (p,) = problems("id: a\ntitle: b\n  stage: speed_bag\ntempo: 100\n")
    assert "indent" in p.hint and "quote" not in p.hint
    (p,) = problems(HEAD + "intervals:\n  - work: 2\n      pattern: l.r.\n")
    assert "indent" in p.hint and "quote" not in p.hint


def test_a_colon_inside_a_value_still_gets_the_quotes_hint():
    (p,) = problems("id: a\ntitle: Round: one\n")
    assert "quotes" in p.hint


def test_tempo_end_at_the_top_level_is_said_to_belong_to_an_interval():
    (p,) = problems(HEAD + "tempo_end: 120\nintervals:\n  - work: 2\n    pattern: l.r.\n")
    assert "belongs to an interval" in p.message
    assert "did you mean 'tempo'" not in p.hint


def test_error_lines_carry_the_error_label_for_problem_matchers():
    (p,) = problems(HEAD + "intervals: []\n")
    assert str(p).startswith("x.yaml:5:12: error: ")


@pytest.mark.parametrize("pattern", ["l.r.l.r.||l.r.l.r.", "l.r.l.r.|l.r.l.r.|",
                                     "|l.r.l.r."])
def test_an_empty_bar_is_warned_about(pattern):
    assert any("empty bar" in w for w in warnings(pattern))


def test_a_seven_step_bar_among_eight_step_bars_is_warned_about():
    (w,) = [w for w in warnings("l.r.l.r.|l.r.l.r|l.r.l.r.|lrlrlrlr") if "steps" in w]
    assert "bar 2" in w and "7 steps" in w and "8" in w


@pytest.mark.parametrize("pattern", ["l.r.l.r.|lrl r.. lrl r..", "l.r.|l.r.l.r.",
                                     "l.r.l.r.|l.r.l.r.", "lrlrlrlrlrlrlrlr|l.r.l.r."])
def test_deliberate_subdivisions_are_not_warned_about(pattern):
    assert not [w for w in warnings(pattern, 2) if "steps where" in w or "empty" in w]
