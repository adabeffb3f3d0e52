"""The audio director: silent when the mixer fails, the soundtrack on the clock's reference,
the horns joining on a combo and dropping for a bar on a miss, and the right effect for each
event."""

import time

import numpy as np
import pygame
import pytest

from game.audio import cache as audio_cache
from game.audio import director as director_module
from game.audio.director import AudioDirector
from game.audio.horns import HornGate
from game.audio.job import SoundtrackJob
from game.audio.sfx import effects
from game.core.clock import SongClock
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


NS = 1_000_000_000
T0 = 50 * NS


def stamp_device(d, seconds=2.0, start_ns=T0):
    """Play the device's part: callbacks exactly on time, one period each."""
    n = round(seconds * d.sr / d.chunk)
    for _k in range(n):
        pos = d.mixer.position
        d.clock.record(start_ns + round(pos * NS / d.sr), pos)
        d.mixer.fill(d.chunk)
    return start_ns + round(d.mixer.position * NS / d.sr)


@pytest.fixture
def offline():
    d = AudioDirector.offline(Settings())
    d.set_volumes(1.0, 1.0, 1.0)
    stamp_device(d)
    yield d
    d.stop()


@pytest.fixture
def director():
    d = AudioDirector.create(Settings())
    if not d.available:
        pytest.skip(f"the dummy audio driver would not open here: {d.reason}")
    yield d
    d.close()


def test_a_failing_device_gives_a_silent_director_that_never_crashes(monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(director_module.Output, "open", refuse)
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
    d.close()


def test_a_real_device_is_fed_by_our_callback_and_its_clock_runs(director):
    # a second of callbacks: the fitted rate then rests on several envelope points, not on
    # two that one late callback on a busy machine can tip by 5 %
    deadline = time.monotonic() + 10.0
    while director.output.callbacks < 100 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert director.output.callbacks >= 100
    assert director.clock.ready
    assert director.clock.rate() == pytest.approx(director.sr, rel=0.05)
    now = time.perf_counter_ns()       # the fill position is near the fitted one
    assert abs(director.sample_at(now) - director.mixer.position) < 8 * director.chunk


def music_sample(d, st, k):
    """The device sample on which soundtrack frame k is mixed."""
    return d._live_start + k - d._live_first


def test_the_soundtrack_starts_on_its_sample_and_the_reference_says_when(offline):
    d = offline
    level = make_level()
    job = d.prepare(level)
    assert job.wait(60) and job.error is None and job.progress == 1.0
    st = job.result
    now = T0 + round(d.mixer.position * NS / d.sr) + 123_457   # part-way into a period
    ref = d.start(-level.lead_in, now)
    at = music_sample(d, st, st.frame_of(-level.lead_in))
    assert at == d.reactive_sample(now) > d.mixer.position
    # beat 0 is heard when its sample (plus the output latency) reaches the device
    beat0 = at + round(level.lead_in * d.sr)
    assert ref == pytest.approx(T0 + (beat0 + d.output_latency) * NS / d.sr, abs=NS / d.sr)
    # what the device is given: silence, then the soundtrack from exactly that sample
    lead = at - d.mixer.position
    out = np.concatenate([d.mixer.fill(d.chunk) for _ in range(40)])
    assert not out[:lead].any()
    k = st.frame_of(-level.lead_in)
    assert np.array_equal(out[lead:], st.base[max(k, 0):max(k, 0) + len(out) - lead])


def test_starting_mid_song_plays_from_that_song_time(offline):
    d = offline
    job = d.prepare(make_level())
    assert job.wait(60) and job.error is None
    st = job.result
    t = 3.3
    now = T0 + round(d.mixer.position * NS / d.sr)
    ref = d.start(t, now)
    k = st.frame_of(t)
    exact = st.start_time + k / st.sr
    at = music_sample(d, st, k)
    assert ref == pytest.approx(T0 + (at + d.output_latency) * NS / d.sr - exact * NS,
                                abs=NS / d.sr)
    out = np.concatenate([d.mixer.fill(d.chunk) for _ in range(20)])
    lead = at - (d.mixer.position - len(out))
    assert np.array_equal(out[lead:lead + 2000], st.base[k:k + 2000])


def test_the_song_clock_follows_a_device_that_runs_fast(offline):
    d = offline
    job = d.prepare(make_level(bars=40))
    assert job.wait(60) and job.error is None
    now = stamp_device(d, 0.0)
    ref = d.start(0.0, now)
    clock = SongClock(ref, now_ns=lambda: 0)
    # the device now plays 0.1 % fast: 20 s later it is 20 ms ahead of the CPU's clock
    fast = 1.001
    start_pos, start_ns = d.mixer.position, now
    for _ in range(round(20.0 * d.sr / d.chunk)):
        pos = d.mixer.position
        stamp = start_ns + round((pos - start_pos) * NS / (d.sr * fast))
        d.clock.record(stamp, pos)
        d.mixer.fill(d.chunk)
        d.sync_clock(clock, stamp + 1_000_000)
    end = start_ns + round((d.mixer.position - start_pos) * NS / (d.sr * fast))
    assert clock.raw_time(end) == pytest.approx(d.heard_time(end), abs=0.0005)
    assert clock.rate == pytest.approx(fast, abs=2e-4)
    assert d.heard_time(end) - (end - ref) / NS > 0.015     # unsynced, it would be 20 ms off


def test_reactive_sounds_come_at_one_latency_wherever_the_period_boundary_falls(offline):
    d = offline
    base = T0 + round(d.mixer.position * NS / d.sr)
    period_ns = d.chunk * NS / d.sr
    latencies = []
    for k in range(24):              # instants spread across one device period
        now = base + round(k / 24 * period_ns)
        at = d.reactive_sample(now)
        latencies.append(at / d.sr - (now - T0) / NS)
    assert max(latencies) - min(latencies) < 1.5 / d.sr     # one sample of rounding, no more
    d._play("rattle", now_ns=base)
    lead = d.reactive_sample(base) - d.mixer.position
    out = np.concatenate([d.mixer.fill(d.chunk) for _ in range(8)])
    assert not out[:lead].any() and np.abs(out[lead]).max() > 0


def test_horns_join_on_a_combo_and_a_miss_drops_them_for_a_bar(offline):
    d = offline
    level = make_level(bars=5)
    job = d.prepare(level)
    assert job.wait(60) and job.error is None
    st = job.result
    d.start(0.0, T0 + round(d.mixer.position * NS / d.sr))
    live, base = d.live, st.base
    k0 = st.frame_of(0.0)
    bars = [(int(s), int(e), int(o)) for s, e, o in st.horn_index]

    def mix_until(frame):
        """Let the device mix the soundtrack up to `frame`, the horn feeder keeping up."""
        while d._live_first + d.mixer.position - d._live_start < frame:
            d.feed_horns()
            d.mixer.fill(d.chunk)
        d.feed_horns()

    def with_horns(k):
        s, e, o = bars[k]
        return base[s:e].astype(np.int32) + st.horns[o:o + e - s]

    def region(k):
        s, e, _ = bars[k]
        return live[s - k0:e - k0].astype(np.int32)

    horizon = round(director_module.HORIZON_S * st.sr)
    d.on_event(hit(0.2), 3)
    mix_until(bars[1][0] - horizon - 2000)
    assert np.array_equal(region(1), base[bars[1][0]:bars[1][1]])    # combo 3: no horns yet
    d.on_event(hit(0.5), 12)
    mix_until(bars[1][0] - horizon + 2000)
    assert np.array_equal(region(1), with_horns(1))                  # combo 12: they join
    # a miss a little into bar 1: the rest of bar 1 and all of bar 2 go quiet
    t_miss = st.start_time + bars[1][0] / st.sr + 0.3
    cut_frame = st.frame_of(t_miss)
    mix_until(cut_frame)
    d.on_event(miss(t_miss), 0)
    d.feed_horns()
    read = d._live_first + d.mixer.position - d._live_start
    cut = read - bars[1][0]
    assert np.array_equal(region(1)[:cut], with_horns(1)[:cut])     # what was mixed stays
    tail = slice(cut + round(0.01 * st.sr), None)
    assert np.array_equal(region(1)[tail], base[bars[1][0]:bars[1][1]][tail])
    d.on_event(hit(t_miss + 0.1), 12)                                # combo back at once ...
    mix_until(bars[2][0] - horizon + 2000)
    assert np.array_equal(region(2), base[bars[2][0]:bars[2][1]])    # ... still a bar off
    mix_until(bars[3][0] - horizon + 2000)
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


def test_each_event_gets_its_stage_sound(offline, monkeypatch):
    director = offline
    played = []
    monkeypatch.setattr(director, "_play", lambda name, *a, **k: played.append(name))

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


def test_count_in_and_bells_come_from_the_soundtrack_while_it_plays(offline, monkeypatch):
    director = offline
    job = director.prepare(make_level())
    assert job.wait(60) and job.error is None
    director.start(-1.6, T0 + round(director.mixer.position * NS / director.sr))
    played = []
    monkeypatch.setattr(director, "_play", lambda name, *a, **k: played.append(name))
    for ev in (CountIn(-1.6, 1, 4), Bell(0.0, 1), hit()):
        director.on_event(ev, 1)
    assert played == ["rattle"]      # no doubled bell or click: they are in the music, on time


def test_volumes_reach_the_mix(offline):
    d = offline
    d._play("click", now_ns=T0 + round(d.mixer.position * NS / d.sr))
    loud = np.abs(np.concatenate([d.mixer.fill(d.chunk) for _ in range(6)])).max()
    d.set_volumes(0.5, 0.5, 0.5)
    d._play("click", now_ns=T0 + round(d.mixer.position * NS / d.sr))
    quiet = np.abs(np.concatenate([d.mixer.fill(d.chunk) for _ in range(6)])).max()
    assert quiet == pytest.approx(loud * 0.25, rel=0.01)


def test_a_failed_render_leaves_the_director_silent_for_that_level(offline, monkeypatch):
    director = offline
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
