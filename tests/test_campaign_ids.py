"""A custom level under a campaign level's id never clears the campaign, and the designer is
warned in stage select that the two would share progress."""

import time

from game.app.progress_hooks import record_result
from game.app.run import make_app, open_services
from game.app.scenes.play import PlayOptions
from game.core.catalogue import catalogue
from game.core.loader import load_level
from game.core.session import autoplay
from game.paths import user_levels_dir
from game.progress.campaign import unlocked
from game.stages import get_stage

FAKE = """id: speed-bag-rounds
title: Easy Copy
stage: speed_bag
tempo: 100
intervals:
  - work: 1
    pattern: "l..."
"""


def test_a_copy_under_the_campaign_id_does_not_unlock_or_set_bests():
    path = user_levels_dir() / "copy.yaml"
    path.write_text(FAKE)
    app, _window = make_app()
    open_services(app, time.perf_counter_ns())
    campaign = [e.level for e in catalogue(None)[0]]
    before = unlocked(app.store, campaign)
    fake = load_level(path)
    session = autoplay(fake, get_stage("speed_bag"))
    notes = record_result(app, session, fake, PlayOptions())
    assert "practice" in notes[0]
    assert unlocked(app.store, campaign) == before
    assert app.store.personal_best("speed-bag-rounds", "normal") is None
    real = campaign[0]
    notes = record_result(app, autoplay(real, get_stage(real.stage)), real, PlayOptions())
    assert "first clear: grade S" in notes          # the bot's perfect first run
    assert app.store.personal_best(real.id, "normal") is not None
    assert len(unlocked(app.store, campaign)) == len(before) + 1


def test_stage_select_warns_about_shared_ids():
    (user_levels_dir() / "a.yaml").write_text(FAKE)
    (user_levels_dir() / "b.yaml").write_text(FAKE.replace("speed-bag-rounds", "mine"))
    (user_levels_dir() / "c.yaml").write_text(FAKE.replace("speed-bag-rounds", "mine"))
    _campaign, custom = catalogue(user_levels_dir())
    shared = {e.path.name: [w.message for w in e.warnings if "share progress" in w.message]
              for e in custom}
    assert shared["a.yaml"] and "28_speed_bag_2_hard.yaml" in shared["a.yaml"][0]
    assert not shared["b.yaml"] and shared["c.yaml"] and "b.yaml" in shared["c.yaml"][0]
