"""Rendered soundtracks kept in the user cache folder, keyed by what the music depends on.

One folder per soundtrack: base.npy and horns.npy (int16 stereo, memory-mapped when read,
so a long level costs page cache, not heap), horn_index.npy and meta.json. A render goes to
a temporary folder that is renamed into place, so a crash never leaves half a soundtrack.
Oldest soundtracks are dropped once the folder passes its budget.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from game.audio.decode import decode
from game.audio.music import MUSIC_VERSION, music_digest, music_frames, render_music
from game.audio.render import Soundtrack, render_soundtrack
from game.audio.score import SYNTH_VERSION, compose
from game.audio.synth import SR
from game.core.level import Level
from game.core.musicfile import MusicFileError
from game.core.safeio import read_bounded, regular_file_problem
from game.paths import cache_dir

BUDGET_BYTES = 1 << 30
STALE_TMP_S = 3600.0
TMP_PREFIX = ".tmp-"
META_MAX_BYTES = 64 * 1024
MAX_FRAMES = 48_000 * 60 * 60      # an hour of audio: far past the longest level


def soundtrack_key(level: Level, sr: int = SR) -> str:
    """Changes whenever the music would: the level's content, its tempo (tiers scale it),
    the sample rate, the synthesiser version and the level's own music file (its content,
    offset and speed). MusicFileError if that file cannot be read."""
    music = None if level.music is None else (
        MUSIC_VERSION, music_digest(level.music), level.music.offset_ms, level.music.rate)
    basis = repr((SYNTH_VERSION, sr, level.content_hash, level.id, level.bpm,
                  level.beats_per_bar, level.lead_in_bars,
                  [(c.beat, c.bpm) for c in level.tempo_map.changes],
                  [(iv.kind, iv.bars, iv.pattern) for iv in level.intervals], music))
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


def soundtracks_dir() -> Path:
    p = cache_dir() / "soundtracks"
    p.mkdir(parents=True, exist_ok=True)
    return p


def _save(path: Path, shape: tuple[int, int]) -> np.ndarray:
    """A writable int16 array backed by `path` (a plain array if empty: mmap needs bytes)."""
    if shape[0] == 0:
        arr = np.zeros(shape, np.int16)
        np.save(path, arr)
        return arr
    return np.lib.format.open_memmap(path, mode="w+", dtype=np.int16, shape=shape)


def _meta(folder: Path, sr: int) -> dict:
    """meta.json, checked value by value: anything a hand or a bad disk could have put
    there (a zero or string sample rate, a NaN start) is ValueError, never a crash later."""
    meta = json.loads(read_bounded(folder / "meta.json", META_MAX_BYTES).decode("utf-8"))
    if not isinstance(meta, dict) or meta.get("version") != SYNTH_VERSION:
        raise ValueError("made by another synthesiser version")

    def number(key: str, kind: tuple[type, ...], low: float, high: float) -> None:
        v = meta.get(key)
        if isinstance(v, bool) or not isinstance(v, kind) or not math.isfinite(v) \
                or not low <= v <= high:
            raise ValueError(f"meta.json: {key} is {v!r}")
    number("sr", (int,), sr, sr)
    number("start_time", (int, float), -3600.0, 3600.0)
    number("frames", (int,), 0, MAX_FRAMES)
    number("horn_frames", (int,), 0, MAX_FRAMES)
    number("peak", (int, float), 0.0, 1e6)
    number("limited", (int, float), 0.0, 1.0)
    return meta


def _array(path: Path, shape: tuple[int | None, int], dtype: type, mmap: bool) -> np.ndarray:
    """One .npy of the soundtrack, its header checked before a byte of data is read or
    mapped: a damaged or hostile header (a huge shape, another dtype) is ValueError."""
    why = regular_file_problem(path)
    if why:
        raise ValueError(f"{path.name}: {why}")
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
            np.lib.format.read_array_header_2_0
        got, fortran, kind = read(f, max_header_size=4096)
        data_at = f.tell()
    rows, cols = shape
    if fortran or np.dtype(kind) != np.dtype(dtype) or len(got) != 2 or got[1] != cols \
            or (rows is not None and got[0] != rows) or got[0] > MAX_FRAMES:
        raise ValueError(f"{path.name}: shape {got} of {kind}, expected {shape}")
    if path.stat().st_size != data_at + got[0] * cols * np.dtype(dtype).itemsize:
        raise ValueError(f"{path.name}: its size does not match its header")
    if mmap and got[0] > 0:
        return np.load(path, mmap_mode="r")
    return np.load(path)


def _load(folder: Path, sr: int = SR) -> Soundtrack:
    meta = _meta(folder, sr)
    base = _array(folder / "base.npy", (meta["frames"], 2), np.int16, True)
    horns = _array(folder / "horns.npy", (meta["horn_frames"], 2), np.int16, True)
    index = _array(folder / "horn_index.npy", (None, 3), np.int64, False)
    starts, ends, offs = index.T if len(index) else (np.zeros(0),) * 3
    if len(index) and (starts.min() < 0 or (ends < starts).any() or ends.max() > len(base)
                       or offs.min() < 0 or (offs + ends - starts).max() > len(horns)):
        raise ValueError("horn_index.npy points outside the soundtrack")
    return Soundtrack(sr, float(meta["start_time"]), base, horns, index, float(meta["peak"]),
                      float(meta["limited"]))


def load_cached(level: Level, sr: int = SR, root: Path | None = None) -> Soundtrack | None:
    """The cached soundtrack, or None (a damaged one is removed so it is rendered anew)."""
    folder = (root or soundtracks_dir()) / soundtrack_key(level, sr)
    if not (folder / "meta.json").exists():
        return None
    try:
        st = _load(folder, sr)
    except (OSError, ValueError, KeyError, EOFError, MemoryError):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    try:
        os.utime(folder / "meta.json")    # most recently used
    except OSError:
        pass
    return st


def load_or_render(level: Level, sr: int = SR, progress: Callable[[float], None] | None = None,
                   use_cache: bool = True, notes: list[str] | None = None,
                   fallback: bool = True) -> Soundtrack:
    """The level's soundtrack: from the cache if it is there, else rendered (and stored).

    A cache that cannot be used (a file in its place, read-only, full) never silences the
    level: the soundtrack is rendered in memory and `notes` says why it was not kept.
    A level's own music that cannot be decoded gives the generated score instead, and a
    note that says why (`fallback`), or raises MusicFileError (`fallback=False`)."""
    notes = [] if notes is None else notes
    if level.music is not None:
        try:
            return _soundtrack(level, sr, progress, use_cache, notes)
        except MusicFileError as e:
            if not fallback:
                raise
            notes.append(f"your music {level.music.name!r} {e}; the generated score plays "
                         "instead")
            level = replace(level, music=None)
    return _soundtrack(level, sr, progress, use_cache, notes)


def _renderer(level: Level, sr: int, progress: Callable[[float], None] | None
              ) -> tuple[float, int, int, Callable[..., Soundtrack]]:
    """(start time, frames, horn frames, render(base=None, horns=None)) of the level's
    soundtrack: its own music file (decoded now, so a bad file fails before any folder is
    made) or the generated score."""
    if level.music is not None:
        decoded = decode(level.music.path)
        start, frames = music_frames(level, sr)

        def music(base: np.ndarray | None = None, horns: np.ndarray | None = None
                  ) -> Soundtrack:
            return render_music(level, sr, base=base, progress=progress, decoded=decoded)
        return start, frames, 0, music
    score = compose(level, sr)
    horn_frames = sum(max(0, min(e, score.frames) - s) for s, e in score.horn_bars)

    def generated(base: np.ndarray | None = None, horns: np.ndarray | None = None
                  ) -> Soundtrack:
        return render_soundtrack(score, base=base, horns=horns, progress=progress)
    return score.start_time, score.frames, horn_frames, generated


def _soundtrack(level: Level, sr: int, progress: Callable[[float], None] | None,
                use_cache: bool, notes: list[str]) -> Soundtrack:
    root: Path | None = None
    if use_cache:
        try:
            root = soundtracks_dir()
        except OSError as e:
            notes.append(f"the soundtrack cache cannot be used ({e}); the music is made "
                         "afresh each time")
        st = load_cached(level, sr, root) if root is not None else None
        if st is not None:
            if progress is not None:
                progress(1.0)
            return st
    start_time, frames, horn_frames, render = _renderer(level, sr, progress)
    if root is None:
        return render()
    sweep_tmp(root)
    try:
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f"{TMP_PREFIX}{os.getpid()}-"))
    except OSError as e:
        notes.append(f"the soundtrack cannot be kept in {root} ({e.strerror or e}); the "
                     "music is made afresh each time")
        return render()
    try:
        base = _save(tmp / "base.npy", (frames, 2))
        horns = _save(tmp / "horns.npy", (horn_frames, 2))
        st = render(base=base, horns=horns)
        np.save(tmp / "horn_index.npy", st.horn_index)
        for a in (base, horns):
            if isinstance(a, np.memmap):
                a.flush()
        del base, horns
        st.base = st.horns = np.zeros((0, 2), np.int16)   # drop the maps before renaming
        (tmp / "meta.json").write_text(json.dumps({
            "version": SYNTH_VERSION, "sr": sr, "start_time": start_time,
            "frames": frames, "horn_frames": horn_frames, "peak": st.peak,
            "limited": st.limited, "level": level.id}), "utf-8")
        folder = root / soundtrack_key(level, sr)
        try:
            os.replace(tmp, folder)
        except OSError:          # another process stored it first: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
        evict(root, keep=folder.name)
        return _load(folder, sr)
    except (OSError, ValueError) as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, MusicFileError):
            raise
        notes.append(f"the soundtrack could not be kept in the cache ({e}); the music is "
                     "made afresh each time")
        return render()
    except BaseException:       # cancelled: leave nothing behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _owner_gone(name: str) -> bool:
    """A `.tmp-PID-...` render folder whose process has ended (killed mid-render)."""
    pid = name[len(TMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False


def sweep_tmp(root: Path) -> list[str]:
    """Remove render folders left by killed processes (or older than STALE_TMP_S)."""
    now = time.time()
    gone = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return gone
    for d in entries:
        if not d.name.startswith(TMP_PREFIX):
            continue
        try:
            stale = _owner_gone(d.name) or now - d.stat().st_mtime > STALE_TMP_S
        except OSError:
            continue
        if stale:
            shutil.rmtree(d, ignore_errors=True)
            gone.append(d.name)
    return gone


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def evict(root: Path, keep: str = "", budget: int = BUDGET_BYTES) -> list[str]:
    """Drop the least recently used soundtracks until the folder fits its budget."""
    entries = []
    for d in root.iterdir():
        if not d.is_dir():
            continue
        try:
            if d.name.startswith(TMP_PREFIX):
                continue  # sweep_tmp's job
            meta = d / "meta.json"
            used = meta.stat().st_mtime if meta.exists() else 0.0
            entries.append((used, d.name, _size(d)))
        except OSError:
            continue
    total = sum(e[2] for e in entries)
    dropped = []
    for _used, name, size in sorted(entries):
        if total <= budget:
            break
        if name == keep:
            continue
        shutil.rmtree(root / name, ignore_errors=True)
        total -= size
        dropped.append(name)
    return dropped
