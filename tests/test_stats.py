"""Stats: accuracy trend per stage, minutes per week, the 12-week calendar, the text and
JSON summaries, `montage stats`, and the stats scene's plots."""

import json
from datetime import UTC, date, datetime, timedelta

import pygame
import pytest

from game.cli import main
from game.progress.stats import WEEKS, summarize
from game.progress.store import AttemptRecord, ProgressStore
from game.stages import available_stages

TODAY = date(2025, 6, 11)   # a Wednesday


def played(store, day: date, stage="speed_bag", accuracy=90.0, minutes=2.0, **kw):
    at = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    store.record_attempt(AttemptRecord(
        level_id=kw.pop("level_id", f"{stage}-1"), content_hash="x", stage=stage,
        finished_at=at, local_date=day, tier="normal", score=1000, accuracy=accuracy,
        grade=kw.pop("grade", "A"), duration_s=minutes * 60, **kw))


@pytest.fixture
def store(tmp_path):
    s, _ = ProgressStore.open(tmp_path / "p.sqlite3")
    yield s
    s.close()


def test_minutes_per_week_and_calendar(store):
    played(store, TODAY, minutes=3)
    played(store, TODAY - timedelta(days=2), minutes=4)           # Monday, same week
    played(store, TODAY - timedelta(days=3), minutes=5)           # last Sunday
    played(store, TODAY - timedelta(days=9), minutes=1, practice=True)  # practice counts
    played(store, TODAY, minutes=60, autoplay=True)               # the bot never does
    played(store, TODAY - timedelta(days=200), minutes=9)         # outside the 12 weeks
    s = summarize(store, TODAY)
    assert len(s.weeks) == WEEKS and s.weeks[-1][0] == date(2025, 6, 9)
    assert s.weeks[-1][1] == pytest.approx(7.0)
    assert s.weeks[-2][1] == pytest.approx(5.0 + 1.0)
    assert len(s.calendar) == 7 * WEEKS and s.calendar[0].day.weekday() == 0
    by_day = {c.day: c for c in s.calendar}
    assert by_day[TODAY].minutes == pytest.approx(3.0) and by_day[TODAY].attempts == 1
    assert by_day[TODAY - timedelta(days=1)].attempts == 0
    assert s.minutes_total == pytest.approx(3 + 4 + 5 + 1 + 9)
    assert s.attempts == 5 and s.days_trained == 5


def test_accuracy_trend_per_stage_is_the_daily_mean_without_practice(store):
    for k, acc in enumerate([80.0, 85.0, 90.0]):
        played(store, TODAY - timedelta(days=5 - k), accuracy=acc)
    played(store, TODAY - timedelta(days=3), accuracy=95.0)       # same day as 90: mean
    played(store, TODAY, accuracy=10.0, practice=True)
    played(store, TODAY, accuracy=10.0, autoplay=True)
    played(store, TODAY, stage="meat_locker", accuracy=70.0)
    s = summarize(store, TODAY)
    assert [t.stage for t in s.trends] == ["speed_bag", "meat_locker"]
    bag = s.trends[0]
    assert [a for _d, a in bag.points] == pytest.approx([80.0, 85.0, 92.5])
    assert bag.latest == pytest.approx(92.5) and bag.change > 0
    assert s.trends[1].points == ((TODAY, 70.0),)


def test_streak_dailies_and_clears_are_summarised(store):
    for k in range(3):
        d = TODAY - timedelta(days=k)
        store.mark_daily_complete(d, datetime(d.year, d.month, d.day, 9, tzinfo=UTC))
    played(store, TODAY, level_id="speed-bag-rounds", grade="C")
    played(store, TODAY, level_id="custom-thing", grade="S")
    s = summarize(store, TODAY, campaign_ids={"speed-bag-rounds", "meat-locker-combos"})
    assert (s.streak_current, s.streak_best, s.dailies_done) == (3, 3, 3)
    assert s.levels_cleared == 1
    recent = [c.daily for c in s.calendar if TODAY - timedelta(days=3) < c.day <= TODAY]
    assert recent == [True] * 3


def test_text_and_json_say_the_same_thing(store):
    played(store, TODAY, accuracy=88.0, minutes=12)
    s = summarize(store, TODAY)
    data = json.loads(json.dumps(s.to_json()))
    assert data["minutes_per_week"][-1] == {"week_of": "2025-06-09", "minutes": 12.0}
    assert data["accuracy_trend"]["speed_bag"]["days"] == [{"date": "2025-06-11",
                                                            "accuracy": 88.0}]
    assert max(c["date"] for c in data["calendar"]) == "2025-06-11"   # no future days
    text = s.to_text()
    assert "Speed Bag" in text and "88.00%" in text and "week of 2025-06-09" in text
    assert text.encode("ascii", "replace").decode("ascii") == text    # any console


def test_stats_command_prints_text_and_json(capsys, tmp_path):
    data_dir = tmp_path / "portable"
    s, _ = ProgressStore.open(data_dir / "progress.sqlite3")
    played(s, date.today(), minutes=30)
    s.close()
    assert main(["--data-dir", str(data_dir), "stats"]) == 0
    assert "Trained 0 h 30 min on 1 days" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "stats", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["minutes_total"] == 30.0 and out["attempts"] == 1


def test_ten_years_of_history_summarise_consistently(tmp_path):
    from game.progress.bench import fill_history
    s, _ = ProgressStore.open(tmp_path / "decade.sqlite3")
    end = date(2035, 6, 30)
    n = fill_history(s, end)
    summary = summarize(s, end)
    assert summary.attempts == n
    assert summary.days_trained == summary.dailies_done > 365 * 5
    assert 1 <= summary.streak_best <= summary.days_trained
    assert {t.stage for t in summary.trends} == set(available_stages())   # every stage
    s.close()


def test_stats_scene_draws_the_plots_and_esc_goes_back(store):
    from game.app.run import make_app
    from game.app.scenes.stats import EMPTY_CELL, StatsScene
    from game.app.scenes.title import TitleScene
    played(store, TODAY, minutes=20, accuracy=80.0)
    played(store, TODAY - timedelta(days=1), minutes=5, accuracy=90.0)
    played(store, TODAY - timedelta(days=8), minutes=40, accuracy=95.0)
    store.mark_daily_complete(TODAY, datetime(2025, 6, 11, 9, tzinfo=UTC))
    app, _window = make_app()
    app.store = store
    app.switch(TitleScene(app))
    scene = StatsScene(app, today=TODAY)
    app.push(scene)
    scene.draw(app.canvas)

    def colour(rect):
        return tuple(app.canvas.get_at((rect.left + 3, rect.bottom - 3)))[:3]

    busy, light = scene.cell_rects[TODAY], scene.cell_rects[TODAY - timedelta(days=1)]
    idle = scene.cell_rects[TODAY - timedelta(days=2)]
    assert colour(idle) == EMPTY_CELL
    assert sum(colour(busy)) > sum(colour(light)) > sum(colour(idle))
    assert app.canvas.get_at(busy.center)[:3] == (255, 250, 235)   # today's montage mark
    last_week, this_week = scene.bar_rects[-2], scene.bar_rects[-1]
    assert last_week.height > this_week.height > 0 and scene.bar_rects[0].height == 0
    ys = [y for _x, y in scene.trend_points["speed_bag"]]
    assert ys[0] < ys[1] < ys[2]          # 95%, 90%, 80%: higher accuracy is higher up
    pygame.event.clear()
    scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode=""),
                 0)
    assert isinstance(app.scene, TitleScene)
