"""Where the game keeps things on this machine (platformdirs), with overrides for tests."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import sys
from pathlib import Path

import platformdirs

from game.core.safeio import kind_of

APP = "montage"
MAIN_PY = Path(__file__).resolve().parents[1] / "main.py"


class FolderError(OSError):
    """One of the game's folders cannot be made or used (e.g. a file has its name)."""

    def __init__(self, what: str, path: Path, why: str) -> None:
        super().__init__(f"cannot use {path} as the {what} folder: {why}")
        self.path = path
        self.hint = (f"move that file away, or choose another folder ({_ENV[what]})"
                     if "not a folder" in why else f"check its permissions ({_ENV[what]})")


_ENV = {"data": "--data-dir or MONTAGE_DATA_DIR", "cache": "MONTAGE_CACHE_DIR",
        "custom levels": "MONTAGE_LEVELS_DIR", "pictures": "MONTAGE_PICTURES_DIR"}


def _ensure(what: str, p: Path) -> Path:
    """`p`, created if missing; FolderError (with the reason) if that cannot be."""
    try:
        p.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        try:
            mode = p.stat().st_mode
        except OSError:  # a dangling link
            raise FolderError(what, p, "it is a broken link, not a folder") from None
        kind = "a file" if stat.S_ISREG(mode) else kind_of(mode)
        raise FolderError(what, p, f"it is {kind}, not a folder") from None
    except NotADirectoryError:
        raise FolderError(what, p, "a part of its path is a file, not a folder") from None
    except OSError as e:
        raise FolderError(what, p, e.strerror or str(e)) from None
    return p


def data_dir() -> Path:
    """Progress database and settings; MONTAGE_DATA_DIR (or --data-dir) overrides."""
    override = os.environ.get("MONTAGE_DATA_DIR")
    return _ensure("data", Path(override) if override else
                   Path(platformdirs.user_data_dir(APP, appauthor=False)))


def cache_dir() -> Path:
    """Generated audio; MONTAGE_CACHE_DIR overrides."""
    override = os.environ.get("MONTAGE_CACHE_DIR")
    return _ensure("cache", Path(override) if override else
                   Path(platformdirs.user_cache_dir(APP, appauthor=False)))


def user_levels_dir() -> Path:
    """Custom levels; MONTAGE_LEVELS_DIR overrides, else a 'levels' folder in the data dir."""
    override = os.environ.get("MONTAGE_LEVELS_DIR")
    return _ensure("custom levels", Path(override) if override else data_dir() / "levels")


def pictures_dir() -> Path:
    """Screenshots (F12); MONTAGE_PICTURES_DIR overrides."""
    override = os.environ.get("MONTAGE_PICTURES_DIR")
    return _ensure("pictures", Path(override) if override else
                   Path(platformdirs.user_pictures_dir()) / "Montage")


def montage_command() -> str:
    """How to run the game from this shell, for hints: `montage` when it is on PATH, else
    this interpreter with main.py (a checkout run without installing)."""
    if shutil.which("montage"):
        return "montage"
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(MAIN_PY))}"
