"""Progress that opens but cannot be written: a finished run is never lost. It is kept in a
journal beside the database, the player is told, and it is written at the next chance."""

import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from game.app.progress_hooks import record_result
from game.app.scenes.play import PlayOptions
from game.core.loader import load_level
from game.core.session import autoplay
from game.progress import journal
from game.progress.store import AttemptRecord, ProgressStore, StoreError
from game.stages import get_stage

ROOT = Path(__file__).resolve().parents[1]
LEVEL = ROOT / "levels" / "2_gym" / "28_speed_bag_2_hard.yaml"
TOKYO = timezone(timedelta(hours=9))


def rec(score=1000, minute=0) -> AttemptRecord:
    when = datetime(2025, 3, 14, 22, minute, tzinfo=TOKYO)
    return AttemptRecord(level_id="speed-bag-rounds", content_hash="abc", stage="speed_bag",
                         finished_at=when, local_date=when.date(), tier="normal", score=score,
                         accuracy=91.5, grade="A", judgements={"perfect": 10}, max_combo=9,
                         duration_s=100.0)


def read_only(store: ProgressStore) -> None:
    """What a read-only file or a full disk looks like to the store (root ignores chmod)."""
    store.conn.execute("PRAGMA query_only = ON")


def test_a_run_the_database_refuses_is_kept_and_written_at_the_next_save(tmp_path):
    store, _ = ProgressStore.open(tmp_path / "progress.sqlite3")
    read_only(store)
    rid, notice = store.save_attempt(rec(score=700))
    assert rid is None
    assert "could not be saved" in notice and "pending-runs.json" in notice
    assert [r.score for r in journal.read_pending(tmp_path / "pending-runs.json")] == [700]
    store.conn.execute("PRAGMA query_only = OFF")       # the disk has room again
    rid, notice = store.save_attempt(rec(score=900, minute=5))
    assert rid is not None and notice is None
    assert sorted(a.score for a in store.attempts()) == [700, 900]
    assert not (tmp_path / "pending-runs.json").exists()
    store.close()


def test_a_kept_run_is_written_at_the_next_start_and_the_player_is_told(tmp_path):
    db = tmp_path / "progress.sqlite3"
    store, _ = ProgressStore.open(db)
    read_only(store)
    store.save_attempt(rec(score=700))
    store.close()
    again, notice = ProgressStore.open(db)
    assert [a.score for a in again.attempts()] == [700]
    assert "1 run that could not be saved before was saved now" in notice
    again.close()
    third, notice = ProgressStore.open(db)              # written once, never twice
    assert [a.score for a in third.attempts()] == [700] and notice is None
    third.close()


def test_a_journal_left_after_its_runs_were_committed_adds_nothing_twice(tmp_path):
    db = tmp_path / "progress.sqlite3"
    store, _ = ProgressStore.open(db)
    store.record_attempt(rec(score=700))
    journal.write_pending(journal.journal_path(db), [rec(score=700)])  # crash before unlink
    assert store.flush_pending() == 0
    assert [a.score for a in store.attempts()] == [700]
    store.close()


def test_when_the_journal_cannot_be_written_either_the_run_waits_in_memory(tmp_path):
    db = tmp_path / "progress.sqlite3"
    store, _ = ProgressStore.open(db)
    journal.journal_path(db).mkdir()                    # the journal's name is taken
    read_only(store)
    _rid, notice = store.save_attempt(rec(score=500))
    assert "until the game closes" in notice
    store.conn.execute("PRAGMA query_only = OFF")
    store.save_attempt(rec(score=600, minute=1))
    assert sorted(a.score for a in store.attempts()) == [500, 600]
    store.close()


def test_a_locked_database_costs_a_second_not_ten_and_the_run_is_kept(tmp_path):
    db = tmp_path / "progress.sqlite3"
    ProgressStore.open(db)[0].close()
    store, _ = ProgressStore.open(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")                   # another program is writing
    t0 = time.monotonic()
    rid, notice = store.save_attempt(rec(score=800))
    assert time.monotonic() - t0 < 4.0
    assert rid is None and "locked" in notice
    holder.execute("ROLLBACK")
    holder.close()
    store.close()
    again, notice = ProgressStore.open(db)
    assert [a.score for a in again.attempts()] == [800]
    again.close()


def test_opening_an_exclusively_locked_database_gives_up_quickly(tmp_path):
    db = tmp_path / "progress.sqlite3"
    ProgressStore.open(db)[0].close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE IF NOT EXISTS x (a)")
    t0 = time.monotonic()
    with pytest.raises(StoreError):
        ProgressStore.open(db)
    assert time.monotonic() - t0 < 4.0
    holder.execute("ROLLBACK")
    holder.close()


def test_a_fifo_as_the_database_is_refused_not_a_hang(tmp_path):
    import os
    db = tmp_path / "progress.sqlite3"
    os.mkfifo(db)
    box: dict = {}

    def run():
        try:
            ProgressStore.open(db)
        except StoreError as e:
            box["error"] = str(e)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive()
    assert "named pipe" in box["error"]


# -- the window's side -----------------------------------------------------------------------
@pytest.fixture
def app():
    from game.app.run import make_app, open_services
    app, _window = make_app()
    open_services(app, 0)
    assert app.store is not None
    yield app
    app.store.close()


def played(level, sigma_ms=8.0):
    return autoplay(level, get_stage(level.stage), sigma_ms, 1)


def test_a_finished_run_on_a_read_only_store_shows_a_note_and_is_kept(app):
    level = load_level(LEVEL)
    read_only(app.store)
    notes = record_result(app, played(level), level, PlayOptions())
    assert len(notes) == 1 and "could not be saved" in notes[0]
    app.store.conn.execute("PRAGMA query_only = OFF")
    app.store.flush_pending()
    assert [a.level_id for a in app.store.attempts()] == [level.id]


def test_with_no_store_at_all_a_run_is_kept_for_the_next_start(tmp_path, monkeypatch):
    from game.app.run import make_app
    app, _window = make_app()
    assert app.store is None                             # progress never opened this session
    level = load_level(LEVEL)
    notes = record_result(app, played(level), level, PlayOptions())
    assert "kept in" in notes[0] and "next start" in notes[0]
    store, notice = ProgressStore.open()
    assert [a.level_id for a in store.attempts()] == [level.id] and "saved now" in notice
    store.close()


def test_windowed_autoplay_with_save_records_the_bots_run(app):
    level = load_level(LEVEL)
    notes = record_result(app, played(level), level, PlayOptions(autoplay=True,
                                                                 save_autoplay=True))
    assert "autoplay run saved" in notes[0]
    runs = app.store.attempts(include_autoplay=True)
    assert len(runs) == 1 and runs[0].autoplay
    assert record_result(app, played(level), level, PlayOptions(autoplay=True)) == []
    assert len(app.store.attempts(include_autoplay=True)) == 1


def test_settings_that_cannot_be_saved_are_told_not_a_crash(app):
    read_only(app.store)
    app.settings.frame_cap = 60
    app.save_settings()
    assert any("could not be saved" in t.text for t in app.toasts)


def test_the_game_starts_with_a_data_folder_that_is_a_file(tmp_path, monkeypatch):
    from game.app.run import make_app, open_services
    blocker = tmp_path / "data-file"
    blocker.write_text("")
    monkeypatch.setenv("MONTAGE_DATA_DIR", str(blocker))
    app, _window = make_app()
    open_services(app, 0)
    assert app.store is None
    assert any("is a file" in t.text for t in app.toasts)


def test_headless_save_that_cannot_write_says_so_keeps_the_run_and_exits_2(capsys):
    from game.cli import main
    from game.paths import data_dir
    db = data_dir() / "progress.sqlite3"
    ProgressStore.open(db)[0].close()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TRIGGER full BEFORE INSERT ON attempts "
                 "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    conn.commit()
    assert main(["play", str(LEVEL), "--autoplay", "--headless", "--save"]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "pending-runs.json" in err
    conn.execute("DROP TRIGGER full")
    conn.commit()
    conn.close()
    store, notice = ProgressStore.open(db)
    runs = store.attempts(include_autoplay=True)
    assert len(runs) == 1 and runs[0].autoplay and "saved now" in notice
    store.close()


def test_a_fifo_beside_the_database_is_refused_not_a_hang(tmp_path):
    import os
    db = tmp_path / "progress.sqlite3"
    ProgressStore.open(db)[0].close()
    for side in ("-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    os.mkfifo(str(db) + "-wal")
    with pytest.raises(StoreError, match="named pipe"):
        ProgressStore.open(db)


def test_settings_nested_past_all_sense_in_the_store_give_defaults(tmp_path):
    from game.core.settings import Settings
    store, _ = ProgressStore.open(tmp_path / "progress.sqlite3")
    deep = "[" * 50_000 + "]" * 50_000
    store.conn.execute("INSERT INTO settings (key, value) VALUES ('settings', ?)", (deep,))
    assert store.load_settings() == Settings()
    store.close()


# -- the window's folders --------------------------------------------------------------------
def test_stage_select_with_a_file_for_the_custom_folder_still_lists_the_campaign(
        tmp_path, monkeypatch):
    import pygame

    from game.app.run import make_app
    from game.app.scenes.select import SelectScene
    blocker = tmp_path / "levels-file"
    blocker.write_text("")
    monkeypatch.setenv("MONTAGE_LEVELS_DIR", str(blocker))
    app, _window = make_app()
    select = SelectScene(app)
    assert select.campaign and not select.custom
    for _ in select.draw(pygame.Surface((1280, 720))) or ():
        pass
    assert "is a file" in select.custom_problem


def test_a_screenshot_that_cannot_be_saved_is_told_not_a_crash(tmp_path, monkeypatch):
    import pygame

    from game.app.run import global_keys, make_app
    blocker = tmp_path / "pictures-file"
    blocker.write_text("")
    monkeypatch.setenv("MONTAGE_PICTURES_DIR", str(blocker))
    app, window = make_app()
    on_event = global_keys(app, window)
    assert on_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F12, mod=0), 0)
    assert any("could not be saved" in t.text for t in app.toasts)


def test_a_finished_daily_session_the_database_refuses_keeps_the_streak(tmp_path):
    from datetime import date
    db = tmp_path / "progress.sqlite3"
    store, _ = ProgressStore.open(db)
    when = datetime(2025, 3, 14, 21, 0, tzinfo=TOKYO)
    store.mark_daily_complete(date(2025, 3, 13), when - timedelta(days=1))
    read_only(store)
    notice = store.save_daily(date(2025, 3, 14), when)
    assert "could not be saved" in notice and "pending-runs.json" in notice
    store.close()
    again, notice = ProgressStore.open(db)
    assert [c.local_date for c in again.daily_completions()] == [date(2025, 3, 13),
                                                                 date(2025, 3, 14)]
    assert again.streak(date(2025, 3, 14), when)[0] == 2
    assert not journal.journal_path(db).exists()
    again.close()


def test_a_fifo_as_the_journal_never_blocks_and_the_run_waits_in_memory(tmp_path):
    import os
    db = tmp_path / "progress.sqlite3"
    os.mkfifo(journal.journal_path(db))
    store, _ = ProgressStore.open(db)                   # would block reading the journal
    read_only(store)
    _rid, notice = store.save_attempt(rec(score=300))
    assert "until the game closes" in notice
    store.conn.execute("PRAGMA query_only = OFF")
    assert store.flush_pending() == 1
    store.close()


def test_a_recorded_take_that_cannot_be_written_stays_for_another_save(tmp_path,
                                                                      monkeypatch):
    import pygame

    from game.app.run import make_app
    from game.app.scenes import record as record_scene
    path = tmp_path / "rec.yaml"
    path.write_text("id: rec\ntitle: Rec\nstage: speed_bag\ntempo: 120\nintervals:\n"
                    "  - work: 1\n    pattern: \"l...\"\n")
    app, _window = make_app()
    scene = record_scene.RecordScene(app, path)
    app.switch(scene)

    def key(k):
        return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)
    scene.handle(key(pygame.K_RETURN), 10**12)
    ref = scene.clock.reference_ns
    for k in range(4):
        scene.handle(key(pygame.K_f if k % 2 == 0 else pygame.K_j), ref + int(k * 0.5e9))
    scene.update(ref + int(2.3e9))
    assert scene.state == "review"
    real_fsync = record_scene.os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(record_scene.os, "fsync", full_disk)
    scene.handle(key(pygame.K_s), ref + int(2.4e9))
    assert scene.state == "review" and "No space left" in scene.message
    assert path.read_text().count("l...") == 1                # the file is untouched
    assert [p.name for p in path.parent.iterdir() if "rec" in p.name] == ["rec.yaml"]
    monkeypatch.setattr(record_scene.os, "fsync", real_fsync)
    scene.handle(key(pygame.K_s), ref + int(2.5e9))
    assert scene.state == "choose" and "l..." not in path.read_text()


def test_a_journal_from_an_older_game_is_still_written(tmp_path):
    import json
    db = tmp_path / "progress.sqlite3"
    old = {k: v for k, v in journal._to_json(rec(score=650)).items()
           if k not in ("cue_kinds", "outcome", "daily", "assist")}  # fields added later
    journal.journal_path(db).write_text(json.dumps([old]))
    store, notice = ProgressStore.open(db)
    assert [a.score for a in store.attempts()] == [650] and "saved now" in notice
    store.close()
