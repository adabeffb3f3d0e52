"""Bad command-line input gets one clear line and exit status 2, never a traceback."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.core.loader import load_level

ROOT = Path(__file__).resolve().parents[1]
LEVEL = str(ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `montage args...` run in this process."""
    try:
        rc = main(list(args))
    except SystemExit as e:  # argparse refusing an argument
        rc = e.code if isinstance(e.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def subprocess_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=120, cwd=ROOT)


def assert_refused(rc: int, out: str, err: str, *words: str) -> str:
    """Exit 2, no traceback, and one line of the output says all of `words`; returns it."""
    assert rc == 2, (out, err)
    assert "Traceback" not in out + err and "Exception ignored" not in err, err
    lines = [ln for ln in (out + err).splitlines() if all(w in ln for w in words)]
    assert len(lines) == 1, (words, out, err)
    return lines[0]


def data_dir() -> Path:
    return Path(os.environ["MONTAGE_DATA_DIR"])


# -- shot -------------------------------------------------------------------------------
def test_shot_tier_is_one_of_the_tiers(capsys, tmp_path):
    rc, out, err = cli(capsys, "shot", LEVEL, "--at", "10", "--tier", "bogus",
                       "-o", str(tmp_path / "x.png"))
    line = assert_refused(rc, out, err, "--tier", "bogus")
    assert "normal" in line and "champion" in line
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("at", ["nan", "inf", "-inf", "NaN", "ten"])
def test_shot_at_must_be_a_finite_number(capsys, tmp_path, at):
    rc, out, err = cli(capsys, "shot", LEVEL, f"--at={at}", "-o", str(tmp_path / "x.png"))
    assert_refused(rc, out, err, "--at", repr(at))


@pytest.mark.parametrize("at", ["-61", "178.7", "1e9"])
def test_shot_at_outside_the_level_and_a_minute_either_side_is_refused(capsys, tmp_path, at):
    assert 117 < load_level(LEVEL).duration < 118    # so the window is -60 .. 177.7 s
    rc, out, err = cli(capsys, "shot", LEVEL, "--at", at, "-o", str(tmp_path / "x.png"))
    line = assert_refused(rc, out, err, "--at", "outside")
    assert "-60 .. 177.7 s" in line
    assert not (tmp_path / "x.png").exists()


def test_shot_creates_the_output_folder(capsys, tmp_path):
    target = tmp_path / "new" / "deeper" / "x.png"
    rc, out, err = cli(capsys, "shot", LEVEL, "--at", "-60", "-o", str(target))
    assert rc == 0, err
    assert target.stat().st_size > 0 and out.strip() == str(target)


def test_shot_into_a_folder_says_so(capsys, tmp_path):
    rc, out, err = cli(capsys, "shot", LEVEL, "--at", "1", "-o", str(tmp_path))
    assert_refused(rc, out, err, str(tmp_path), "is a folder")


def test_shot_where_the_folder_cannot_be_made(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    rc, out, err = cli(capsys, "shot", LEVEL, "--at", "1",
                       "-o", str(tmp_path / "file" / "x.png"))
    assert_refused(rc, out, err, "cannot create its folder")


# -- bot noise --------------------------------------------------------------------------
@pytest.mark.parametrize("sigma", ["nan", "-1", "-0.5", "inf", "loud"])
@pytest.mark.parametrize("command", ["play", "shot"])
def test_bot_sigma_is_a_finite_number_of_ms_not_below_zero(capsys, tmp_path, command, sigma):
    extra = (["--autoplay", "--headless"] if command == "play"
             else ["--at", "1", "-o", str(tmp_path / "x.png")])
    rc, out, err = cli(capsys, command, LEVEL, *extra, f"--bot-sigma-ms={sigma}")
    assert_refused(rc, out, err, "--bot-sigma-ms", repr(sigma))


def test_bot_sigma_zero_is_fine(capsys):
    rc, out, err = cli(capsys, "play", LEVEL, "--autoplay", "--headless", "--json",
                       "--bot-sigma-ms", "0")
    assert rc == 0, err
    assert '"accuracy": 100.0' in out


# -- progress store ---------------------------------------------------------------------
def newer_store() -> Path:
    from game.progress.store import ProgressStore
    path = data_dir() / "progress.sqlite3"
    store, _ = ProgressStore.open(path)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    return path


def test_play_save_into_a_newer_progress_file_says_so(capsys):
    newer_store()
    rc, out, err = cli(capsys, "play", LEVEL, "--autoplay", "--headless", "--json", "--save")
    assert_refused(rc, out, err, "cannot save progress", "newer Montage", "999")
    rc, out, err = cli(capsys, "stats")                    # the way `stats` already said it
    assert_refused(rc, out, err, "cannot read progress", "newer Montage", "999")


def test_a_folder_in_place_of_the_progress_file(capsys):
    folder = data_dir() / "progress.sqlite3"
    folder.mkdir(parents=True)
    rc, out, err = cli(capsys, "stats")
    assert_refused(rc, out, err, "cannot read progress", str(folder), "folder")
    rc, out, err = cli(capsys, "play", LEVEL, "--autoplay", "--headless", "--save")
    assert_refused(rc, out, err, "cannot save progress", str(folder), "folder")
    assert folder.is_dir() and not any(folder.iterdir())  # left as it was


def test_store_open_errors_are_store_errors_naming_the_path(tmp_path):
    from game.progress.store import ProgressStore, StoreError
    folder = tmp_path / "p.sqlite3"
    folder.mkdir()
    with pytest.raises(StoreError, match="p.sqlite3"):
        ProgressStore.open(folder)
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder"):
        ProgressStore.open(tmp_path / "file" / "p.sqlite3")


def test_a_store_sqlite_cannot_open_is_a_store_error(tmp_path, monkeypatch):
    from game.progress import store as store_module

    def refuse(*_a, **_k):
        raise sqlite3.OperationalError("unable to open database file")
    monkeypatch.setattr(store_module.sqlite3, "connect", refuse)
    with pytest.raises(store_module.StoreError, match=r"cannot open .*p\.sqlite3: unable"):
        store_module.ProgressStore.open(tmp_path / "p.sqlite3")


# -- schema -----------------------------------------------------------------------------
def test_schema_output_that_is_a_folder(capsys, tmp_path):
    rc, out, err = cli(capsys, "schema", "-o", str(tmp_path))
    assert_refused(rc, out, err, str(tmp_path), "cannot write the schema", "folder")


def test_schema_output_into_a_new_folder(capsys, tmp_path):
    target = tmp_path / "docs" / "level.schema.json"
    rc, out, err = cli(capsys, "schema", "-o", str(target))
    assert rc == 0, err
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")


def test_schema_docs_without_the_markers(capsys, tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nno generated block here\n", encoding="utf-8")
    rc, out, err = cli(capsys, "schema", "--docs", str(doc))
    line = assert_refused(rc, out, err, str(doc), "no generated reference block")
    assert "BEGIN GENERATED REFERENCE" in line and "substring" not in line
    assert doc.read_text(encoding="utf-8") == "# Notes\n\nno generated block here\n"


def test_schema_docs_with_one_marker_or_none_at_all(capsys, tmp_path):
    from game.core.jsonschema import REFERENCE_BEGIN
    doc = tmp_path / "half.md"
    doc.write_text(f"# Doc\n{REFERENCE_BEGIN}\nold\n", encoding="utf-8")
    rc, out, err = cli(capsys, "schema", "--docs", str(doc))
    assert_refused(rc, out, err, str(doc), "END GENERATED REFERENCE", "missing")
    rc, out, err = cli(capsys, "schema", "--docs", str(tmp_path / "absent.md"))
    assert_refused(rc, out, err, "absent.md", "cannot update the reference")


# -- render-audio and wav ---------------------------------------------------------------
def test_render_audio_into_a_folder_leaves_no_half_built_wave_writer(tmp_path):
    level = tmp_path / "short.yaml"
    level.write_text("id: s\ntitle: S\nstage: speed_bag\ntempo: 120\nintervals:\n"
                     "  - work: 1\n    pattern: \"l.r.\"\n", encoding="utf-8")
    done = subprocess_cli("render-audio", str(level), "-o", str(tmp_path))
    assert done.returncode != 0
    assert "cannot write" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "_file" not in done.stderr


def test_write_wav_failure_is_one_clean_oserror(tmp_path):
    code = ("import numpy as np, sys\n"
            "from game.audio.wav import write_wav\n"
            "try:\n"
            "    write_wav(sys.argv[1], np.zeros((10, 2), dtype=np.int16), 44100)\n"
            "except OSError as e:\n"
            "    print(type(e).__name__)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "IsADirectoryError"
    assert done.stderr == ""


# -- loader wording ---------------------------------------------------------------------
def test_an_overlong_number_is_quoted_cut_with_its_length(capsys, tmp_path):
    level = tmp_path / "big.yaml"
    digits = "1" + "0" * 56
    level.write_text(f"id: b\ntitle: B\nstage: speed_bag\ntempo: {digits}\nintervals:\n"
                     "  - work: 1\n    pattern: \"l.r.\"\n", encoding="utf-8")
    rc, out, err = cli(capsys, "check", str(level))
    line = assert_refused(rc, out, err, f"{level}:4:8:", "tempo")
    assert "'1000000000...' (57 characters) is longer than 40" in line
    assert "more than 40" not in line
