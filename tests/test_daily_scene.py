"""Today's montage from the title: parts play in order, every part is saved as a daily
attempt, and finishing the last one keeps the streak."""

import time
from datetime import date

import pygame

from game.app.run import make_app, open_services
from game.app.scenes.daily import DailyScene, start_daily
from game.app.scenes.play import PlayScene
from game.app.scenes.title import TitleScene
from game.core.session import autoplay
from game.stages import get_stage


def test_daily_session_runs_part_by_part_and_counts_the_day():
    app, _window = make_app()
    open_services(app, time.perf_counter_ns())
    assert app.store is not None
    app.switch(TitleScene(app))
    labels = [label for _k, label, _a in app.scene.items]
    assert labels[0] == "Play" and "Today's montage" in labels   # Enter never starts it
    start_daily(app)
    daily = app.scene
    assert isinstance(daily, DailyScene)
    assert 5 * 60 <= daily.plan.seconds_at(app.settings.tier) <= 8 * 60
    assert app.store.streak(date.today())[0] == 0
    daily.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""),
                 0)
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="")
    for k, part in enumerate(daily.plan.parts):
        play = app.scene
        assert isinstance(play, PlayScene) and play.base_level is part
        session = autoplay(play.level, get_stage(part.stage), sigma_ms=20, seed=k)
        play.on_finish(session)
        if k < len(daily.plan.parts) - 1:
            # a result card and a real rest: Enter does nothing until the rest is over
            assert app.scene is daily and daily.rest_left() > 30
            now = time.perf_counter_ns()
            daily.handle(enter, now)
            assert app.scene is daily
            daily.handle(enter, now + int(41e9))
    assert app.scene is daily and daily.finished
    assert app.store.streak(date.today())[0] == 1
    attempts = app.store.attempts()
    assert len(attempts) == len(daily.plan.parts)
    assert all(a.daily and not a.autoplay for a in attempts)


def test_the_last_part_and_the_day_are_saved_together(tmp_path):
    """The finale's run and the day's completion are one transaction: both or neither."""
    from datetime import datetime

    from game.progress.attempt import AttemptRecord
    from game.progress.store import ProgressStore
    store, _notice = ProgressStore.open(tmp_path / "p.db")
    when = datetime.now().astimezone()
    rec = AttemptRecord("daily-x-finale", "h", "museum_steps", when, when.date(), "normal",
                        100, 90.0, "A", daily=True)
    store.conn.execute("CREATE TRIGGER no_days BEFORE INSERT ON daily_completions "
                       "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    _id, notice = store.save_attempt(rec, completes_day=when.date())
    assert notice is not None and not store.attempts()     # neither was written alone
    store.conn.execute("DROP TRIGGER no_days")
    assert store.flush_pending() == 1                      # both come back at the next chance
    assert store.attempts() and store.daily_done(when.date())
