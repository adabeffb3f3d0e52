"""Judging: window edges, nearest-cue matching, wrong hands, strays, score and grade."""

import pytest

from game.core.difficulty import windows_for
from game.core.judge import CueJudge, HitWindows, Judgement, ScoreKeeper, grade_for
from game.core.level import Cue


def cues(*spec):
    return [Cue(time=t, beat=t * 2, action=a, symbol=a[0], interval=0, index=i)
            for i, (t, a) in enumerate(spec)]


@pytest.mark.parametrize("offset,expected", [
    (0.0, Judgement.PERFECT), (0.025, Judgement.PERFECT), (-0.025, Judgement.PERFECT),
    (0.0251, Judgement.GREAT), (-0.050, Judgement.GREAT), (0.0501, Judgement.GOOD),
    (-0.090, Judgement.GOOD)])
def test_window_edges(offset, expected):
    judge = CueJudge(cues((1.0, "left")), HitWindows())
    v = judge.judge("left", 1.0 + offset)
    assert v.judgement is expected
    assert v.offset == pytest.approx(offset)


def test_beyond_reach_is_a_stray_and_the_cue_is_still_there():
    judge = CueJudge(cues((1.0, "left")), HitWindows())
    v = judge.judge("left", 1.0 - 0.0905)
    assert v.cue is None and v.judgement is None
    assert judge.judge("left", 1.0).judgement is Judgement.PERFECT


def test_nearest_unjudged_cue_with_the_same_action_wins():
    judge = CueJudge(cues((1.0, "left"), (1.06, "right"), (1.12, "left")), HitWindows())
    v = judge.judge("right", 1.05)
    assert v.cue.index == 1 and v.judgement is Judgement.PERFECT
    v = judge.judge("left", 1.09)          # nearer to cue 2 than to cue 0
    assert v.cue.index == 2
    v = judge.judge("left", 1.02)          # cue 0 is still open
    assert v.cue.index == 0


def test_wrong_hand_is_its_own_miss_and_uses_up_the_cue():
    judge = CueJudge(cues((1.0, "left")), HitWindows())
    v = judge.judge("right", 1.01)
    assert v.judgement is Judgement.WRONG
    assert judge.judge("left", 1.0).cue is None  # no second chance: it was judged


def test_expired_cues_become_misses_in_order():
    judge = CueJudge(cues((1.0, "left"), (1.5, "right"), (3.0, "left")), HitWindows())
    judge.judge("right", 1.5)
    missed = judge.expire(2.0)
    assert [v.cue.index for v in missed] == [0]
    assert all(v.judgement is Judgement.MISS for v in missed)
    assert judge.expire(2.5) == []


def test_tiers_scale_windows():
    assert windows_for("champion").reach < windows_for("normal").reach < windows_for(
        "easy").reach
    assert windows_for("normal", assist=True).reach == pytest.approx(0.135)


def test_score_combo_accuracy_and_grade():
    s = ScoreKeeper()
    for j in [Judgement.PERFECT] * 8 + [Judgement.GREAT, Judgement.MISS]:
        s.record(j, 0.01)
    assert s.combo == 0 and s.max_combo == 9
    assert s.accuracy == pytest.approx(100 * (8 * 1.0 + 0.9) / 10)   # a Great is worth 0.9
    assert s.grade == "B"
    assert s.score > 0 and s.points == 8 * 300 + 200           # the score keeps its points
    s.stray()
    assert s.strays == 1
    assert grade_for(99.0, 0) == "S" and grade_for(99.0, 1) == "A"
    assert grade_for(50.0, 0) == "F"


def test_a_newcomer_who_makes_nearly_every_cue_a_little_early_passes():
    """223 of 230 cues made, mostly Greats and Goods from 44 ms early: not an F."""
    s = ScoreKeeper()
    for j in [Judgement.PERFECT] * 40 + [Judgement.GREAT] * 103 + [Judgement.GOOD] * 80 + \
            [Judgement.MISS] * 7:
        s.record(j)
    assert s.grade in ("C", "B") and s.accuracy >= 70.0


def test_offset_stats_and_histogram():
    s = ScoreKeeper()
    for o in (-0.02, 0.0, 0.02, 0.04):
        s.record(Judgement.GREAT, o)
    mean, spread = s.offset_stats_ms()
    assert mean == pytest.approx(10.0)
    assert spread == pytest.approx(22.36, abs=0.01)
    hist = s.histogram(0.09, 9)
    assert sum(hist) == 4 and hist[4] == 1


def test_wrong_hand_lands_on_the_cue_it_was_meant_for_even_with_wide_windows():
    # sixteenths at 140 bpm on Easy: both hands' cues are in reach of every press
    windows = windows_for("easy")
    step = 60 / 140 / 4
    judge = CueJudge(cues((1.0, "left"), (1.0 + step, "right"), (1.0 + 2 * step, "left")),
                     windows)
    v = judge.judge("right", 1.0)          # the wrong hand, right on the left cue
    assert v.judgement is Judgement.WRONG and v.cue.index == 0
    v = judge.judge("right", 1.0 + step)   # the right hand on time is still a clean hit
    assert v.judgement is Judgement.PERFECT and v.cue.index == 1
