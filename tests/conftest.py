"""Headless everywhere: dummy video and audio, and a private data/cache folder per test."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("MONTAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MONTAGE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MONTAGE_LEVELS_DIR", str(tmp_path / "levels"))
    monkeypatch.setenv("MONTAGE_PICTURES_DIR", str(tmp_path / "pictures"))
