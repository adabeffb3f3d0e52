"""Every file the game reads that a player can put in its way: a FIFO, a device, a huge or
hostile file is refused with a clear message (or ignored for defaults), never a hang."""

import json
import os
import struct
import threading
from pathlib import Path

import numpy as np
import pytest

from game.audio import cache as audio_cache
from game.audio.cache import load_or_render, soundtrack_key, soundtracks_dir
from game.core.catalogue import catalogue
from game.core.level import Level, build_tempo_map, layout_intervals
from game.core.loader import LevelError, load_level
from game.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
LEVEL = ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml"


def finishes(fn, seconds: float = 10.0):
    """fn()'s result, or a test failure if it has not returned in `seconds` (a hang)."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            box["error"] = e
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{fn} still blocked after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.fixture
def fifo(tmp_path):
    def make(name: str) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(p)
        return p
    return make


# -- levels ----------------------------------------------------------------------------------
def test_a_fifo_as_a_level_is_refused_at_once(fifo):
    p = fifo("pipe.yaml")
    with pytest.raises(LevelError) as e:
        finishes(lambda: load_level(p))
    assert "named pipe" in str(e.value) and f"{p}:1:1: error:" in str(e.value)


def test_a_level_linked_to_dev_zero_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "zero.yaml"
    p.symlink_to("/dev/zero")
    with pytest.raises(LevelError, match="character device"):
        finishes(lambda: load_level(p), 5.0)


def test_a_level_that_grows_past_the_bound_is_refused(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_bytes(b"# " + b"x" * (1 << 20) + b"\n")
    with pytest.raises(LevelError, match="larger than 1 MiB"):
        load_level(p)


def test_a_fifo_in_the_custom_levels_folder_is_listed_as_broken_not_a_hang(fifo, tmp_path):
    folder = tmp_path / "custom"
    fifo("custom/trap.yaml")
    (folder / "good.yaml").write_text(LEVEL.read_text().replace("speed-bag-rounds", "mine"))
    _campaign, custom = finishes(lambda: catalogue(folder))
    by_name = {e.path.name: e for e in custom}
    assert by_name["good.yaml"].ok
    assert not by_name["trap.yaml"].ok
    assert "named pipe" in by_name["trap.yaml"].problems[0].message


# -- settings.json ---------------------------------------------------------------------------
def test_a_fifo_as_settings_json_gives_defaults_at_once(fifo):
    p = fifo("settings.json")
    assert finishes(lambda: Settings.load(p)) == Settings()


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,                               # deep nesting
    '{"bindings": ' + '{"a": ' * 5000 + "1" + "}" * 5001,         # deep inside a known key
    '{"frame_cap": 1' + "0" * 400 + "}",                          # a 400-digit number
    '{"master_volume": 1' + "0" * 400 + ".5}",
])
def test_hostile_settings_json_gives_defaults_not_a_crash(tmp_path, text):
    p = tmp_path / "settings.json"
    p.write_text(text)
    assert Settings.load(p) == Settings()


def test_settings_json_with_long_strings_keeps_what_is_good(tmp_path):
    p = tmp_path / "settings.json"
    p.write_text(json.dumps({"frame_cap": 144, "tier": "x[[[[" * 100, "vsync": True}))
    s = Settings.load(p)
    assert (s.frame_cap, s.vsync, s.tier) == (144, True, "normal")


# -- the soundtrack cache --------------------------------------------------------------------
def small_level(tag: str) -> Level:
    raw = [{"kind": "work", "bars": 2, "pattern": "l.r.l.r."}]
    ivs = layout_intervals(raw, 4)
    return Level(id=tag, title=tag, stage="speed_bag", bpm=120.0, beats_per_bar=4,
                 intervals=tuple(ivs), tempo_map=build_tempo_map(120.0, 4, ivs),
                 content_hash=tag)


def cached(level: Level) -> Path:
    load_or_render(level)
    folder = soundtracks_dir() / soundtrack_key(level)
    assert (folder / "meta.json").is_file()
    return folder


@pytest.mark.parametrize("key,value", [("sr", 0), ("sr", "44100"), ("start_time", "nan"),
                                       ("start_time", None), ("peak", "loud"),
                                       ("horn_frames", -1)])
def test_a_damaged_meta_json_is_rendered_again(key, value):
    level = small_level(f"meta-{key}-{value}")
    folder = cached(level)
    good = np.asarray(load_or_render(level).base).copy()
    meta = json.loads((folder / "meta.json").read_text())
    meta[key] = float("nan") if value == "nan" else value
    (folder / "meta.json").write_text(json.dumps(meta))  # json writes NaN as NaN
    st = load_or_render(level)
    assert st.sr == 44100 and np.isfinite(st.start_time)
    assert np.array_equal(np.asarray(st.base), good)


def test_a_huge_array_header_is_rendered_again_not_allocated():
    level = small_level("huge-header")
    folder = cached(level)
    header = "{'descr': '<i8', 'fortran_order': False, 'shape': (10000000000000, 3), }"
    header += " " * (63 - len(header) % 64) + "\n"
    (folder / "horn_index.npy").write_bytes(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header))
                                            + header.encode())
    notes: list[str] = []
    st = load_or_render(level, notes=notes)
    assert st.frames > 0 and st.horn_index.shape[1] == 3
    assert np.load(folder / "horn_index.npy").shape == st.horn_index.shape  # stored anew


def test_a_horn_index_pointing_outside_the_soundtrack_is_rendered_again():
    level = small_level("bad-index")
    folder = cached(level)
    np.save(folder / "horn_index.npy", np.array([[0, 10**9, 0]], np.int64))
    st = load_or_render(level)
    assert (st.horn_index[:, 1] <= st.frames).all()


def test_a_fifo_in_the_cache_is_rendered_around_not_a_hang(fifo):
    level = small_level("fifo-cache")
    folder = cached(level)
    (folder / "base.npy").unlink()
    os.mkfifo(folder / "base.npy")
    st = finishes(lambda: load_or_render(level))
    assert st.frames > 0


def test_a_cache_folder_that_is_a_file_still_plays_and_says_why(tmp_path, monkeypatch):
    blocker = tmp_path / "cache-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MONTAGE_CACHE_DIR", str(blocker))
    notes: list[str] = []
    st = load_or_render(small_level("no-cache"), notes=notes)
    assert st.frames > 0 and np.abs(np.asarray(st.base)).max() > 0
    assert len(notes) == 1 and "cache" in notes[0] and "is a file" in notes[0]


def test_a_read_only_cache_still_plays_and_says_why(monkeypatch):
    soundtracks_dir()

    def read_only(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(audio_cache.tempfile, "mkdtemp", read_only)
    notes: list[str] = []
    st = load_or_render(small_level("ro-cache"), notes=notes)
    assert st.frames > 0
    assert len(notes) == 1 and "Permission denied" in notes[0]


def test_a_render_folder_left_by_a_killed_process_is_removed_on_the_next_render():
    root = soundtracks_dir()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)      # a process id that is surely gone now
    left = root / f"{audio_cache.TMP_PREFIX}{pid}-abcd"
    left.mkdir()
    (left / "base.npy").write_bytes(b"\0" * 4096)
    mine = root / f"{audio_cache.TMP_PREFIX}{os.getpid()}-live"   # a render still going
    mine.mkdir()
    load_or_render(small_level("sweep"))
    assert not left.exists()
    assert mine.exists()


def test_the_job_hands_cache_notes_to_the_scene(tmp_path, monkeypatch):
    from game.audio.job import SoundtrackJob
    blocker = tmp_path / "cache-file"
    blocker.write_text("")
    monkeypatch.setenv("MONTAGE_CACHE_DIR", str(blocker))
    job = SoundtrackJob(small_level("job-notes")).start()
    assert job.wait(60)
    assert job.error is None and job.result is not None
    assert job.notes and "cache" in job.notes[0]


def test_a_custom_folder_of_thousands_lists_a_bounded_number_and_says_so(tmp_path,
                                                                         monkeypatch):
    from game.core import catalogue as cat
    monkeypatch.setattr(cat, "MAX_CUSTOM_LEVELS", 5)
    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(8):
        (folder / f"l{k}.yaml").write_text(LEVEL.read_text().replace("speed-bag-rounds",
                                                                     f"mine-{k}"))
    _campaign, custom = cat.catalogue(folder)
    assert [e.ok for e in custom] == [True] * 5 + [False]
    assert "3 more level files are not listed" in custom[-1].problems[0].message
