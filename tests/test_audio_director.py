"""The audio director: silent when the mixer fails, the soundtrack on the clock's reference,
the horns joining on a combo and dropping for a bar on a miss, and the right effect for each
event."""

import time

import numpy as np
import pygame
import pytest

from game.audio import cache as audio_cache
from game.audio.director import AudioDirector
from game.audio.horns import HornGate
from game.audio.job import SoundtrackJob
from game.audio.sfx import effects
from game.core.events import (
    Bell,
    Call,
    CountIn,
    Fanfare,
    Hit,
    HoldEnded,
    IntervalStarted,
    LevelFinished,
    Miss,
    Stray,
)
from game.core.judge import Judgement
from game.core.level import Cue, Level, build_tempo_map, layout_intervals
from game.core.settings import Settings


def make_level(stage="speed_bag", bars=5, bpm=150.0, tag="dir"):
    raw = [{"kind": "work", "bars": bars, "pattern": "lrlrlrlr"}]
    intervals = layout_intervals(raw, 4)
    return Level(id=tag, title=tag, stage=stage, bpm=bpm, beats_per_bar=4,
                 intervals=tuple(intervals), tempo_map=build_tempo_map(bpm, 4, intervals),
                 content_hash=tag)


def cue(t=1.0, kind="tap"):
    return Cue(time=t, beat=t * 2.5, action="left", symbol="l", interval=0, kind=kind)


def hit(t=1.0, kind="tap"):
    return Hit(t, cue(t, kind), Judgement.PERFECT, 0.0, "left")


def miss(t=1.0):
    return Miss(t, cue(t), Judgement.MISS)


@pytest.fixture
def fresh_mixer():
    pygame.mixer.quit()
    yield
    pygame.mixer.quit()


@pytest.fixture
def director(fresh_mixer):
    d = AudioDirector.create(Settings())
    if not d.available:
        pytest.skip(f"the dummy audio driver would not open here: {d.reason}")
    yield d
    d.stop()


def test_a_failing_mixer_gives_a_silent_director_that_never_crashes(fresh_mixer, monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "init", refuse)
    d = AudioDirector.create(Settings())
    assert not d.available
    assert d.reason.startswith("no audio device") and "No available audio device" in d.reason
    job = d.prepare(make_level())
    assert job.done and job.error is None and job.progress == 1.0
    now = 7_000_000_000
    assert d.start(-1.6, now) == now + 1_600_000_000       # beat 0 in 1.6 s, on the clock
    for ev in (hit(), miss(), Stray(1.0, "left"), Bell(0.0, 3), CountIn(-1.0, 1, 4),
               LevelFinished(9.0)):
        d.on_event(ev, 3)
    d.click(accent=True)
    d.set_volumes(0.5, 0.5, 0.5)
    d.pause()
    d.stop()


def test_soundtrack_starts_on_the_reference_the_clock_is_given(director):
    level = make_level()
    job = director.prepare(level)
    assert job.wait(60) and job.error is None and job.progress == 1.0
    before = time.perf_counter_ns()
    ref = director.start(-level.lead_in, before)
    after = time.perf_counter_ns()
    latency = round(director.latency_s * 1e9)
    lead = round(level.lead_in * 1e9)
    # beat 0 sounds lead_in after the sound was started, plus the output latency
    assert before + latency + lead - 1000 <= ref <= after + latency + lead + 1000
    st = job.result
    assert np.array_equal(director.live[:st.frame_of(0.0)], st.base[:st.frame_of(0.0)])


def test_starting_mid_song_plays_from_that_song_time(director):
    level = make_level()
    job = director.prepare(level)
    assert job.wait(60) and job.error is None
    st = job.result
    t = 3.3
    before = time.perf_counter_ns()
    ref = director.start(t, before)
    k = st.frame_of(t)
    exact = st.start_time + k / st.sr
    assert ref - before >= round((director.latency_s - exact) * 1e9) - 1000
    assert np.array_equal(director.live[:2000], st.base[k:k + 2000])


def test_horns_join_on_a_combo_and_a_miss_drops_them_for_a_bar(director, monkeypatch):
    monkeypatch.setattr(director, "_start_feeder", lambda: None)   # we play the feeder's role
    level = make_level(bars=5)
    job = director.prepare(level)
    assert job.wait(60) and job.error is None
    st = job.result
    ref = director.start(0.0, time.perf_counter_ns())
    live, base = director.live, st.base
    k0 = st.frame_of(0.0)
    bars = [(int(s), int(e), int(o)) for s, e, o in st.horn_index]
    bar_s = [st.start_time + s / st.sr for s, _, _ in bars]
    ahead = director.latency_s + 0.1

    def feed_at(song_t):
        director.feed_horns(ref + round(song_t * 1e9))

    def with_horns(k):
        s, e, o = bars[k]
        return base[s:e].astype(np.int32) + st.horns[o:o + e - s]

    def region(k):
        s, e, _ = bars[k]
        return live[s - k0:e - k0].astype(np.int32)

    director.on_event(hit(0.2), 3)
    feed_at(bar_s[1] - ahead - 0.2)
    assert np.array_equal(region(1), base[bars[1][0]:bars[1][1]])    # combo 3: no horns yet
    director.on_event(hit(0.5), 12)
    feed_at(bar_s[1] - ahead - 0.1)
    assert np.array_equal(region(1), with_horns(1))                  # combo 12: they join
    # a miss a little into bar 1: the rest of bar 1 and all of bar 2 go quiet
    t_miss = bar_s[1] + 0.3
    director.on_event(miss(t_miss), 0)
    feed_at(t_miss)
    cut = st.frame_of(t_miss + ahead) - bars[1][0]
    assert np.array_equal(region(1)[:cut], with_horns(1)[:cut])     # what was heard stays
    tail = slice(cut + round(0.01 * st.sr), None)
    assert np.array_equal(region(1)[tail], base[bars[1][0]:bars[1][1]][tail])
    director.on_event(hit(t_miss + 0.1), 12)                         # combo back at once ...
    feed_at(bar_s[2] - ahead - 0.1)
    assert np.array_equal(region(2), base[bars[2][0]:bars[2][1]])    # ... still a bar off
    feed_at(bar_s[3] - ahead - 0.1)
    assert np.array_equal(region(3), with_horns(3))                  # then back in


def test_horn_gate_silences_the_rest_of_the_bar_and_the_next():
    gate = HornGate([(0.0, 2.0), (2.0, 4.0), (4.0, 6.0)], threshold=8)
    gate.update(9)
    assert gate.wanted(2.0)
    gate.miss(1.5)
    assert not gate.wanted(2.0)
    assert gate.wanted(4.0)
    gate.update(7)
    assert not gate.wanted(4.0)


def test_each_event_gets_its_stage_sound(director, monkeypatch):
    played = []
    monkeypatch.setattr(director, "_play", played.append)

    def sounds(stage, *events):
        director.stage = stage
        played.clear()
        for ev in events:
            director.on_event(ev, 0)
        return list(played)

    assert sounds("speed_bag", hit()) == ["rattle"]
    assert sounds("meat_locker", hit(), Call(0.5, "ONE-TWO!", 0)) == ["thud", "call"]
    assert sounds("museum_steps", hit(), hit(kind="hold")) == ["footfall"]
    assert sounds("museum_steps", Fanfare(5.0, "summit")) == ["crowd"]
    assert sounds("museum_steps", HoldEnded(5.0, cue(kind="hold"), True)) == []
    assert sounds("speed_bag", miss(), Stray(1.0, "left")) == ["whiff", "stray"]
    assert sounds("speed_bag", IntervalStarted(0.0, 0, "work", "")) == []
    # with no soundtrack playing, the director rings the bell and counts in itself
    assert sounds("speed_bag", Bell(0.0, 1), Bell(9.0, 3), CountIn(-1.0, 1, 4),
                  CountIn(-0.5, 2, 4)) == ["bell", "bell3", "click_accent", "click"]


def test_count_in_and_bells_come_from_the_soundtrack_while_it_plays(director, monkeypatch):
    job = director.prepare(make_level())
    assert job.wait(60) and job.error is None
    director.start(-1.6, time.perf_counter_ns())
    played = []
    monkeypatch.setattr(director, "_play", played.append)
    for ev in (CountIn(-1.6, 1, 4), Bell(0.0, 1), hit()):
        director.on_event(ev, 1)
    assert played == ["rattle"]      # no doubled bell or click: they are in the music, on time


def test_volumes_reach_the_music_channel(director):
    director.set_volumes(0.5, 0.5, 1.0)
    assert director._music.get_volume() == pytest.approx(0.25, abs=0.01)


def test_a_failed_render_leaves_the_director_silent_for_that_level(director, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("synthesiser on fire")

    monkeypatch.setattr(audio_cache, "compose", broken)
    job = director.prepare(make_level(tag="broken"))
    assert job.wait(60)
    assert job.done and "synthesiser on fire" in job.error
    now = 3_000_000_000
    assert director.start(0.5, now) == now - 500_000_000


def test_a_cancelled_job_leaves_nothing_in_the_cache():
    job = SoundtrackJob(make_level(bars=64, tag="cancel"))
    job.cancel()
    job.start()
    assert job.wait(60)
    assert job.error == "cancelled" and job.result is None
    root = audio_cache.soundtracks_dir()
    assert list(root.iterdir()) == []


def test_every_effect_is_a_short_audible_sound_that_starts_at_once():
    for name, x in effects().items():
        assert 0.05 < len(x) / 44100 < 4.0, name
        assert np.abs(x).max() == pytest.approx(1.0, abs=1e-3), name
        assert abs(float(x[-1])) < 0.05, name                      # no click at the end
        if name == "crowd":                                        # a swell, not a hit
            assert np.argmax(np.abs(x)) > 0.5 * 44100
            assert np.abs(x[:int(0.1 * 44100)]).max() < 0.2
        else:
            assert np.abs(x[:int(0.03 * 44100)]).max() > 0.05, name    # no late start
