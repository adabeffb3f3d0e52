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
    assert labels[0] == "Today's montage"
    start_daily(app)
    daily = app.scene
    assert isinstance(daily, DailyScene)
    assert 5 * 60 <= daily.plan.seconds_at(app.settings.tier) <= 8 * 60
    assert app.store.streak(date.today())[0] == 0
    daily.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""),
                 0)
    for k, part in enumerate(daily.plan.parts):
        play = app.scene
        assert isinstance(play, PlayScene) and play.base_level is part
        session = autoplay(play.level, get_stage(part.stage), sigma_ms=20, seed=k)
        play.on_finish(session)
    assert app.scene is daily and daily.finished
    assert app.store.streak(date.today())[0] == 1
    attempts = app.store.attempts()
    assert len(attempts) == len(daily.plan.parts)
    assert all(a.daily and not a.autoplay for a in attempts)
