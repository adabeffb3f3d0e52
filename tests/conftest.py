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

from hypothesis import settings as _hyp_settings  # noqa: E402

# Shared, noisy machines: no per-example deadlines (speed is measured by `make bench`).
_hyp_settings.register_profile("montage", deadline=None)
_hyp_settings.load_profile("montage")
