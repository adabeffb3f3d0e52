"""A level's own music: named in its folder, checked where it is named, played instead of
the generated score (count-in and bells still over it), in the game and in render-audio."""

import json
import os
import shutil
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from game.audio import cache as audio_cache
from game.audio.director import AudioDirector
from game.audio.music import MUSIC_GAIN
from game.audio.render import render_stems
from game.audio.score import compose
from game.audio.wav import read_wav
from game.cli import main
from game.core.loader import LevelError, load_level
from game.core.musicfile import MAX_MUSIC_BYTES
from game.core.settings import Settings

DATA = Path(__file__).parent / "data" / "music"
OGG, FLAC = DATA / "tone440_48k.ogg", DATA / "tone440_22k.flac"
TONE_AT = 0.5        # the fixtures' 440 Hz tone starts this far into the file


def level_text(music="song.ogg", offset_ms=500, extra=""):
    lines = ["id: mine", "title: Mine", "stage: speed_bag", "tempo: 120"]
    if music is not None:
        lines.append(f"music: {music}")
    if offset_ms is not None:
        lines.append(f"offset_ms: {offset_ms}")
    return "\n".join(lines) + extra + "\nintervals:\n  - work: 2\n    pattern: \"l.r.l.r.\"\n"


def make(folder: Path, source: Path | None = OGG, name="song.ogg", **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copy(source, folder / name)
    path = folder / "mine.yaml"
    path.write_text(level_text(name, **kw), encoding="utf-8")
    return path


def write_wav(path: Path, sr=44100, seconds=2.5, channels=2):
    t = np.arange(int(sr * seconds)) / sr
    x = np.where(t >= TONE_AT, 0.5 * np.sin(2 * np.pi * 440 * t), 0.0)
    pcm = np.repeat((x * 32767).astype("<i2")[:, None], channels, axis=1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def refusal(path: Path) -> str:
    with pytest.raises(LevelError) as e:
        load_level(path)
    (p,) = e.value.problems
    assert (p.file, p.line, p.column) == (str(path), 5, 8), p   # at the music value
    return p.message


def dominant_hz(x: np.ndarray, sr: int) -> float:
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(spec) * sr / len(x))


# -- the loader -----------------------------------------------------------------------------

@pytest.mark.parametrize("source,name", [(OGG, "song.ogg"), (FLAC, "Song.FLAC"),
                                         (None, "song.wav")])
def test_a_level_names_its_own_music_in_its_folder(tmp_path, source, name):
    folder = tmp_path / "pack"
    if source is None:
        folder.mkdir()
        write_wav(folder / name)
    level = load_level(make(folder, source, name, offset_ms=370))
    assert level.music is not None
    assert Path(level.music.path) == (folder / name).resolve()
    assert level.music.name == name and level.music.offset_ms == 370
    # a tier plays it faster, and the music with it
    assert level.with_tempo_scale(1.08).music.rate == pytest.approx(1.08)


def test_music_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.ogg"
    shutil.copy(OGG, outside)
    folder = tmp_path / "pack"
    assert "'..' is not allowed" in refusal(make(folder, None, "../outside.ogg"))
    assert "absolute" in refusal(make(folder, None, str(outside)))
    (folder / "link.ogg").symlink_to(outside)
    assert "through a link" in refusal(make(folder, None, "link.ogg"))


def test_music_that_is_missing_or_not_a_music_file_is_refused(tmp_path):
    folder = tmp_path / "pack"
    assert "is not in the level's folder" in refusal(make(folder, None, "nope.ogg"))
    assert "must name an .ogg, .wav or .flac" in refusal(make(folder, OGG, "song.mp3"))
    assert "not an Ogg Vorbis file" in refusal(make(folder, FLAC, "song.ogg"))
    os.mkfifo(folder / "pipe.ogg")
    assert "named pipe" in refusal(make(folder, None, "pipe.ogg"))
    (folder / "dir.wav").mkdir()
    assert "a folder" in refusal(make(folder, None, "dir.wav"))


def test_music_too_large_or_too_long_is_refused_from_its_header(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    with open(folder / "big.ogg", "wb") as f:          # sparse: no disk for the bytes
        f.write(OGG.read_bytes())
        f.truncate(MAX_MUSIC_BYTES + (1 << 20))
    mib = MAX_MUSIC_BYTES >> 20
    assert f"{mib + 1} MiB; at most {mib} MiB" in refusal(make(folder, None, "big.ogg"))
    # a WAV header that claims two hours of sound in a few bytes
    head = b"RIFF" + struct.pack("<I", 36) + b"WAVE" + b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, 2, 44100, 44100 * 4, 4, 16) + b"data" + \
        struct.pack("<I", 44100 * 4 * 7200)
    (folder / "long.wav").write_bytes(head + bytes(1024))
    assert "lasts 120.0 minutes; at most 31" in refusal(make(folder, None, "long.wav"))


# -- the soundtrack -------------------------------------------------------------------------

def music_part(st, level):
    """The rendered soundtrack less the count-in and bells: what the file contributed."""
    cues = render_stems(compose(level, st.sr), stems=["cues"])[:, 0]
    return st.base[:, 0] / 32767.0 - cues


@pytest.mark.parametrize("source", [OGG, FLAC])
def test_the_soundtrack_is_the_file_on_the_levels_clock(tmp_path, source):
    level = load_level(make(tmp_path / "pack", source, "song" + source.suffix, offset_ms=500))
    st = audio_cache.load_or_render(level, fallback=False)
    assert st.start_time == -level.lead_in and st.horn_index.size == 0
    part = music_part(st, level)
    # the tone starts TONE_AT into the file, which offset_ms puts on beat 0
    onset = int(np.argmax(np.abs(part) > 0.25 * MUSIC_GAIN)) / st.sr + st.start_time
    assert onset == pytest.approx(TONE_AT - 0.5, abs=0.0015)
    k = st.frame_of(0.6)
    assert dominant_hz(part[k:k + 16384], st.sr) == pytest.approx(440, abs=3)
    # the count-in is still there, on its beats, over the silence before the tone
    lead = st.base[:st.frame_of(-0.05), 0]
    assert np.abs(lead).max() > 2000
    # the Hard tier plays the file faster, its tone higher, still on the clock
    fast = level.with_tempo_scale(1.08)
    st2 = audio_cache.load_or_render(fast, fallback=False)
    part2 = music_part(st2, fast)
    k = st2.frame_of(0.3)
    assert dominant_hz(part2[k:k + 16384], st2.sr) == pytest.approx(440 * 1.08, abs=3)
    onset2 = int(np.argmax(np.abs(part2) > 0.25 * MUSIC_GAIN)) / st2.sr + st2.start_time
    assert onset2 == pytest.approx(0.0, abs=0.0015)


def test_replacing_the_file_renders_anew(tmp_path):
    path = make(tmp_path / "pack", OGG)
    level = load_level(path)
    key = audio_cache.soundtrack_key(level)
    write_wav(tmp_path / "pack" / "song.wav", seconds=1.0)
    os.replace(tmp_path / "pack" / "song.wav", tmp_path / "pack" / "song.ogg")
    assert audio_cache.soundtrack_key(level) != key


def test_the_game_plays_the_file_and_a_bad_one_gives_the_score_and_says_why(tmp_path):
    d = AudioDirector.offline(Settings())
    level = load_level(make(tmp_path / "pack", OGG))
    job = d.prepare(level)
    assert job.wait(60) and job.error is None and not job.notes
    assert job.result.horn_index.size == 0                    # the file, not the band
    d.start(-level.lead_in, 50_000_000_000)
    out = np.concatenate([d.mixer.fill(d.chunk) for _ in range(400)])
    k = round((level.lead_in + 0.6) * d.sr)
    assert dominant_hz(out[k:k + 16384, 0].astype(float), d.sr) == pytest.approx(440, abs=5)
    d.stop()
    # a file that passes the header check but will not decode: the generated score plays
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "song.ogg").write_bytes(OGG.read_bytes()[:200] + bytes(5000))
    level = load_level(make(bad, None))
    job = d.prepare(level)
    assert job.wait(60) and job.error is None
    assert job.result.horn_index.size > 0
    assert len(job.notes) == 1 and "'song.ogg' cannot be decoded" in job.notes[0] \
        and "the generated score plays instead" in job.notes[0]


# -- the commands ---------------------------------------------------------------------------

def test_a_music_level_plays_headless_under_the_bot(tmp_path, capsys):
    path = make(tmp_path / "pack", OGG)
    assert main(["play", str(path), "--autoplay", "--headless", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["music"] == "song.ogg"
    assert out["cues"] == out["judgements"]["perfect"] == 8


def test_render_audio_uses_the_file(tmp_path, capsys):
    path = make(tmp_path / "pack", OGG)
    wav = tmp_path / "out.wav"
    assert main(["render-audio", str(path), "-o", str(wav)]) == 0
    assert "music song.ogg" in capsys.readouterr().out
    pcm, sr = read_wav(wav)
    k = round((load_level(path).lead_in + 0.6) * sr)
    assert dominant_hz(pcm[k:k + 16384, 0].astype(float), sr) == pytest.approx(440, abs=3)
    # a file that cannot be decoded is an error there, at the music line
    (tmp_path / "pack" / "song.ogg").write_bytes(OGG.read_bytes()[:200] + bytes(5000))
    assert main(["render-audio", str(path), "-o", str(wav)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5:8: the music file 'song.ogg' cannot be decoded" in err


def test_check_warns_when_the_music_ends_before_the_level(tmp_path, capsys):
    path = make(tmp_path / "pack", OGG, extra="")
    text = path.read_text().replace("work: 2", "work: 4")
    path.write_text(text)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    # 4 bars at 120 bpm end 8.5 s into a 2.5 s file
    assert f"{path}:5:8: warning: the music ends 6.0 s before the level does" in out
    path.write_text(level_text(music=None, offset_ms=250))
    assert main(["check", str(path)]) == 0
    assert f"{path}:5:12: warning: offset_ms has no effect without music" in \
        capsys.readouterr().out
