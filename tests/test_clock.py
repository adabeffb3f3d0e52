"""SongClock: song time from one monotonic reference; pause/resume without drift."""

import pytest

from game.core.clock import SongClock


class FakeNow:
    def __init__(self):
        self.ns = 10_000_000_000

    def __call__(self):
        return self.ns

    def advance(self, seconds):
        self.ns += int(seconds * 1e9)


def test_song_time_is_now_minus_reference_minus_offset():
    now = FakeNow()
    clock = SongClock(now.ns + 2_000_000_000, audio_offset_ms=30, now_ns=now)
    assert clock.song_time() == pytest.approx(-2.03)
    now.advance(3)
    assert clock.song_time() == pytest.approx(0.97)
    assert clock.visual_time() == pytest.approx(1.0)


def test_input_is_judged_at_its_own_stamp_not_at_now():
    now = FakeNow()
    clock = SongClock(now.ns, now_ns=now)
    stamp = now.ns + 1_234_000
    now.advance(0.5)  # the frame that handles the input comes much later
    assert clock.song_time(stamp) == pytest.approx(0.001234)


def test_pause_freezes_and_resume_continues_without_drift():
    now = FakeNow()
    clock = SongClock(now.ns, now_ns=now)
    now.advance(5.0)
    clock.pause()
    now.advance(100.0)
    assert clock.song_time() == pytest.approx(5.0)
    clock.resume()
    now.advance(1.0)
    assert clock.song_time() == pytest.approx(6.0, abs=1e-9)
    for _ in range(1000):  # many pause/resume cycles never accumulate error
        clock.pause()
        now.advance(0.013)
        clock.resume()
    assert clock.song_time() == pytest.approx(6.0, abs=1e-6)


def test_resume_with_count_in_replays_a_bar_first():
    now = FakeNow()
    clock = SongClock(now.ns, now_ns=now)
    now.advance(10.0)
    clock.pause()
    now.advance(3.0)
    clock.resume(lead_in=2.0)
    assert clock.song_time() == pytest.approx(8.0)
    now.advance(2.0)
    assert clock.song_time() == pytest.approx(10.0)


def test_sync_slews_a_small_error_away_without_a_jump():
    now = FakeNow()
    clock = SongClock(now.ns, now_ns=now)
    now.advance(10.0)
    before = clock.raw_time()
    err = clock.sync(now.ns, before + 0.004)          # the audio is 4 ms ahead
    assert err == pytest.approx(0.004)
    assert clock.raw_time() == pytest.approx(before, abs=1e-9)   # continuous: no jump
    last = clock.raw_time()
    for _ in range(100):                              # follow for 5 s
        now.advance(0.05)
        t = clock.raw_time()
        assert t > last                               # never runs backwards
        last = t
        clock.sync(now.ns, (now.ns - 10_000_000_000) / 1e9 + 10.004)
    assert clock.raw_time() == pytest.approx((now.ns - 10_000_000_000) / 1e9 + 10.004,
                                             abs=1e-4)


def test_sync_jumps_a_large_error_and_takes_the_device_rate():
    now = FakeNow()
    clock = SongClock(now.ns, now_ns=now)
    now.advance(2.0)
    clock.sync(now.ns, 2.2, heard_rate=1.001)
    assert clock.raw_time() == pytest.approx(2.2)
    now.advance(10.0)
    assert clock.raw_time() == pytest.approx(2.2 + 10.01, abs=1e-6)


def test_a_paused_clock_ignores_sync():
    now = FakeNow()
    clock = SongClock(now.ns, now_ns=now)
    now.advance(1.0)
    clock.pause()
    assert clock.sync(now.ns, 5.0) == 0.0
    assert clock.raw_time() == pytest.approx(1.0)
