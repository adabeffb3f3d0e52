"""The workout on screen: the results strip, the stats screen's Workout page (week's plan,
minutes per week, effort per stage, tempo by week, a year heat map), the Training settings,
and the off-keyboard rounds of today's montage."""

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pygame
import pytest

from game.app.run import make_app, open_services
from game.app.scenes.exercise import ExerciseScene, round_for
from game.app.scenes.results import ResultsScene
from game.app.scenes.settings import SECTIONS, SettingsScene
from game.app.scenes.stats import StatsScene
from game.app.scenes.title import TitleScene
from game.app.scenes.workout import WorkoutScene, play_kcal
from game.core.loader import load_level
from game.core.session import autoplay
from game.core.settings import Settings
from game.gfx import plots
from game.gfx.palette import WORK
from game.progress.store import ProgressStore, attempt_from_summary
from game.progress.training import BY_KEY, training_rows
from game.stages import get_stage

ROOT = Path(__file__).resolve().parents[1]
BAG = ROOT / "levels/2_gym/20_speed_bag_1_intro.yaml"
TODAY = date(2025, 6, 11)   # a Wednesday
K = pygame


def key(k):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="")


def save_run(store, day: date, path: Path = BAG, seed: int = 0):
    level = load_level(path)
    s = autoplay(level, get_stage(level.stage), 20, seed=seed)
    when = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    store.record_attempt(attempt_from_summary(s.summary(), level, "normal", now=when))
    return s


@pytest.fixture
def app(tmp_path):
    app, _window = make_app()
    store, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    app.store = store
    app.switch(TitleScene(app))
    yield app
    store.close()


def test_results_show_the_rounds_workout_and_its_kcal_only_with_a_weight(app):
    level = load_level(BAG)
    session = autoplay(level, get_stage(level.stage), 20)
    eff = session.summary()["effort"]
    assert play_kcal(eff, None) is None
    lo, hi = play_kcal(eff, 70.0)
    lo2, hi2 = play_kcal(eff, 105.0)
    assert 0 < lo < hi and lo2 == pytest.approx(1.5 * lo) and hi2 == pytest.approx(1.5 * hi)
    scene = ResultsScene(app, session, level)
    app.push(scene)
    scene.draw(app.canvas)
    # the work half of the strip's bar is work-red, from its left edge
    from game.app.scenes.results import WORKOUT_BOX
    box = WORKOUT_BOX
    assert tuple(app.canvas.get_at((box.x + 14 + 110, box.y + 6 + 26 + 9)))[:3] == WORK


def test_the_work_rest_bar_splits_as_the_seconds_do():
    surf = pygame.Surface((400, 40))
    from game.gfx.text import TextCache
    work, rest = plots.work_rest_strip(surf, pygame.Rect(0, 0, 400, 20), TextCache(), 90, 30)
    assert work.width == 300 and rest.width == 100 and rest.left == work.right


def test_the_workout_page_plots_the_week_the_weeks_and_the_year(app):
    store = app.store
    store.save_settings(Settings(weekly_days=3, weekly_minutes=10, rest_weekdays=[1]))
    app.settings = store.load_settings()
    save_run(store, TODAY)                       # Wednesday
    save_run(store, TODAY - timedelta(days=2))   # Monday
    save_run(store, TODAY - timedelta(days=2), seed=1)
    save_run(store, TODAY - timedelta(days=9))   # the week before, once
    save_run(store, TODAY - timedelta(days=200))
    stats = StatsScene(app, today=TODAY)
    app.push(stats)
    stats.handle(key(K.K_w), 0)
    page = app.scene
    assert isinstance(page, WorkoutScene)
    page.draw(app.canvas)
    e = page.effort
    assert e.week.days_done == 2 and e.week.trained == (0, 2)
    circles = page.rects["week_days"]
    mon, tue, thu = (app.canvas.get_at((c[0] + 12, c[1]))[:3] for c in
                     (circles[0], circles[1], circles[3]))
    assert mon == plots.HOT and tue == (60, 90, 130) and thu == plots.EMPTY
    this_week, last_week = page.rects["weeks"][-1], page.rects["weeks"][-2]
    assert this_week.height > last_week.height > 0
    year = page.rects["year"]
    busy, once, idle = (year[d] for d in (TODAY - timedelta(days=2), TODAY - timedelta(days=9),
                                          TODAY - timedelta(days=3)))
    def shade(r):
        return sum(app.canvas.get_at((r.left + 1, r.bottom - 2))[:3])
    assert shade(busy) > shade(once) > shade(idle)
    assert TODAY - timedelta(days=200) in year
    assert len(page.rects["moves"]) == 1 and "speed_bag" in page.rects["tempo"]
    page.handle(key(K.K_ESCAPE), 0)
    assert app.scene is stats


def test_the_coach_tempo_line_rises_after_strong_weeks(app):
    store = app.store
    for k in range(4):                     # an S every week: the coach steps the tempo up
        save_run(store, TODAY - timedelta(weeks=3 - k, days=1))
    page = WorkoutScene(app, today=TODAY)
    app.push(page)
    pts = page.effort.tempo["speed_bag"]
    assert pts[-1][1] > pts[-4][1] > pts[0][1] - 1e-9
    ys = [y for _x, y in page.rects["tempo"]["speed_bag"]]
    assert ys[-1] < ys[-4]                 # faster is higher up


def open_training(app) -> SettingsScene:
    scene = SettingsScene(app)
    app.switch(scene)
    for _ in range(SECTIONS.index("Training")):
        scene.handle(key(K.K_DOWN), 0)
    scene.handle(key(K.K_RETURN), 0)
    assert scene.section_name == "Training"
    return scene


def test_training_settings_set_the_weight_the_goal_and_the_rest_days(app):
    scene = open_training(app)
    s = app.settings
    assert s.body_weight_kg == 0.0
    scene.handle(key(K.K_RIGHT), 0)                  # not given -> 70 kg
    assert s.body_weight_kg == 70.0
    scene.handle(key(K.K_RIGHT), 0)
    assert s.body_weight_kg == 71.0
    scene.handle(key(K.K_BACKSPACE), 0)              # forget it: minutes only
    assert s.body_weight_kg == 0.0
    scene.handle(key(K.K_DOWN), 0)
    scene.handle(key(K.K_RIGHT), 0)
    assert s.weekly_days == 4
    scene.handle(key(K.K_DOWN), 0)
    scene.handle(key(K.K_DOWN), 0)                   # rest days, cursor on Sunday
    scene.handle(key(K.K_RETURN), 0)
    scene.handle(key(K.K_LEFT), 0)
    scene.handle(key(K.K_RETURN), 0)                 # and Saturday
    assert s.rest_weekdays == [5, 6]
    assert app.store.load_settings().rest_weekdays == [5, 6]   # saved as you go
    scene.draw(app.canvas)


def test_a_timed_round_is_led_confirmed_and_kept_as_training(app):
    clock = [0]
    done = []
    scene = ExerciseScene(app, BY_KEY["plank"], done.append, clock_ns=lambda: clock[0])
    app.push(scene)
    scene.handle(key(K.K_RETURN), 0)
    assert scene.phase == "go"
    clock[0] = int(12e9)
    assert scene.remaining() == pytest.approx(18.0)
    scene.draw(app.canvas)
    clock[0] = int(31e9)
    scene.handle(key(K.K_SPACE), clock[0])
    assert scene.phase == "done" and scene.recorded
    (row,) = training_rows(app.store.conn)
    assert row.exercise == "plank" and row.seconds == pytest.approx(30.0) and row.count == 30
    assert app.store.attempts() == []              # training, never a score
    scene.draw(app.canvas)
    scene.handle(key(K.K_RETURN), 0)
    assert done == [True] and isinstance(app.scene, TitleScene)


def test_a_counted_round_counts_the_players_reps_and_esc_keeps_nothing(app):
    scene = ExerciseScene(app, BY_KEY["pushups"], clock_ns=lambda: 0)
    app.push(scene)
    scene.handle(key(K.K_RETURN), 0)
    for _ in range(7):
        scene.handle(key(K.K_SPACE), 0)
    scene.handle(key(K.K_RETURN), int(20e9))
    (row,) = training_rows(app.store.conn)
    assert row.count == 7 and row.seconds == pytest.approx(20.0)
    skipped = ExerciseScene(app, BY_KEY["squats"], clock_ns=lambda: 0)
    app.push(skipped)
    skipped.handle(key(K.K_RETURN), 0)
    skipped.handle(key(K.K_ESCAPE), 0)
    assert len(training_rows(app.store.conn)) == 1


def test_rounds_differ_between_gaps_and_days():
    day = date(2025, 6, 11)
    assert round_for(day, 0) != round_for(day, 1)
    assert round_for(day, 0) != round_for(day + timedelta(days=1), 0)
    assert round_for(day, 0) == round_for(day, 0)


def test_todays_montage_leads_an_off_keyboard_round_between_parts_when_asked():
    from game.app.scenes.daily import start_daily
    app, _window = make_app()
    open_services(app, time.perf_counter_ns())
    app.settings.exercise_rounds = True
    app.switch(TitleScene(app))
    start_daily(app)
    daily = app.scene
    daily.handle(key(K.K_RETURN), 0)
    play = app.scene
    part = daily.plan.parts[0]
    play.on_finish(autoplay(play.level, get_stage(part.stage), sigma_ms=20))
    round_ = app.scene
    assert isinstance(round_, ExerciseScene)
    (saved,) = app.store.attempts()              # the part's run keeps its workout
    assert set(saved.effort["stages"]) == set(part.stages) and saved.effort["work_s"] > 0
    daily.draw(app.canvas)
    round_.handle(key(K.K_ESCAPE), 0)           # skipped: back to the rest
    assert app.scene is daily and daily.rest_left() > 30
    app.store.close()


def test_the_results_timeline_shows_where_the_work_faded():
    from game.core.session import autoplay_inputs, simulate

    level = load_level(BAG)
    stage = get_stage(level.stage)
    works = [i for i, iv in enumerate(level.intervals) if iv.is_work]
    last_start, _end = level.interval_times(works[-1])
    kept = [i for i in autoplay_inputs(level, stage, 0) if i.time < last_start - 0.2]
    eff = simulate(level, stage, kept).summary()["effort"]
    rows = [r for r in eff["intervals"] if r[0] == "work"]
    assert rows[0][2] == rows[0][3] > 0 and rows[-1][2] == 0 < rows[-1][3]
    assert sum(r[1] for r in eff["intervals"]) == pytest.approx(level.duration, abs=0.2)
    surf = pygame.Surface((300, 40))
    segs = plots.interval_timeline(surf, pygame.Rect(0, 0, 300, 30), eff["intervals"])
    first, last = segs[eff["intervals"].index(rows[0])], segs[eff["intervals"].index(rows[-1])]
    assert surf.get_at((first.centerx, 2))[:3] == WORK          # done: filled to the top
    assert surf.get_at((last.centerx, last.bottom - 2))[:3] != WORK   # nothing done: empty
    assert "intervals" not in attempt_from_summary(
        simulate(level, stage, kept).summary(), level, "normal").effort   # not kept in history
