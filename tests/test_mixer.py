"""The one mixer: a voice starts on its own sample, whichever device period it falls in."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.audio.mixer import Mixer


def blip(n=64, value=0.5):
    return np.full((n, 2), value, np.float32)


def drain(m, chunks, chunk=512):
    return np.concatenate([m.fill(chunk) for _ in range(chunks)])


@settings(max_examples=60)
@given(at=st.integers(0, 4000), chunk=st.sampled_from([64, 256, 441, 512, 1024]))
def test_a_voice_lands_on_its_sample_for_any_period(at, chunk):
    m = Mixer()
    m.play(blip(), at)
    out = drain(m, 5000 // chunk + 2, chunk)
    loud = np.flatnonzero(out[:, 0])
    assert loud[0] == at and loud[-1] == at + 63
    assert out[at, 0] == round(0.5 * 32768)


def test_voices_sum_and_int16_music_is_exact():
    m = Mixer()
    music = (np.arange(3000, dtype=np.int16) % 200 - 100)[:, None].repeat(2, axis=1)
    m.play(music.astype(np.int16), 100, bus="music")
    m.play(blip(10, 0.25), 1000)
    out = drain(m, 8)
    assert np.array_equal(out[100:1000], music[:900])
    assert np.array_equal(out[1000:1010, 0], music[900:910, 0] + 8192)
    assert not out[:100].any() and not out[3100:].any()


def test_a_voice_asked_for_a_sample_already_mixed_starts_at_once_and_is_counted():
    m = Mixer()
    m.fill(512)
    m.play(blip(), 300)
    assert m.late == 1
    out = m.fill(512)
    assert np.flatnonzero(out[:, 0])[0] == 0
    assert m.play(blip(), 10, late_ok=False) is None and m.late == 2


def test_fade_out_ramps_down_then_ends_the_voice():
    m = Mixer()
    m.play(blip(5000), 0, bus="music")
    m.play(blip(5000, 0.25), 0, bus="effects")
    m.fill(1000)
    m.fade_out("music", 500)
    out = drain(m, 4, 500)
    music = out[:, 0].astype(np.int32) - 8192
    assert music[0] > music[250] > music[499] >= 0
    assert not music[500:].any()
    assert (out[500:2000, 0] == 8192).all()     # the effect rings on
    assert not m.busy("music") and m.busy("effects")


def test_bus_gains_and_mono_output():
    m = Mixer(channels=1)
    m.set_gain("effects", 0.5)
    m.play(blip(10, 0.5), 0)
    out = m.fill(16)
    assert out.shape == (16, 1)
    assert out[0, 0] == pytest.approx(0.25 * 32768, abs=1)


def test_loud_sums_clip_instead_of_wrapping():
    m = Mixer()
    for _ in range(3):
        m.play(blip(10, 0.6), 0)
    out = m.fill(16)
    assert out[0, 0] == 32767 and m.peak == pytest.approx(1.8, rel=1e-3)
