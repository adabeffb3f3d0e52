"""`montage beat`: the tempo and first beat of a piece of music, and a starter level on it."""

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.core.loader import load_level

SR = 44100


def click_track(path: Path, bpm=123.4, first=0.37, seconds=30.0, noise=0.0, seed=0):
    n = int(seconds * SR)
    x = np.zeros(n)
    m = np.arange(int(0.01 * SR))
    click = np.sin(2 * np.pi * 1500 * m / SR) * np.exp(-m / (0.002 * SR))
    t = first
    while t < seconds - 0.02:
        i = round(t * SR)
        x[i:i + len(click)] += 0.8 * click
        t += 60.0 / bpm
    if noise:
        x += np.random.default_rng(seed).normal(0.0, noise, n)
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())
    return path


def beat(capsys, *args):
    assert main(["beat", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("noise", [0.0, 0.05, 0.1])
def test_a_click_track_gives_its_tempo_and_first_beat(tmp_path, capsys, noise):
    out = beat(capsys, click_track(tmp_path / "click.wav", noise=noise))
    assert out["tempo"] == pytest.approx(123.4, abs=0.2)
    assert out["first_beat_s"] == pytest.approx(0.37, abs=0.010)


def test_other_tempos_and_a_beat_on_the_first_sample(tmp_path, capsys):
    for bpm, first in ((90.0, 1.234), (174.0, 0.0)):
        out = beat(capsys, click_track(tmp_path / "c.wav", bpm=bpm, first=first))
        assert out["tempo"] == pytest.approx(bpm, abs=0.2)
        assert out["first_beat_s"] == pytest.approx(first, abs=0.010)


def drum_loop(path: Path, bpm=100.0, first=0.8, seconds=24.0, sr=48000):
    """A kick on every beat, a bright hat on every off-beat, a pad under them."""
    n = int(sr * seconds)
    t = np.arange(n) / sr
    x = np.where(t > first, sum(np.sin(2 * np.pi * f * t) for f in (220, 261.6, 329.6)) * 0.06,
                 0.0)
    kt = np.arange(int(0.25 * sr)) / sr
    kick = np.sin(2 * np.pi * np.cumsum(50 + 70 * np.exp(-kt / 0.03)) / sr) * np.exp(-kt / 0.09)
    hat = np.diff(np.random.default_rng(3).normal(0, 1, int(0.05 * sr)), prepend=0.0)
    hat *= np.exp(-np.arange(len(hat)) / (0.008 * sr))
    b = first
    while b < seconds - 0.3:
        i, j = round(b * sr), round((b + 30 / bpm) * sr)
        x[i:i + len(kick)] += 0.7 * kick[:n - i]
        x[j:j + len(hat)] += 0.15 * hat[:n - j]
        b += 60 / bpm
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())
    return path


def test_the_beat_is_the_kick_not_the_bright_hats_between(tmp_path, capsys):
    out = beat(capsys, drum_loop(tmp_path / "loop.wav"))
    assert out["tempo"] == pytest.approx(100.0, abs=0.2)
    assert out["first_beat_s"] == pytest.approx(0.8, abs=0.010)


def test_the_games_own_soundtrack_gives_its_levels_tempo(tmp_path, capsys):
    level = tmp_path / "m.yaml"
    level.write_text("id: m\ntitle: M\nstage: speed_bag\ntempo: 128\nintervals:\n"
                     "  - work: 8\n    pattern: \"l.r.lrl.|r.l.rlr.\"\n  - rest: 2\n"
                     "  - work: 8\n    pattern: \"lrlrlrlr\"\n", encoding="utf-8")
    wav = tmp_path / "m.wav"
    assert main(["render-audio", str(level), "-o", str(wav)]) == 0
    capsys.readouterr()
    out = beat(capsys, wav)
    assert out["tempo"] == pytest.approx(128, abs=0.2)
    assert out["first_beat_s"] == pytest.approx(0.0, abs=0.010)   # the count-in's first click


def test_a_starter_level_plays_the_music_on_its_grid(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    src = click_track(tmp_path / "in" / "Morning Song.wav", bpm=100.0, first=0.5)
    out = beat(capsys, src, "-o", tmp_path / "levels" / "morning.yaml", "--stage", "speed_bag")
    path = Path(out["level"])
    level = load_level(path)
    assert level.stage == "speed_bag" and level.bpm == pytest.approx(100.0, abs=0.2)
    # the music was copied beside the level, and the first interval is on a beat after
    # one bar of count-in over the music
    assert Path(level.music.path) == (path.parent / "Morning Song.wav").resolve()
    bar_ms = 4 * 60_000 / level.bpm
    assert level.music.offset_ms == pytest.approx(500 + bar_ms, abs=10)
    assert level.duration <= 30.0 - level.music.offset_ms / 1000
    assert main(["check", str(path)]) == 0
    # it will not overwrite a level
    assert main(["beat", str(src), "-o", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_music_without_a_beat_is_a_clear_error(tmp_path, capsys):
    tone = Path(__file__).parent / "data" / "music" / "tone440_48k.ogg"
    assert main(["beat", str(tone), "--json"]) == 2
    err = json.loads(capsys.readouterr().out)["error"]
    assert "no steady beat found" in err["message"]
    (tmp_path / "x.ogg").write_bytes(b"not music at all")
    assert main(["beat", str(tmp_path / "x.ogg")]) == 2
    assert "is not an Ogg Vorbis file" in capsys.readouterr().err
