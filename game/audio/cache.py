"""Rendered soundtracks kept in the user cache folder, keyed by what the music depends on.

One folder per soundtrack: base.npy and horns.npy (int16 stereo, memory-mapped when read,
so a long level costs page cache, not heap), horn_index.npy and meta.json. A render goes to
a temporary folder that is renamed into place, so a crash never leaves half a soundtrack.
Oldest soundtracks are dropped once the folder passes its budget.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from game.audio.render import Soundtrack, render_soundtrack
from game.audio.score import SYNTH_VERSION, compose
from game.audio.synth import SR
from game.core.level import Level
from game.paths import cache_dir

BUDGET_BYTES = 1 << 30
STALE_TMP_S = 3600.0


def soundtrack_key(level: Level, sr: int = SR) -> str:
    """Changes whenever the music would: the level's content, its tempo (tiers scale it),
    the sample rate and the synthesiser version."""
    basis = repr((SYNTH_VERSION, sr, level.content_hash, level.id, level.bpm,
                  level.beats_per_bar, level.lead_in_bars,
                  [(c.beat, c.bpm) for c in level.tempo_map.changes],
                  [(iv.kind, iv.bars, iv.pattern) for iv in level.intervals]))
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


def _load(folder: Path) -> Soundtrack:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    if meta.get("version") != SYNTH_VERSION:
        raise ValueError("made by another synthesiser version")

    def arr(name: str) -> np.ndarray:
        path = folder / name
        try:
            return np.load(path, mmap_mode="r")
        except ValueError:          # empty arrays cannot be mapped
            return np.load(path)

    base, horns = arr("base.npy"), arr("horns.npy")
    index = np.load(folder / "horn_index.npy")
    if base.ndim != 2 or base.shape[1] != 2 or base.dtype != np.int16 or \
            len(base) != meta["frames"] or len(horns) != meta["horn_frames"]:
        raise ValueError("damaged soundtrack")
    return Soundtrack(meta["sr"], meta["start_time"], base, horns, index, meta["peak"],
                      meta["limited"])


def load_cached(level: Level, sr: int = SR) -> Soundtrack | None:
    folder = soundtracks_dir() / soundtrack_key(level, sr)
    if not (folder / "meta.json").exists():
        return None
    try:
        st = _load(folder)
    except (OSError, ValueError, KeyError):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    os.utime(folder / "meta.json")    # most recently used
    return st


def load_or_render(level: Level, sr: int = SR, progress: Callable[[float], None] | None = None,
                   use_cache: bool = True) -> Soundtrack:
    """The level's soundtrack: from the cache if it is there, else rendered (and stored)."""
    if use_cache:
        st = load_cached(level, sr)
        if st is not None:
            if progress is not None:
                progress(1.0)
            return st
    score = compose(level, sr)
    if not use_cache:
        return render_soundtrack(score, progress=progress)
    try:
        root = soundtracks_dir()
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".tmp-"))
    except OSError:
        return render_soundtrack(score, progress=progress)
    try:
        horn_frames = sum(max(0, min(e, score.frames) - s) for s, e in score.horn_bars)
        base = _save(tmp / "base.npy", (score.frames, 2))
        horns = _save(tmp / "horns.npy", (horn_frames, 2))
        st = render_soundtrack(score, base=base, horns=horns, progress=progress)
        np.save(tmp / "horn_index.npy", st.horn_index)
        for a in (base, horns):
            if isinstance(a, np.memmap):
                a.flush()
        del base, horns
        st.base = st.horns = np.zeros((0, 2), np.int16)   # drop the maps before renaming
        (tmp / "meta.json").write_text(json.dumps({
            "version": SYNTH_VERSION, "sr": sr, "start_time": score.start_time,
            "frames": score.frames, "horn_frames": horn_frames, "peak": st.peak,
            "limited": st.limited, "level": level.id}), "utf-8")
        folder = root / soundtrack_key(level, sr)
        try:
            os.replace(tmp, folder)
        except OSError:          # another process stored it first: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
        evict(root, keep=folder.name)
        return _load(folder)
    except (OSError, ValueError):
        shutil.rmtree(tmp, ignore_errors=True)
        return render_soundtrack(score, progress=progress)
    except BaseException:       # cancelled: leave nothing behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def evict(root: Path, keep: str = "", budget: int = BUDGET_BYTES) -> list[str]:
    """Drop the least recently used soundtracks until the folder fits its budget."""
    now = time.time()
    entries = []
    for d in root.iterdir():
        if not d.is_dir():
            continue
        try:
            if d.name.startswith(".tmp-"):
                if now - d.stat().st_mtime > STALE_TMP_S:
                    shutil.rmtree(d, ignore_errors=True)
                continue
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
