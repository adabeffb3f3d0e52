"""The device's sample clock, fitted from stamped callbacks that run late by any jitter."""

import random

import pytest

from game.audio.bench import clock_drift
from game.audio.sample_clock import SampleClock

NS = 1_000_000_000
SR = 44100


def run_device(sc, seconds, rate, rng, t0=NS, start=0, late_ms=(1.5, 5.0, 15.0)):
    pos = start
    last = 0
    while pos - start < seconds * SR:
        ideal = t0 + (pos - start) * NS / rate
        r = rng.random()
        hi = late_ms[0] if r < 0.9 else late_ms[1] if r < 0.99 else late_ms[2]
        stamp = max(round(ideal + rng.uniform(0, hi) * 1e6), last)
        last = stamp
        sc.record(stamp, pos)
        pos += 512
    return pos


@pytest.mark.parametrize("ppm", [-1000, 0, 250, 1000])
def test_the_fit_finds_the_device_rate_and_position_despite_late_callbacks(ppm):
    rate = SR * (1 + ppm * 1e-6)
    sc = SampleClock(SR)
    run_device(sc, 30.0, rate, random.Random(ppm))
    assert sc.rate() == pytest.approx(rate, abs=SR * 20e-6)
    t = NS + 30 * NS
    truth = (t - NS) * rate / NS
    assert sc.at(t) == pytest.approx(truth, abs=0.0003 * SR)      # within 0.3 ms
    assert sc.time_of(truth) == pytest.approx(t, abs=300_000)


def test_a_stream_restart_starts_a_new_fit():
    sc = SampleClock(SR)
    rng = random.Random(1)
    pos = run_device(sc, 5.0, SR, rng)
    # the device stalls 80 ms (the sink underran): every sample is heard later from now on
    run_device(sc, 5.0, SR, rng, t0=NS + 5 * NS + 80_000_000, start=pos)
    assert sc.breaks >= 1
    t = NS + 10 * NS + 80_000_000
    assert sc.at(t) == pytest.approx(pos + 5 * SR, abs=0.0005 * SR)


def test_judged_time_stays_within_a_millisecond_of_a_device_running_0_1_percent_off():
    for ppm in (1000, -1000):
        drift = clock_drift(minutes=10, ppm=ppm, seed=ppm % 7)
        assert drift["worst_ms"] < 1.0, drift
    unsynced = clock_drift(minutes=1, ppm=1000, sync=False)
    assert unsynced["final_ms"] > 50.0      # without the re-sync it would wander off
