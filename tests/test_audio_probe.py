"""Sound as it leaves the game, through a real audio server (PulseAudio, null sink): the
scheduled sounds land on their samples, the hit sounds at one latency. Skips where
PulseAudio is missing (.ci/run installs it)."""

import numpy as np
import pytest

from game.audio import probe

pytestmark = pytest.mark.skipif(bool(probe.missing()), reason=probe.missing() or "ok")


def test_scheduled_sounds_land_on_their_samples_and_hit_sounds_at_one_latency():
    # A shared machine can stall the audio chain for longer than the device's buffer (one
    # underrun shifts every sound after it), so a second run is allowed; one run must hold.
    runs = []
    for _ in range(2):
        figures = probe.measure("timing", timeout=120, clicks=24, hits=24)
        runs.append(figures)
        # reactive sounds: a constant latency; the bound is loose for a shared machine (the
        # bench reports the figure against its 2 ms target)
        if figures["audio_onset_error_ms_p99"] <= 1.0 and \
                figures["hit_sound_latency_spread_ms"] <= 5.0:
            break
    else:
        raise AssertionError(f"no run held the bounds: {runs}")
    # the constant the director assumes is what the server holds of the stream
    assert abs(figures["audio_output_latency_ms"] - figures["audio_server_latency_ms"]) < 15


def test_the_dropout_detector_sees_a_gap_in_the_pilot():
    t = np.arange(probe.SR * 2) / probe.SR
    tone = (3000 * np.sin(2 * np.pi * probe.PILOT_HZ * t)).astype(np.int16)
    x = np.repeat(tone[:, None], 2, axis=1)
    assert probe.dropouts(x, 0, len(x)) == 0
    x[probe.SR // 2:probe.SR // 2 + 512] = 0          # one period of silence
    x[probe.SR:probe.SR + 200] = 0
    assert probe.dropouts(x, 0, len(x)) == 2


def test_onsets_are_found_at_their_first_loud_sample():
    x = np.zeros(10000)
    for at in (100, 4000, 7777):
        x[at:at + 50] = 5000
    assert list(probe.onsets(x, 2000, 1000)) == [100, 4000, 7777]


def test_a_short_level_through_the_real_loop_plays_without_gaps():
    runs = []
    for _ in range(2):      # a shared machine may stall one run past the device's buffer
        figures = probe.measure("dropouts", timeout=180, seconds=8, no_burn=True)
        assert figures["audio_dropout_run_s"] > 5.0, figures
        runs.append(figures["audio_dropouts"])
        if runs[-1] <= 1:
            break
    assert min(runs) <= 1, runs      # a quiet machine: none, or one stray
