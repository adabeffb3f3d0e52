"""Where the game keeps things on this machine (platformdirs), with overrides for tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "montage"


def data_dir() -> Path:
    """Progress database and settings; MONTAGE_DATA_DIR (or --data-dir) overrides."""
    override = os.environ.get("MONTAGE_DATA_DIR")
    p = Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def cache_dir() -> Path:
    """Generated audio; MONTAGE_CACHE_DIR overrides."""
    override = os.environ.get("MONTAGE_CACHE_DIR")
    p = Path(override) if override else Path(platformdirs.user_cache_dir(APP, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def user_levels_dir() -> Path:
    """Custom levels; MONTAGE_LEVELS_DIR overrides, else a 'levels' folder in the data dir."""
    override = os.environ.get("MONTAGE_LEVELS_DIR")
    p = Path(override) if override else data_dir() / "levels"
    p.mkdir(parents=True, exist_ok=True)
    return p


def pictures_dir() -> Path:
    """Screenshots (F12); MONTAGE_PICTURES_DIR overrides."""
    override = os.environ.get("MONTAGE_PICTURES_DIR")
    p = Path(override) if override else Path(platformdirs.user_pictures_dir()) / "Montage"
    p.mkdir(parents=True, exist_ok=True)
    return p
