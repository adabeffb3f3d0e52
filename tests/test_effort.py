"""The workout: moves counted per stage, seconds worked and rested, the kcal range (scales
with weight and with the stage's MET), `stats --json` effort, settings' weight, planned rest
days and the docs' Compendium table kept in step with the descriptors."""

import json
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.core.effort import MET_BAND, kcal_range, net_kcal
from game.core.loader import load_level
from game.core.session import autoplay, simulate
from game.core.settings import Settings
from game.progress import migrations
from game.progress.effort import summarize_effort
from game.progress.overload import overload_from_days, scales_by_moment
from game.progress.store import ProgressStore, attempt_from_summary
from game.progress.streak import Completion, streaks
from game.progress.training import BY_KEY, TrainingRecord, record_training
from game.stages import available_stages, get_stage

ROOT = Path(__file__).resolve().parents[1]
BAG = ROOT / "levels/2_gym/20_speed_bag_1_intro.yaml"
STEPS = ROOT / "levels/3_climb/33_museum_steps_1_intro.yaml"
REMIX = ROOT / "levels/2_gym/99_gym_remix.yaml"


def play(path: Path, sigma_ms: float = 0.0, idle: bool = False):
    level = load_level(path)
    stage = get_stage(level.stage)
    return level, (simulate(level, stage, []) if idle else autoplay(level, stage, sigma_ms))


def test_a_clean_play_counts_every_move_and_an_idle_one_none():
    level, clean = play(BAG)
    eff = clean.summary()["effort"]
    bag = eff["stages"]["speed_bag"]
    assert bag["count"] == bag["of"] > 0
    work = sum(b - a for i, iv in enumerate(level.intervals) if iv.is_work
               for a, b in [level.interval_times(i)])
    assert eff["work_s"] == pytest.approx(work, abs=0.1) and eff["rest_s"] > 0
    assert eff["work_s"] + eff["rest_s"] == pytest.approx(level.duration, abs=0.2)
    _level, idle = play(BAG, idle=True)
    assert idle.summary()["effort"]["stages"]["speed_bag"]["count"] == 0


def test_a_remix_splits_moves_and_seconds_by_stage():
    _level, s = play(REMIX)
    stages = s.summary()["effort"]["stages"]
    assert set(stages) == set(load_level(REMIX).stages)
    assert all(v["count"] == v["of"] > 0 and v["work_s"] > 0 for v in stages.values())


def test_kcal_range_scales_with_weight_and_met_and_is_never_a_point():
    lo70, hi70 = kcal_range(5.8, 70, 600)
    lo140, hi140 = kcal_range(5.8, 140, 600)
    assert lo140 == pytest.approx(2 * lo70) and hi140 == pytest.approx(2 * hi70)
    lo_hi_met, hi_hi_met = kcal_range(9.3, 70, 600)
    assert lo_hi_met > lo70 and hi_hi_met > hi70
    assert lo70 < net_kcal(5.8, 70, 600) < hi70
    assert hi70 == pytest.approx(net_kcal(5.8 * (1 + MET_BAND), 70, 600))
    half_lo, half_hi = kcal_range(5.8, 70, 600, done_share=0.5)
    assert half_lo < lo70 and half_hi == pytest.approx(hi70)   # less done: a lower floor


def save(store, path: Path, day: date, sigma_ms: float = 0.0):
    level, s = play(path, sigma_ms)
    when = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    store.save_attempt(attempt_from_summary(s.summary(), level, "normal", now=when))
    return s.summary()


def stats_json(capsys, *extra: str) -> dict:
    assert main(["stats", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["effort"]


def test_stats_json_holds_effort_after_a_saved_run_and_kcal_follows_the_weight(capsys):
    store, _ = ProgressStore.open()
    summary = save(store, BAG, date.today())
    store.close()
    eff = stats_json(capsys)
    assert eff["work_s"] == pytest.approx(summary["effort"]["work_s"], abs=0.2)
    assert eff["rest_s"] == pytest.approx(summary["effort"]["rest_s"], abs=0.2)
    assert eff["stages"]["speed_bag"]["count"] == summary["effort"]["stages"]["speed_bag"][
        "count"]
    assert eff["stages"]["speed_bag"]["noun"] == "punches"
    assert "kcal_low" not in eff                      # no weight anywhere: minutes only
    e70, e140 = stats_json(capsys, "--weight-kg", "70"), stats_json(capsys, "--weight-kg", "140")
    assert 0 < e70["kcal_low"] < e70["kcal_high"]
    assert e140["kcal_low"] == pytest.approx(2 * e70["kcal_low"], abs=1)
    assert e140["kcal_high"] == pytest.approx(2 * e70["kcal_high"], abs=1)
    store, _ = ProgressStore.open()                   # the settings' weight, flag absent
    store.save_settings(Settings(body_weight_kg=140.0))
    store.close()
    assert stats_json(capsys)["kcal_high"] == e140["kcal_high"]
    assert stats_json(capsys, "--weight-kg", "70")["kcal_high"] == e70["kcal_high"]


def test_kcal_follows_the_stage_met(tmp_path):
    """The same seconds on the steps (MET 9.3) burn more than on the speed bag (5.8)."""
    bag, steps = get_stage("speed_bag"), get_stage("museum_steps")
    assert steps.met > bag.met
    totals = {}
    for path in (BAG, STEPS):
        store, _ = ProgressStore.open(tmp_path / f"{path.stem}.sqlite3")
        save(store, path, date(2025, 6, 11))
        e = summarize_effort(store, date(2025, 6, 11), Settings(body_weight_kg=70.0))
        (s,) = e.stages
        low, high = e.kcal()
        totals[s.stage] = (low / s.work_s, high / s.work_s)
        store.close()
    assert totals["museum_steps"][0] > totals["speed_bag"][0]
    assert totals["museum_steps"][1] > totals["speed_bag"][1]


def test_bad_weights_are_refused_with_a_clear_message(capsys):
    for bad in ("0", "-70", "abc", "nan", "7000"):
        with pytest.raises(SystemExit) as e:
            main(["stats", "--json", "--weight-kg", bad])
        assert e.value.code == 2
        said = capsys.readouterr()
        assert "is not a body weight" in said.out + said.err
    for raw in (-5, 0, 7000, float("inf"), "70", True):
        assert Settings.from_dict({"body_weight_kg": raw}).body_weight_kg == 0.0
    assert Settings.from_dict({"body_weight_kg": 70.26}).body_weight_kg == 70.5


def test_off_keyboard_rounds_count_as_training_never_as_score(tmp_path):
    store, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    day = date(2025, 6, 11)
    ex = BY_KEY["pushups"]
    record_training(store, TrainingRecord("pushups", day, datetime(2025, 6, 11, 9,
                                          tzinfo=UTC), 40.0, 10, ex.met_low, ex.met_high))
    e = summarize_effort(store, day, Settings(body_weight_kg=80.0))
    (t,) = e.training
    assert (t.count, t.rounds, t.seconds) == (10, 1, 40.0)
    assert e.week.days_done == 1 and e.week.minutes_done == pytest.approx(40 / 60)
    low, high = e.kcal()
    assert 0 < low < high
    assert store.attempts() == [] and store.bests() == []       # never a game score
    store.close()


def test_planned_rest_days_do_not_break_the_streak():
    mon, wed = date(2025, 6, 9), date(2025, 6, 11)

    def at(d):
        return Completion.at_moment(d, datetime(d.year, d.month, d.day, 9, tzinfo=UTC))
    days = [at(mon), at(wed)]
    assert streaks(days, wed) == (1, 1)
    assert streaks(days, wed, rest=[1]) == (2, 2)                # Tuesday planned off
    assert streaks(days, wed + timedelta(days=2), rest=[1]) == (0, 2)   # Thursday was not
    assert streaks(days, wed + timedelta(days=2), rest=[1, 3]) == (2, 2)


def test_a_store_streak_reads_the_planned_rest_days(tmp_path):
    store, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    for d in (date(2025, 6, 9), date(2025, 6, 11)):
        store.mark_daily_complete(d, datetime(d.year, d.month, d.day, 9, tzinfo=UTC))
    assert store.streak(date(2025, 6, 11)) == (1, 1)
    store.save_settings(Settings(rest_weekdays=[1]))
    assert store.streak(date(2025, 6, 11)) == (2, 2)
    store.close()


def test_old_attempts_migrate_as_unsplit_time(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, 4)
    conn.execute("INSERT INTO attempts (level_id, content_hash, stage, finished_at, tier, "
                 "score, accuracy, judgements, max_combo, duration_s, local_date) VALUES "
                 "('a', 'x', 'speed_bag', '2025-06-10T18:00:00+00:00', 'normal', 1, 90, "
                 "'{}', 1, 120, '2025-06-10')")
    conn.close()
    store, _ = ProgressStore.open(path)
    assert store.schema_version == migrations.LATEST
    e = summarize_effort(store, date(2025, 6, 11), Settings(body_weight_kg=70.0))
    assert e.unsplit_s == 120 and e.work_s == 0 and e.kcal() == (0, 0)
    store.close()


def test_docs_cite_every_stage_code_and_met():
    doc = (ROOT / "docs/effort.md").read_text()
    for name in available_stages():
        info = get_stage(name)
        code = re.search(r"\((\d{5})\)$", info.activity)
        assert code, f"{name}: activity names no Compendium code"
        row = next((ln for ln in doc.splitlines() if ln.startswith(f"| {info.title} |")), "")
        assert code.group(1) in row and f"| {info.met:g} |" in row, (name, row)


@given(st.lists(st.tuples(st.integers(0, 120), st.sampled_from("SABCDF")), max_size=40),
       st.lists(st.integers(0, 140), min_size=1, max_size=12))
def test_the_weekly_tempo_walk_matches_the_coach_day_by_day(history, offsets):
    """The stats plot's one-walk scales are exactly what the coach would have said then."""
    start = date(2025, 1, 1)
    days = {}
    for off, grade in history:
        days.setdefault(start + timedelta(days=off), []).append(grade)
    moments = sorted(start + timedelta(days=o) for o in offsets)
    walked = scales_by_moment(list(days.items()), moments)
    assert walked == [overload_from_days(list(days.items()), m).scale for m in moments]


def test_a_damaged_effort_object_is_skipped_not_an_error(tmp_path):
    store, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    save(store, BAG, date(2025, 6, 11))
    save(store, STEPS, date(2025, 6, 11))
    store.conn.execute("UPDATE attempts SET effort = '{\"stages\": [1, 2' WHERE stage = ?",
                       ("museum_steps",))
    store.conn.execute("INSERT INTO attempts (level_id, content_hash, stage, finished_at, "
                       "tier, score, accuracy, judgements, max_combo, duration_s, local_date, "
                       "effort) SELECT level_id, content_hash, stage, finished_at, tier, score, "
                       "accuracy, judgements, max_combo, duration_s, local_date, "
                       "'{\"stages\": {\"speed_bag\": \"lots\"}}' FROM attempts LIMIT 1")
    e = summarize_effort(store, date(2025, 6, 11))
    assert [s.stage for s in e.stages] == ["speed_bag"] and e.stages[0].count > 0
    store.close()
