"""Replays: every recorded run keeps its inputs with it (one transaction, the journal and
kill -9 included), re-simulates to the same score and judgements, refuses a level that
changed, and the personal best plays beside you as a ghost."""

import json
import random
import signal
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from game.app.ghost import Ghost, ghost_for
from game.app.progress_hooks import record_result, replay_for
from game.app.scenes.play import PlayOptions
from game.cli import main
from game.core.difficulty import windows_for
from game.core.events import Input, Judged, Stray
from game.core.loader import load_level, parse_level
from game.core.replay import (
    ReplayError,
    decode_inputs,
    decode_trace,
    encode_inputs,
    encode_trace,
    replay_of,
    verify,
)
from game.core.session import PlaySession, Tick, autoplay, simulate
from game.progress import journal
from game.progress.attempt import attempt_from_summary
from game.progress.store import ProgressStore
from game.stages import get_stage
from tests.crash_util import run_and_kill

ROOT = Path(__file__).resolve().parents[1]
LEVEL = ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml"
WRITER = Path(__file__).with_name("replay_crash_writer.py")

SHORT = """id: replay-short
title: Replay Short
stage: speed_bag
tempo: 120
lead_in_bars: 1
intervals:
  - work: 2
    pattern: "l.r.l.r.|lrlrL.R."
"""


def bot_run(level, tier="normal", sigma_ms=25.0, seed=3):
    played = level.with_tempo_scale(1.08) if tier == "hard" else level
    session = autoplay(played, get_stage(level.stage), sigma_ms, seed, windows_for(tier))
    rp = replay_for(session, level, tier, assist=False, tempo_scale=1.08 if tier == "hard"
                    else 1.0)
    return session, rp


def cli_json(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


# -- the format ----------------------------------------------------------------------------
def test_inputs_and_judgements_round_trip_to_the_microsecond_compactly():
    level = load_level(LEVEL)
    session, rp = bot_run(level)
    blob = encode_inputs(rp.inputs)
    back = decode_inputs(blob)
    assert back == list(rp.inputs)
    assert all(round(e.time * 1e6) / 1e6 == e.time for e in back)
    assert decode_trace(encode_trace(rp.trace)) == list(rp.trace)
    assert len(blob) < 4 * len(rp.inputs)        # a few bytes an input, not a JSON list
    with pytest.raises(ReplayError):
        decode_inputs(blob[:-7])
    with pytest.raises(ReplayError):
        decode_inputs(b"not a replay")


def test_the_live_session_judges_the_very_times_a_replay_keeps():
    level = parse_level(SHORT)
    stage = get_stage(level.stage)
    s = PlaySession(level, stage)
    s.press("left", 0.1234567891)
    assert s.log == [Input("left", 0.123457, True)]


def test_an_input_stamped_before_time_already_passed_replays_the_same():
    # after a pause the count-in bar replays song time the session already reached: a press
    # then is judged after cues out of reach by the pause were settled. The replay keeps a
    # tick, so it settles them at the same point instead of hitting them late.
    level = parse_level(SHORT)
    stage = get_stage(level.stage)
    live = PlaySession(level, stage)
    first = live.cues[0]
    live.advance(first.time + 0.5)                        # paused here: the cue is missed
    live.press(first.action, first.time + 0.01)           # resumed a bar back, pressed
    live.advance(live.end_time + 1.0)
    assert any(isinstance(e, Tick) for e in live.log)
    again = simulate(level, stage, live.log, recorded=True)
    assert again.trace == live.trace and again.score.score == live.score.score
    no_tick = simulate(level, stage, [e for e in live.log if isinstance(e, Input)],
                       recorded=True)
    assert no_tick.trace != live.trace                    # without it the cue is hit


# -- the store -----------------------------------------------------------------------------
def test_the_store_keeps_the_replay_with_the_attempt_and_lists_it(tmp_path):
    level = load_level(LEVEL)
    session, rp = bot_run(level, tier="hard")
    store, _ = ProgressStore.open(tmp_path / "progress.sqlite3")
    rec = attempt_from_summary(session.summary(), level, "hard", replay=rp)
    aid = store.record_attempt(rec)
    back = store.replay(aid)
    assert back == rp
    rows = store.replays()
    assert [(r.attempt_id, r.attempt.score, r.presses) for r in rows] == \
        [(aid, session.score.score, rp.presses)]
    assert back.game_version and back.content_hash == level.content_hash
    store.close()


def test_a_run_the_database_refuses_keeps_its_replay_in_the_journal(tmp_path):
    level = load_level(LEVEL)
    session, rp = bot_run(level)
    db = tmp_path / "progress.sqlite3"
    store, _ = ProgressStore.open(db)
    store.conn.execute("PRAGMA query_only = ON")
    rid, notice = store.save_attempt(attempt_from_summary(session.summary(), level,
                                                          "normal", replay=rp))
    assert rid is None and "pending-runs.json" in notice
    kept = journal.read_pending(journal.journal_path(db))
    assert kept[0].replay == rp
    store.close()
    again, notice = ProgressStore.open(db)              # written at the next start
    assert "saved now" in notice
    (row,) = again.replays()
    assert again.replay(row.attempt_id) == rp
    again.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_never_keeps_an_attempt_without_its_inputs(tmp_path):
    """Saved or kept in the journal, every run the writer reported comes back with its
    inputs intact once the store opens again; no attempt is ever without its replay."""
    db = tmp_path / "progress.sqlite3"
    rng = random.Random(1505)
    reported: dict[int, int] = {}
    for k in range(10):
        reported.update(run_and_kill(WRITER, db, k, rng, 30, settle_s=0.01))
    assert len(reported) > 10
    store, _ = ProgressStore.open(db)                    # the journal is written now
    rows = {r.attempt.score: r.attempt_id for r in store.replays()}
    assert len(rows) == len(store.attempt_ids())         # never an attempt alone
    for score, crc in reported.items():
        assert score in rows, f"a reported run is lost: {score}"
        stored = store.replay(rows[score])
        assert zlib.crc32(encode_inputs(stored.inputs)) == crc
    store.close()


# -- verify ---------------------------------------------------------------------------------
def test_verify_holds_a_replay_to_the_score_and_every_judgement():
    level = load_level(LEVEL)
    stage = get_stage(level.stage)
    session, rp = bot_run(level, sigma_ms=35.0)
    good = verify(level, rp, stage, session.score.score, session.score.counts)
    assert good.verified and good.replayed_score == session.score.score
    assert not verify(level, rp, stage, session.score.score + 1).verified
    # one press nudged 60 ms: a judgement changes and the replay no longer verifies
    inputs = list(rp.inputs)
    k = next(i for i, e in enumerate(inputs) if isinstance(e, Input) and e.pressed)
    inputs[k] = replace(inputs[k], time=inputs[k].time + 0.06)
    bad = verify(level, replace(rp, inputs=tuple(inputs)), stage, session.score.score)
    assert not bad.verified and "judgement" in bad.reason and bad.mismatches >= 1


def test_play_save_then_list_verify_and_export(capsys):
    code, played = cli_json(capsys, "play", str(LEVEL), "--autoplay", "--headless",
                            "--save", "--json", "--bot-sigma-ms", "30", "--tier", "hard")
    assert code == 0
    code, listed = cli_json(capsys, "replays", "--json")
    (item,) = listed["replays"]
    assert item["id"] == played["saved_as"] and item["score"] == played["score"]
    assert item["level"] == played["level"] and item["tier"] == "hard"
    code, checked = cli_json(capsys, "replay", str(item["id"]), "--verify", "--json")
    assert code == 0 and checked["verified"] is True
    code, exported = cli_json(capsys, "replay", str(item["id"]), "--inputs", "--json")
    presses = [e for e in exported["inputs"] if e["pressed"]]
    j = played["judgements"]
    judged_presses = j["perfect"] + j["great"] + j["good"] + j["wrong"] + played["strays"]
    assert len(presses) == judged_presses == exported["presses"]


def test_a_level_changed_since_says_so_instead_of_mis_scoring(tmp_path, capsys):
    path = tmp_path / "short.yaml"
    path.write_text(SHORT)
    code, played = cli_json(capsys, "play", str(path), "--autoplay", "--headless", "--save",
                            "--json")
    rid = str(played["saved_as"])
    path.write_text(SHORT.replace("lrlrL.R.", "lrlrlrlr"))   # the designer edits it
    code, checked = cli_json(capsys, "replay", rid, "--verify", "--json")
    assert code == 1 and checked["verified"] is False and checked["level_changed"]
    assert "has changed since this run was recorded" in checked["reason"]
    assert main(["replay", rid]) == 2                       # not played in a window either
    assert "has changed" in capsys.readouterr().err
    path.write_text(SHORT)                                  # put back: it verifies again
    code, checked = cli_json(capsys, "replay", rid, "--verify", "--json")
    assert code == 0 and checked["verified"] is True


def test_an_unknown_id_and_a_run_without_inputs_are_told(capsys):
    assert main(["replay", "99", "--verify", "--json"]) == 2
    assert "no run with id 99" in capsys.readouterr().out


# -- the ghost ------------------------------------------------------------------------------
@pytest.fixture
def app():
    from game.app.run import make_app, open_services
    app, _window = make_app()
    open_services(app, 0)
    assert app.store is not None
    app.onboarding.mark_taught(["speed_bag"])  # its first how-to card: tests/test_first_five
    audio = app.audio                         # a test may swap it: the device is closed anyway
    yield app
    app.store.close()
    if audio is not None:
        audio.close()


def scores_over_time(session_events):
    return [(e.time, e.score) for e in session_events if isinstance(e, Judged | Stray)]


def test_the_ghost_is_the_personal_best_and_the_difference_runs_with_the_song(app):
    level = load_level(LEVEL)
    stage = get_stage(level.stage)
    for sigma in (45.0, 10.0, 60.0):                     # the 10 ms run is the best
        record_result(app, autoplay(level, stage, sigma, 1), level, PlayOptions())
    best = app.store.personal_best(level.id, "normal")
    ghost = ghost_for(app.store, level, "normal", False, 1.0)
    assert ghost is not None and ghost.final_score == best.score
    # a player worse than the best: behind at the end by exactly the scores' difference
    mine_events: list = []
    mine = simulate(level, stage, autoplay(level, stage, 70.0, 9).log, recorded=True,
                    listen=mine_events.extend)
    end = mine.end_time
    assert ghost.difference(mine.score.score, end) == mine.score.score - best.score < 0
    # and mid-song it compares with what the best had by then, not its final score
    mid = end / 2
    my_mid = max((s for t, s in scores_over_time(mine_events) if t <= mid), default=0)
    assert 0 < ghost.score_at(mid) < best.score
    assert ghost.difference(my_mid, mid) == my_mid - ghost.score_at(mid)


def test_a_best_from_another_tempo_lines_up_with_this_runs_cues():
    level = load_level(LEVEL)
    stage = get_stage(level.stage)
    session = autoplay(level, stage, 0.0, 1)         # a perfect best at the file's tempo
    rp = replay_of(session, level, tier="normal", assist=False, tempo_scale=1.0,
                   game_version="t")
    ghost = Ghost.from_replay(level, rp, 1.1)           # today the coach set 110 %
    faster = PlaySession(level.with_tempo_scale(1.1), stage).cues
    taps = sorted(c.time for c in faster)
    assert len(ghost.press_times) == len(taps)
    assert max(abs(a - b) for a, b in zip(ghost.press_times, taps, strict=True)) < 1e-5


def test_the_ghost_plays_beside_a_run_unless_turned_off(app):
    from game.app.scenes.play import PlayScene
    level = load_level(LEVEL)
    record_result(app, autoplay(level, get_stage(level.stage), 20.0, 1), level,
                  PlayOptions())
    assert PlayScene(app, level, PlayOptions()).hud.ghost is not None
    app.settings.ghost = False
    assert PlayScene(app, level, PlayOptions()).hud.ghost is None
    app.settings.ghost = True
    assert PlayScene(app, level, PlayOptions(practice=True)).hud.ghost is None


def test_the_ghost_is_the_best_on_the_level_as_it_is_now(app):
    from game.app.scenes.play import PlayScene
    level = parse_level(SHORT, "short.yaml")
    stage = get_stage(level.stage)
    record_result(app, autoplay(level, stage, 0.0, 1), level, PlayOptions())
    changed = parse_level(SHORT.replace("lrlrL.R.", "lrlrlrlr"), "short.yaml")
    assert PlayScene(app, changed, PlayOptions()).hud.ghost is None   # no stale ghost
    # the edited level's first run is worse than the old best, yet it is its ghost now
    worse = autoplay(changed, stage, 80.0, 2)
    record_result(app, worse, changed, PlayOptions())
    assert app.store.personal_best(level.id, "normal").score > worse.score.score
    ghost = PlayScene(app, changed, PlayOptions()).hud.ghost
    assert ghost is not None and ghost.final_score == worse.score.score


def test_the_ghost_is_drawn_on_the_cue_track_and_the_hud():
    import pygame

    from game.app.rig import Rig
    from game.gfx.text import TextCache
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1280, 720))
    level = load_level(LEVEL)
    stage = get_stage(level.stage)
    rp = replay_of(autoplay(level, stage, 40.0, 2), level, tier="normal", assist=False,
                   tempo_scale=1.0, game_version="t")
    ghost = Ghost.from_replay(level, rp, 1.0)
    text = TextCache()
    t = 12.0  # in the first round: cues on the track
    frames = []
    for g in (None, ghost):
        rig = Rig(level, text, ghost=g, silent=True)
        rig.play_until([], t)
        canvas = pygame.Surface((1280, 720))
        for _ in rig.draw(canvas, t):
            pass
        frames.append(canvas)
    track = pygame.Rect(0, rig.view.cue_track_y, 1280, 720 - rig.view.cue_track_y)
    corner = pygame.Rect(1000, 96, 280, 24)
    for area in (track, corner):
        a = pygame.image.tobytes(frames[0].subsurface(area), "RGB")
        b = pygame.image.tobytes(frames[1].subsurface(area), "RGB")
        assert a != b, f"the ghost is not drawn in {area}"


def test_a_ghost_ring_the_hit_line_passed_widens_and_fades_out():
    import numpy as np
    import pygame

    from game.app.ghost import FADE_STEPS, fading_ring
    rings = [fading_ring(12, k) for k in range(FADE_STEPS)]
    peak = [int(np.max(pygame.surfarray.array_alpha(r))) for r in rings]
    assert peak == sorted(peak, reverse=True) and peak[0] > 150 and peak[-1] < 20
    widths = [r.get_width() for r in rings]
    assert widths == sorted(widths) and widths[-1] > widths[0]


def test_a_daily_part_is_composed_again_from_the_plan_its_replay_keeps(app, capsys):
    from datetime import date

    from game.core.catalogue import catalogue
    from game.progress.daily import todays_montage
    campaign = [e.level for e in catalogue(None)[0] if e.level is not None]
    plan = todays_montage(app.store, campaign, date.today())
    part = plan.parts[0]
    session = autoplay(part, get_stage(part.stage), 20.0, 4)
    record_result(app, session, part, PlayOptions(), daily=True)
    (row,) = app.store.replays()
    assert row.attempt.daily
    code, checked = cli_json(capsys, "replay", str(row.attempt_id), "--verify", "--json")
    assert code == 0 and checked["verified"] is True


def test_a_damaged_replay_is_told_not_a_crash(capsys):
    import sqlite3
    code, played = cli_json(capsys, "play", str(LEVEL), "--autoplay", "--headless",
                            "--save", "--json")
    store, _ = ProgressStore.open()
    db = store.path
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE replays SET inputs = ?", (b"\x78\x9c garbage",))
    conn.commit()
    conn.close()
    assert main(["replay", str(played["saved_as"]), "--verify", "--json"]) == 2
    assert "cannot be read" in capsys.readouterr().out
    code, listed = cli_json(capsys, "replays", "--json")     # the list still shows it
    assert code == 0 and len(listed["replays"]) == 1


def test_watching_a_replay_seeks_and_pauses_without_changing_the_run(app):
    import pygame

    from game.app.scenes.replay import ReplayScene
    level = load_level(LEVEL)
    session, rp = bot_run(level, sigma_ms=30.0)
    app.audio = None
    scene = ReplayScene(app, level, rp)
    ns = time.perf_counter_ns() + 10**10                  # a moment ahead of the clock
    scene.update(ns)                                      # starts at the count-in

    def at(seconds):
        scene.update(ns + int((seconds - scene.start) * 1e9))

    def key(k):
        scene.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""), ns)
    mid = session.cues[len(session.cues) // 3].time + 2.0   # in a round, cues just before
    at(mid)
    straight = scene.rig.session.score.score
    assert 0 < straight < session.score.score
    key(pygame.K_SPACE)                                   # paused: time stands still
    assert scene.paused
    scene.update(ns + 10**11)
    assert scene.t == pytest.approx(mid, abs=0.01)
    key(pygame.K_LEFT)                                    # back 5 s and forward again
    assert scene.t == pytest.approx(mid - 5.0, abs=0.01)
    assert scene.rig.session.score.score < straight
    key(pygame.K_RIGHT)
    assert scene.rig.session.score.score == straight
    for _ in range(200):                                  # to the end: the recorded score
        key(pygame.K_RIGHT)
    assert scene.rig.session.finished
    assert scene.rig.session.score.score == session.score.score


class HeardAudio:
    """An audio director that only notes what it is asked to sound."""
    available = True

    def __init__(self):
        self.heard = []

    def prepare(self, level):
        return None                     # no soundtrack job: the replay starts at once

    def on_events(self, events, combo):
        self.heard += [type(ev).__name__ for ev in events]

    def pause(self):
        pass

    def stop(self):
        pass


def test_a_replay_sounds_its_hits_as_it_plays_and_a_seek_is_silent(app):
    import pygame

    from game.app.scenes.replay import ReplayScene
    level = load_level(LEVEL)
    session, rp = bot_run(level, sigma_ms=30.0)
    app.audio = HeardAudio()
    scene = ReplayScene(app, level, rp)
    ns = time.perf_counter_ns() + 10**10
    scene.update(ns)
    first = session.cues[0].time
    scene.update(ns + int((first + 1.0 - scene.start) * 1e9))
    hits = app.audio.heard.count("Hit")
    assert hits >= 1                                      # the first cues, heard
    app.audio.heard.clear()
    for _ in range(3):                                    # 15 s forward at once: silent
        scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0,
                                        unicode=""), ns)
    assert "Hit" not in app.audio.heard
    assert scene.rig.session.score.score > 0


def test_a_run_paused_and_resumed_in_the_play_scene_keeps_a_replay_that_verifies(app):
    """The scene's own path: keys stamped by the loop, a pause, a resume whose count-in bar
    replays song time already judged, and a press in its last beat (stamped before time
    the session has passed): the saved replay still verifies."""
    import pygame

    from game.app.scenes.play import PlayScene
    from game.app.scenes.results import ResultsScene
    level = parse_level(SHORT, "short.yaml")
    app.audio = None
    scene = PlayScene(app, level, PlayOptions())
    app.switch(scene)
    scene.update(time.perf_counter_ns())
    ref = scene.clock.reference_ns
    keys = {"left": pygame.K_f, "right": pygame.K_j}

    def stamp(song_t):
        return scene.clock.reference_ns + int(song_t * 1e9)

    def key(kind, action, song_t):
        ns = stamp(song_t)
        scene.handle(pygame.event.Event(kind, key=keys[action], mod=0, unicode="",
                                        scancode=0), ns)
        scene.update(ns)
    cues = scene.session.cues
    for cue in cues[:4]:
        key(pygame.KEYDOWN, cue.action, cue.time + 0.01)
        key(pygame.KEYUP, cue.action, cue.time + 0.05)
    reach = scene.session.windows.reach
    paused_at = cues[4].time + reach + 0.005               # cue 4 went by unplayed: a miss
    scene.update(stamp(paused_at))

    def esc(ns):
        scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0,
                                        unicode=""), ns)
    esc(stamp(paused_at))
    assert scene.paused
    esc(stamp(paused_at) + 3 * 10**9)                      # resume a bar back
    assert not scene.paused and scene.clock.reference_ns != ref
    late = cues[4].time + reach - 0.002                    # in the count-in's last beat:
    key(pygame.KEYDOWN, cues[4].action, late)              # in cue 4's reach, but it is
    key(pygame.KEYUP, cues[4].action, late + 0.03)         # settled: a stray
    for cue in cues[5:]:
        key(pygame.KEYDOWN, cue.action, cue.time - 0.02)
        key(pygame.KEYUP, cue.action, cue.time + 0.03)
    end = stamp(scene.session.end_time + 0.1)
    for k in range(40):                                    # the last bells ring, results
        scene.update(end + k * 10**8)
    assert isinstance(app.scene, ResultsScene)
    (row,) = app.store.replays()
    rp = app.store.replay(row.attempt_id)
    assert any(isinstance(e, Tick) for e in rp.inputs)
    assert (cues[4].index, "miss", "") in rp.trace and (-1, "stray", "") in rp.trace
    result = verify(level, rp, get_stage(level.stage), row.attempt.score,
                    row.attempt.judgements)
    assert result.verified, result.reason
