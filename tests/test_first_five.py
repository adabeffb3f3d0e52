"""The first five minutes as a new player meets them: the welcome once, a calibration by
median, a slow guided first round, a how-to once per stage, and results that teach."""

import random
import time

import pygame
import pytest

from game.app.howto import HowToCard
from game.app.progress_hooks import best_notes, record_result
from game.app.run import make_app, open_services
from game.app.scenes.play import PlayOptions, PlayScene
from game.app.scenes.results import ResultsScene
from game.app.scenes.title import TitleScene
from game.app.scenes.welcome import FirstCalibrationScene, WelcomeScene, maybe_welcome
from game.core.bot import bot_inputs
from game.core.calibration import calibrate_from_play, median_estimate
from game.core.debrief import debrief
from game.core.first_round import first_round_level, first_round_stage
from game.core.loader import builtin_level_paths, load_level
from game.core.session import Input, PlaySession, simulate
from game.progress.onboarding import Onboarding
from game.progress.store import ProgressStore
from game.stages import discover, get_stage

ENTER = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r")
ESC = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")


def key(k, uni=""):
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=uni)


def fresh_app():
    app, _window = make_app()
    open_services(app, time.perf_counter_ns())
    assert app.store is not None
    app.switch(TitleScene(app))
    return app


def reopen(app):
    """Quit and start again on the same data folder."""
    app.store.close()
    return fresh_app()


def early_player(level, early_ms, sigma_ms=10.0, miss_every=0, seed=2):
    stage = get_stage(level.stage)
    cues = PlaySession(level, stage).cues
    rng = random.Random(seed)
    inputs = [Input(i.action, i.time + early_ms / 1000 + rng.gauss(0, sigma_ms / 1000),
                    i.pressed)
              for k, i in enumerate(bot_inputs(cues, rng, 0.0))
              if not (miss_every and k % miss_every == 0)]
    return simulate(level, stage, inputs)


# -- first launch ---------------------------------------------------------------------------
def test_first_launch_welcomes_once_then_goes_straight_to_the_title():
    app = fresh_app()
    assert maybe_welcome(app) and isinstance(app.scene, WelcomeScene)
    app.scene.handle(ESC, 0)                      # skipped: straight to the title
    assert isinstance(app.scene, TitleScene)
    app = reopen(app)
    assert not maybe_welcome(app) and isinstance(app.scene, TitleScene)


def test_a_data_folder_with_runs_in_it_is_never_welcomed():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    record_result(app, early_player(level, 0), level, PlayOptions())
    app.store.settings_set("onboarding", {})       # as saved before the welcome existed
    app = reopen(app)
    assert not maybe_welcome(app)


def test_welcome_walks_calibration_then_a_slow_first_round_with_its_how_to():
    app = fresh_app()
    maybe_welcome(app)
    welcome = app.scene
    welcome.handle(ENTER, 0)
    assert isinstance(app.scene, FirstCalibrationScene)
    assert Onboarding(app.store).welcomed          # started: it will not show again
    app.scene.handle(ESC, 0)                       # skip the taps
    play = app.scene
    assert isinstance(play, PlayScene)
    stage = first_round_stage(discover().values())
    assert play.level.stage == stage.name and play.level.bpm <= 80
    assert play.level.duration < 60
    # its how-to comes first, with the stage's bound keys and the cue kinds it has
    assert isinstance(play.howto, HowToCard)
    page = play.howto.page
    assert page.stage is stage and "tap" in page.kinds
    assert page.keys[stage.actions[0]][0] == stage.default_keys[stage.actions[0]][0].upper()
    play.update(time.perf_counter_ns())
    assert not play.started                        # the song waits for the player
    play.handle(ENTER, 0)
    assert play.howto is None
    play.on_finish = None
    play._finish()
    assert isinstance(app.scene, ResultsScene)
    app.scene.handle(ESC, 0)                       # results of the first round: done
    assert isinstance(app.scene, TitleScene)


def test_the_first_round_draws_the_keys_on_its_cues():
    from game.app.rig import Rig
    stage = first_round_stage(discover().values())
    level = first_round_level(stage)
    app, _w = make_app()
    rig = Rig(level, app.text)
    assert rig.hud._cue_keys, "two lanes leave room for a key glyph on every disc"
    t = next(c.time for c in rig.session.cues) - 0.5
    plain = pygame.Surface((1280, 720))
    for _ in rig.draw(plain, t):
        pass
    rig.hud._cue_keys = {}
    bare = pygame.Surface((1280, 720))
    for _ in rig.draw(bare, t):
        pass
    assert pygame.image.tobytes(plain, "RGB") != pygame.image.tobytes(bare, "RGB")


def test_how_to_shows_once_per_stage():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    play = PlayScene(app, level, PlayOptions())
    assert play.howto is not None and play.howto.stages == [level.stage]
    play.handle(ENTER, 0)
    assert play.howto is None
    assert PlayScene(app, level, PlayOptions()).howto is None       # same session
    app = reopen(app)
    assert PlayScene(app, level, PlayOptions()).howto is None       # and after a restart
    other = next(load_level(p) for p in builtin_level_paths()
                 if load_level(p).stage != level.stage and not load_level(p).is_remix)
    assert PlayScene(app, other, PlayOptions()).howto is not None   # a new stage: its own
    assert PlayScene(app, other, PlayOptions(autoplay=True)).howto is None   # the bot's


def test_how_to_esc_goes_back_without_marking_the_stage_taught():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    app.push(PlayScene(app, level, PlayOptions()))
    app.scene.handle(ESC, 0)
    assert isinstance(app.scene, TitleScene)
    assert app.onboarding.needs_howto(level.stage)


# -- calibration ------------------------------------------------------------------------------
def test_first_calibration_takes_the_median_of_the_taps():
    beats = [1.0 + k * 0.6 for k in range(16)]
    taps = [b + 0.030 for b in beats[4:16]]
    taps[3] += 0.2                       # one wild tap
    taps[7] -= 0.15                      # and one early guess
    est = median_estimate(taps, beats)
    assert est.offset_ms == pytest.approx(30.0, abs=0.01)
    assert est.reliable


def test_first_calibration_saves_the_offset_it_heard():
    app = fresh_app()
    scene = FirstCalibrationScene(app)
    app.push(scene)
    scene.phase, scene.ref_ns = "tapping", 0
    targets = scene.targets[scene.LEAD:scene.LEAD + scene.TAPS]
    scene.taps = [t + 0.052 for t in targets]
    scene.finish(0)
    assert scene.saved and app.settings.audio_offset_ms == pytest.approx(52.0)
    assert app.store.load_settings().audio_offset_ms == pytest.approx(52.0)


def test_calibrate_from_play_centres_the_next_run():
    cal = calibrate_from_play([-0.044] * 20 + [-0.030, -0.060], 10.0, 4.0)
    assert cal.median_ms == pytest.approx(-44.0)
    assert cal.audio_offset_ms == pytest.approx(-34.0)
    assert cal.visual_offset_ms == pytest.approx(-40.0)   # the drawing moves with the sound
    assert cal.worth_it
    silent = calibrate_from_play([-0.044] * 20, 10.0, 4.0, silent=True)
    assert silent.audio_offset_ms == pytest.approx(-34.0)
    assert silent.visual_offset_ms == 4.0          # played to the picture: it stays put
    assert not calibrate_from_play([-0.044] * 5, 0.0, 0.0).worth_it   # too few hits
    assert not calibrate_from_play([0.001] * 50, 0.0, 0.0).worth_it   # already centred


def test_results_c_key_sets_the_offset_from_the_play():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    session = early_player(level, -44, miss_every=3)
    results = ResultsScene(app, session, level, PlayOptions(), [])
    assert results.debrief.offer_calibration
    results.handle(key(pygame.K_c, "c"), 0)          # first key: the reveal completes
    results.handle(key(pygame.K_c, "c"), 0)
    assert app.settings.audio_offset_ms == pytest.approx(-44.0, abs=6)
    assert app.store.load_settings().audio_offset_ms == app.settings.audio_offset_ms


def test_results_e_key_plays_again_on_easy():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    session = early_player(level, -60, miss_every=2)
    results = ResultsScene(app, session, level, PlayOptions(), [], reveal=False)
    app.push(results)
    assert results.debrief.low and results.debrief.offer_easy
    results.handle(key(pygame.K_e, "e"), 0)
    assert isinstance(app.scene, PlayScene) and app.scene.options.tier == "easy"


# -- what the results say ---------------------------------------------------------------------
def test_a_low_grade_says_why_in_the_stages_own_words():
    level = next(load_level(p) for p in builtin_level_paths()
                 if get_stage(load_level(p).stage).words.get("wrong")
                 and get_stage(load_level(p).stage).words["wrong"] != "WRONG HAND")
    stage = get_stage(level.stage)
    summary = {"grade": "F", "cues": 100, "strays": 0, "mean_offset_ms": -44.0,
               "judgements": {"perfect": 5, "great": 10, "good": 40, "miss": 30, "wrong": 15},
               "outcome": {}}
    cal = calibrate_from_play([-0.044] * 55, 0.0, 0.0)
    d = debrief(summary, [stage], "normal", cal)
    text = " ".join(d.why)
    assert "44 ms early" in text
    assert stage.words["wrong"].lower() + " 15" in text and "miss 30" in text
    assert d.offer_calibration and d.offer_easy
    assert not debrief(summary, [stage], "easy", cal).offer_easy
    passing = dict(summary, grade="A", mean_offset_ms=2.0,
                   judgements={"perfect": 90, "great": 10})
    assert debrief(passing, [stage], "normal", cal).why == ()


# -- personal bests -----------------------------------------------------------------------------
def test_a_failing_first_run_is_never_a_personal_best():
    assert best_notes(None, 5000, "F") == []
    assert best_notes(None, 5000, "D") == []
    assert best_notes(None, 5000, "B") == ["first clear: grade B"]
    assert best_notes(4000, 5000, "F") == []
    assert best_notes(4000, 5000, "D") == ["new personal best!"]
    assert best_notes(6000, 5000, "A") == []


def test_recording_a_first_run_f_says_nothing_about_bests():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    session = early_player(level, -70, miss_every=2)
    assert session.score.grade == "F"
    notes = record_result(app, session, level, PlayOptions())
    assert not any("best" in n or "clear" in n for n in notes)
    results = ResultsScene(app, session, level, PlayOptions(), notes)
    assert results.celebrations == []


def test_the_grade_is_revealed_unless_motion_is_reduced():
    app = fresh_app()
    level = load_level(builtin_level_paths()[0])
    session = early_player(level, 0)
    results = ResultsScene(app, session, level, PlayOptions(), [])
    app.push(results)
    assert results.animating(time.perf_counter_ns())
    first = pygame.Surface((1280, 720))
    results.draw(first)                               # the grade is not down yet
    results.handle(ENTER, 0)                          # a key shows it all, not a restart
    assert app.scene is results
    assert results.revealed and not results.animating(time.perf_counter_ns())
    final = pygame.Surface((1280, 720))
    results.draw(final)
    assert pygame.image.tobytes(first, "RGB") != pygame.image.tobytes(final, "RGB")
    app.settings.reduced_motion = True
    assert ResultsScene(app, session, level, PlayOptions(), []).revealed


def test_onboarding_survives_a_hand_edited_value(tmp_path):
    store, _n = ProgressStore.open(tmp_path / "p.db")
    store.settings_set("onboarding", {"welcomed": "yes", "taught": [1, "x" * 500, "ok"]})
    ob = Onboarding(store)
    assert not ob.welcomed and ob.taught == {"ok"}


def test_a_stage_with_too_many_lanes_for_glyphs_shows_the_bound_keys_on_its_card():
    """Six punches leave no room for a glyph on each disc: the combo card shows each
    punch's key instead, and it is the key the player bound, not the default."""
    from game.app.rig import Rig
    level = next(lv for p in builtin_level_paths() if not (lv := load_level(p)).is_remix
                 and len(get_stage(lv.stage).actions) > 4)
    stage = get_stage(level.stage)
    first = stage.actions[0]
    app, _w = make_app()
    frames = []
    for bindings in ({}, {f"{stage.name}.{first}": ["g"]}):
        rig = Rig(level, app.text, bindings=bindings)
        assert not rig.hud._cue_keys                    # no room on the discs
        cue = next(c for c in rig.session.cues if first in c.parts)
        rig.play_until([], cue.time - 0.3)
        surf = pygame.Surface((1280, 720))
        for _ in rig.view.draw(surf, cue.time - 0.3, rig.session.snapshot_of(stage.name)):
            pass
        frames.append((rig.view.key_label(first), pygame.image.tobytes(surf, "RGB")))
    (default_label, default_frame), (bound_label, bound_frame) = frames
    assert default_label == stage.default_keys[first][0].upper() and bound_label == "G"
    assert default_frame != bound_frame                 # the card drew the bound key


def test_a_remix_teaches_each_new_stage_on_its_own_page():
    app = fresh_app()
    remix = next(lv for p in builtin_level_paths() if (lv := load_level(p)).is_remix)
    stages = list(dict.fromkeys(remix.stages))
    play = PlayScene(app, remix, PlayOptions())
    assert play.howto.stages == stages and len(stages) > 1
    for k in range(len(stages) - 1):
        play.handle(ENTER, 0)                      # next page, still waiting
        assert play.howto is not None and play.howto.index == k + 1
    play.handle(ENTER, 0)
    assert play.howto is None
    assert not any(app.onboarding.needs_howto(s) for s in stages)
