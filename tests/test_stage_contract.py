"""The stage contract: a stage is one folder, and nothing outside it needs to change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.stage import stage_book
from game.stages import discover

ROOT = Path(__file__).resolve().parents[1]
STAGES = ROOT / "game" / "stages"

LEVEL = """id: zz-probe-level
title: Probe
stage: zz_probe
tempo: 100
intervals:
  - work: 4
    pattern: "l.r.l.r.|[lr].r===^.L~~~"
  - rest: 2
"""


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=240)


@pytest.fixture
def probe_stage():
    """speed_bag copied to zz_probe with only its name replaced inside the copy."""
    target = STAGES / "zz_probe"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(STAGES / "speed_bag", target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for f in target.rglob("*.py"):
        f.write_text(f.read_text().replace("speed_bag", "zz_probe"))
    try:
        yield target
    finally:
        shutil.rmtree(target, ignore_errors=True)


def test_a_copied_stage_folder_is_a_stage_every_command_accepts(probe_stage, tmp_path):
    level = tmp_path / "probe.yaml"
    level.write_text(LEVEL)
    check = _run("check", str(level), cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    play = _run("play", str(level), "--autoplay", "--headless", "--json", cwd=tmp_path)
    assert play.returncode == 0, play.stderr
    result = json.loads(play.stdout)
    assert result["stage"] == "zz_probe" and result["accuracy"] >= 99.0
    assert result["cue_kinds"] == {"chord": 2, "hold": 2, "release": 2, "roll": 2, "tap": 8}
    shot = _run("shot", str(level), "--at", "3", "-o", str(tmp_path / "f.png"), cwd=tmp_path)
    assert shot.returncode == 0 and (tmp_path / "f.png").stat().st_size > 10_000, shot.stderr
    rate = _run("rate", str(level), "--json", "--runs", "20", cwd=tmp_path)
    assert rate.returncode == 0, rate.stderr
    assert 1.0 <= json.loads(rate.stdout)["rating"] <= 10.0
    # the generated schema and docs now lag behind, and the failure names the one command
    schema = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(ROOT / "tests" / "test_schema.py"), "-k", "docs_reference"],
                            cwd=ROOT, capture_output=True, text=True, timeout=240,
                            env=dict(os.environ, SDL_VIDEODRIVER="dummy"))
    assert "montage schema --docs docs/levels.md" in schema.stdout


def test_stages_are_found_in_film_order_and_each_describes_itself():
    book = discover()
    assert list(book) == sorted(book, key=lambda n: (book[n].order, n))
    for name, info in book.items():
        assert (STAGES / name / "__init__.py").is_file()
        assert info.title and info.blurb and info.actions
        assert set(info.default_keys) == set(info.actions), name
        assert all(s.action in info.actions for s in info.symbols.values()), name
        assert info.view_class() is not None
        assert info.met > 0 and info.count_noun, name


def test_nothing_outside_the_stage_folders_names_a_stage():
    names = list(stage_book())
    offenders = []
    for f in (ROOT / "game").rglob("*.py"):
        if STAGES in f.parents and f.parent != STAGES:
            continue
        text = f.read_text()
        offenders += [f"{f.relative_to(ROOT)}: {n}" for n in names if f'"{n}"' in text]
    assert offenders == []


def test_the_core_never_imports_the_registry_or_pygame():
    for f in (ROOT / "game" / "core").rglob("*.py"):
        text = f.read_text()
        assert "import game.stages" not in text and "from game.stages" not in text, f
        assert "import pygame" not in text, f
