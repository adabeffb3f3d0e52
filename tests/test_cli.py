"""The headless commands designers and CI use: play --autoplay --headless --json, check."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=ROOT)


def test_headless_autoplay_prints_one_json_object():
    out = run("play", "levels/2_gym/28_speed_bag_2_hard.yaml", "--autoplay", "--headless", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    for key in ("level", "score", "accuracy", "judgements", "max_combo", "mean_offset_ms"):
        assert key in result
    assert result["level"] == "speed-bag-rounds"
    assert result["accuracy"] == 100.0


def test_bot_noise_costs_accuracy():
    out = run("play", "levels/2_gym/28_speed_bag_2_hard.yaml", "--autoplay", "--headless", "--json",
              "--bot-sigma-ms", "45")
    result = json.loads(out.stdout)
    assert 40.0 < result["accuracy"] < 95.0
    assert result["judgements"]["great"] + result["judgements"]["good"] > 0


def test_check_reports_every_problem_with_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: T\nstage: speed_bag\ntempo: 900\nintervals:\n"
                   "  - work: 2\n    pattern: \"l.r.x.r.\"\n  - rest: 2\n    colour: red\n")
    good = ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml"
    out = run("check", str(good), str(bad))
    assert out.returncode == 2
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith(str(bad))]
    assert f"{bad}:4:8:" in lines[0] and "tempo" in lines[0]
    assert any(f"{bad}:7:19:" in ln and "'x'" in ln for ln in lines)  # the very character
    assert any(f"{bad}:9:5:" in ln and "colour" in ln for ln in lines)
    ok = run("check", str(good))
    assert ok.returncode == 0


def test_autoplay_is_saved_only_with_save_and_marked_as_autoplay(tmp_path):
    from game.progress.store import ProgressStore
    data = tmp_path / "data"
    base = ["--data-dir", str(data), "play", "levels/2_gym/28_speed_bag_2_hard.yaml", "--autoplay",
            "--headless", "--json"]
    assert run(*base).returncode == 0
    store, _ = ProgressStore.open(data / "progress.sqlite3")
    assert store.attempts(include_autoplay=True) == []
    store.close()
    assert run(*base, "--save").returncode == 0
    store, _ = ProgressStore.open(data / "progress.sqlite3")
    saved = store.attempts(include_autoplay=True)
    assert len(saved) == 1 and saved[0].autoplay
    assert store.attempts() == [] and store.cleared_level_ids() == set()
    store.close()
