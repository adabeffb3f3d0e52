"""Difficulty rating: simulated players under the game's own rules, and a 1-10 number."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.core.loader import builtin_level_paths, load_level, parse_level
from game.core.rating import SKILLS_MS, rate_level, rating_from, run_once
from game.core.session import autoplay
from game.stages import get_stage


def two_rounds(tempo: float, pattern: str, stage: str = "speed_bag"):
    return parse_level(f"id: r\ntitle: R\nstage: {stage}\ntempo: {tempo}\nintervals:\n"
                       f"  - work: 8\n    pattern: \"{pattern}\"\n  - rest: 2\n"
                       f"  - work: 8\n    pattern: \"{pattern}\"\n")


def test_the_plain_bot_is_the_games_own_autoplay():
    for path in builtin_level_paths()[:3]:
        level = load_level(path)
        rules = get_stage(level.stage)
        for sigma, seed in ((0, 0), (45, 3)):
            assert run_once(level, rules, sigma, seed, human=False).summary() == \
                autoplay(level, rules, sigma, seed).summary()


def test_a_simulated_person_cannot_outrun_their_hands():
    """Sixteenths on one hand at 200 bpm are 13 a second: a person keeps up with about 8,
    so the other presses are lost. Split over two hands, the same stream is only fast."""
    one_hand = rate_level(two_rounds(200, "llllllllllllllll"), runs=10)
    two_hands = rate_level(two_rounds(200, "lrlrlrlrlrlrlrlr"), runs=10)
    assert one_hand.skills[0].accuracy < two_hands.skills[0].accuracy - 8


def test_sloppier_players_score_lower_and_pass_less():
    r = rate_level(two_rounds(100, "l.r.l.r."), runs=60)
    assert [s.sigma_ms for s in r.skills] == list(SKILLS_MS)
    accuracies = [s.accuracy for s in r.skills]
    passes = [s.pass_rate for s in r.skills]
    assert accuracies == sorted(accuracies, reverse=True) and accuracies[0] > 95
    assert passes == sorted(passes, reverse=True)
    assert passes[0] == 1.0 and passes[-1] < 0.5
    assert all(s.runs == 60 for s in r.skills)


def test_faster_is_harder():
    ratings = [rate_level(two_rounds(t, "lrlrlrlr"), runs=30).rating for t in (80, 120, 170)]
    assert ratings[0] < ratings[1] < ratings[2], ratings


def test_denser_is_harder():
    ratings = [rate_level(two_rounds(110, p), runs=30).rating
               for p in ("l...r...", "l.r.l.r.", "lrlrlrlr", "lrlrlrlrlrlrlrlr")]
    assert ratings == sorted(ratings) and len(set(ratings)) == 4, ratings


def test_less_predictable_is_harder():
    alternate = rate_level(two_rounds(120, "lrlrlrlr"), runs=30).rating
    doubles = rate_level(two_rounds(120, "llrrllrr"), runs=30).rating
    assert alternate < doubles


def test_ratings_stay_between_one_and_ten():
    easy = rate_level(two_rounds(40, "l..............."), runs=20)
    brutal = rate_level(two_rounds(300, "lr" * 24), runs=20)
    assert 1.0 <= easy.rating < 2.0
    assert 8.5 <= brutal.rating <= 10.0
    assert brutal.skills[0].accuracy < easy.skills[0].accuracy - 10


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 150), st.floats(0, 150))
def test_the_formula_never_falls_when_a_level_gets_harder(load_a, load_b, s_a, s_b):
    lo, hi = sorted((load_a, load_b))
    easy, hard = sorted((s_a, s_b), reverse=True)   # a smaller passing spread is harder
    assert 1.0 <= rating_from(lo, easy) <= rating_from(hi, hard) <= 10.0


def test_rate_command_json(tmp_path, capsys):
    f = tmp_path / "l.yaml"
    f.write_text("id: r\ntitle: R\nstage: speed_bag\ntempo: 100\nintervals:\n"
                 "  - work: 4\n    pattern: \"l.r.l.r.\"\n")
    assert main(["rate", "--json", "--runs", "10", str(f)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["file"] == str(f) and result["level_id"] == "r"
    assert [s["sigma_ms"] for s in result["skills"]] == list(SKILLS_MS)
    assert all(s["runs"] == 10 and 0 <= s["pass_rate"] <= 1 for s in result["skills"])
    assert 1 <= result["rating"] <= 10


def test_rate_command_text_and_broken_files(tmp_path, capsys):
    f = tmp_path / "l.yaml"
    f.write_text("id: r\ntitle: R\nstage: speed_bag\ntempo: 100\nintervals:\n"
                 "  - work: 4\n    pattern: \"l.r.l.r.\"\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: r\n")
    assert main(["rate", "--runs", "5", str(f), str(bad)]) == 2
    out = capsys.readouterr().out
    assert "sigma  15 ms" in out and "rating" in out and f"{bad}:1:1:" in out
