"""The command line under faults: --json failures are JSON, output folders are not made up,
no command waits for a window nobody sees, and hints name a command that runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.core.loader import load_level
from game.paths import user_levels_dir

ROOT = Path(__file__).resolve().parents[1]
LEVEL = str(ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        rc = main(list(args))
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def one_json_error(rc: int, out: str) -> dict:
    """Exit 2 and stdout is one JSON object whose `error` has file, line, column, message."""
    assert rc == 2, out
    doc = json.loads(out)
    assert isinstance(doc, dict)
    err = doc["error"]
    assert {"file", "line", "column", "message"} <= err.keys()
    assert isinstance(err["line"], int) and isinstance(err["column"], int)
    return err


@pytest.fixture
def broken(tmp_path) -> Path:
    p = tmp_path / "broken.yaml"
    p.write_text("id: x\ntitle: y\nstage: speed_bag\ntempo: 100\nintervals:\n  - work: 2\n"
                 "    pattern: l.q.\n")
    return p


def test_play_json_on_a_broken_level_is_one_json_object(capsys, broken):
    err = one_json_error(*cli(capsys, "play", str(broken), "--autoplay", "--headless",
                              "--json")[:2])
    assert (err["file"], err["line"]) == (str(broken), 7) and "'q'" in err["message"]


def test_play_json_headless_without_autoplay_is_json(capsys):
    err = one_json_error(*cli(capsys, "play", LEVEL, "--headless", "--json")[:2])
    assert "--autoplay" in err["message"]


def test_rate_json_on_a_broken_level_is_json_per_file(capsys, broken):
    rc, out, _ = cli(capsys, "rate", str(broken), "--json", "--runs", "1")
    assert one_json_error(rc, out)["line"] == 7
    assert json.loads(out)["file"] == str(broken)


def test_a_usage_error_under_json_is_json_too(capsys):
    err = one_json_error(*cli(capsys, "stats", "--json", "--bogus")[:2])
    assert "--bogus" in err["message"]


def test_stats_json_on_an_unusable_data_folder_is_json(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "data-file"
    blocker.write_text("")
    monkeypatch.setenv("MONTAGE_DATA_DIR", str(blocker))
    err = one_json_error(*cli(capsys, "stats", "--json")[:2])
    assert err["file"] == str(blocker) and "is a file" in err["message"]


@pytest.mark.parametrize("command", [["stats"], ["new", "round"],
                                     ["play", LEVEL, "--autoplay", "--headless", "--save"]])
def test_a_data_folder_that_is_a_file_is_one_clear_line_for_every_command(
        capsys, tmp_path, monkeypatch, command):
    blocker = tmp_path / "data-file"
    blocker.write_text("")
    monkeypatch.setenv("MONTAGE_DATA_DIR", str(blocker))
    monkeypatch.delenv("MONTAGE_LEVELS_DIR")
    rc, out, err = cli(capsys, *command)
    assert rc == 2 and "Traceback" not in out + err
    assert "is a file, not a folder" in out + err


def test_headless_save_tells_that_a_damaged_file_was_moved_aside(capsys):
    from game.paths import data_dir
    (data_dir() / "progress.sqlite3").write_bytes(b"this is not sqlite" * 100)
    rc, out, err = cli(capsys, "play", LEVEL, "--autoplay", "--headless", "--save", "--json")
    assert rc == 0
    assert ".corrupt-" in err
    assert ".corrupt-" in json.loads(out)["notice"]


@pytest.mark.parametrize("command,name", [("shot", "frame.png"), ("render-audio", "x.wav")])
def test_output_into_a_folder_that_does_not_exist_says_it_made_it(capsys, tmp_path, command,
                                                                  name):
    target = tmp_path / "no" / "such" / name
    extra = ["--at", "1"] if command == "shot" else []
    rc, out, err = cli(capsys, command, LEVEL, *extra, "-o", str(target))
    assert rc == 0 and target.stat().st_size > 0
    assert f"created the folder {target.parent}" in err


def test_record_without_a_display_says_so_instead_of_waiting():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "record", LEVEL],
                          capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)
    if sys.platform.startswith("linux"):
        assert proc.returncode == 2
        assert "no display" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("name,level_id", [("Café Sparring", "cafe-sparring"),
                                           ("Ölçü", "olcu")])
def test_new_takes_names_in_any_script(name, level_id):
    assert main(["new", name]) == 0
    assert load_level(user_levels_dir() / f"{name}.yaml").id == level_id


def test_a_name_with_no_latin_letters_gets_an_id_of_its_own():
    assert main(["new", "拳击"]) == 0
    assert main(["new", "スパー"]) == 0
    a = load_level(user_levels_dir() / "拳击.yaml")
    b = load_level(user_levels_dir() / "スパー.yaml")
    assert a.title == "拳击" and a.id.startswith("level-") and a.id != b.id


def test_hints_name_a_command_that_runs_when_montage_is_not_on_path(monkeypatch, capsys):
    from game.paths import montage_command
    monkeypatch.setenv("PATH", "/nonexistent")
    cmd = montage_command()
    assert not cmd.startswith("montage")
    assert main(["new", "hint check"]) == 0
    out = capsys.readouterr().out
    assert f"next: {cmd} play" in out
    text = (user_levels_dir() / "hint check.yaml").read_text()
    assert "#   montage " not in text and f"#   {cmd} check" in text
    proc = subprocess.run(f"{cmd} check {LEVEL}", shell=True, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr

