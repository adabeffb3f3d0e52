"""The progress store: round trips, the first schema migrated, personal bests, unlocks,
settings, daily completions and unreadable files moved aside."""

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from game.core.loader import builtin_level_paths, load_level
from game.core.session import autoplay
from game.core.settings import Settings
from game.progress import migrations
from game.progress.campaign import campaign_order, next_to_unlock, unlocked
from game.progress.store import AttemptRecord, ProgressStore, StoreError, attempt_from_summary
from game.stages import get_stage

TOKYO = timezone(timedelta(hours=9))


def rec(level_id="speed-bag-rounds", score=1000, grade="A", tier="normal", when=None,
        stage="speed_bag", **kw):
    when = when or datetime(2025, 3, 14, 22, 30, tzinfo=TOKYO)
    return AttemptRecord(level_id=level_id, content_hash="abc", stage=stage, finished_at=when,
                         local_date=when.date(), tier=tier, score=score, accuracy=91.5,
                         grade=grade, judgements={"perfect": 10, "miss": 1}, max_combo=9,
                         duration_s=100.0, **kw)


@pytest.fixture
def store(tmp_path):
    s, notice = ProgressStore.open(tmp_path / "progress.sqlite3")
    assert notice is None
    yield s
    s.close()


def test_default_location_follows_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MONTAGE_DATA_DIR", str(tmp_path / "portable"))
    s, _ = ProgressStore.open()
    s.close()
    assert (tmp_path / "portable" / "progress.sqlite3").exists()


def test_round_trip_survives_reopening(tmp_path):
    path = tmp_path / "p.sqlite3"
    level = load_level(builtin_level_paths()[0])
    session = autoplay(level, get_stage(level.stage), sigma_ms=20.0, seed=3)
    when = datetime(2025, 3, 14, 23, 50, tzinfo=TOKYO)
    original = attempt_from_summary(session.summary(), level, "hard", assist=True, now=when,
                                    overload=1.03)
    s, _ = ProgressStore.open(path)
    aid = s.record_attempt(original)
    s.close()
    s, _ = ProgressStore.open(path)
    back = s.attempt(aid)
    s.close()
    assert back == original
    assert back.local_date == date(2025, 3, 14)            # the player's day, not UTC's
    assert back.content_hash == level.content_hash and back.stage == "speed_bag"
    assert back.judgements == session.summary()["judgements"]
    assert back.tempo_scale == pytest.approx(1.08 * 1.03)
    assert back.assist and not back.autoplay and not back.practice


def test_store_uses_wal_full_sync_and_latest_schema(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.schema_version == migrations.LATEST


def test_personal_best_per_level_and_tier(store):
    assert store.personal_best("speed-bag-rounds", "normal") is None
    first = store.record_attempt(rec(score=1000))
    store.record_attempt(rec(score=900))                    # lower: not a best
    store.record_attempt(rec(score=1000))                   # a tie keeps the first
    assert store.personal_best("speed-bag-rounds", "normal").attempt_id == first
    better = store.record_attempt(rec(score=1500, grade="S"))
    best = store.personal_best("speed-bag-rounds", "normal")
    assert (best.attempt_id, best.score, best.grade) == (better, 1500, "S")
    store.record_attempt(rec(score=700, tier="hard"))
    assert store.personal_best("speed-bag-rounds", "hard").score == 700
    assert store.personal_best("speed-bag-rounds", "normal").score == 1500


def test_practice_autoplay_and_daily_runs_never_set_bests(store):
    store.record_attempt(rec(score=500))
    store.record_attempt(rec(score=9000, practice=True))
    store.record_attempt(rec(score=9000, autoplay=True))
    store.record_attempt(rec(score=9000, daily=True))
    assert store.personal_best("speed-bag-rounds", "normal").score == 500
    assert len(store.attempts()) == 3                       # autoplay is not the player's
    assert len(store.attempts(include_autoplay=True)) == 4


def test_assisted_bests_are_kept_apart(store):
    store.record_attempt(rec(score=800))
    store.record_attempt(rec(score=2000, assist=True))
    assert store.personal_best("speed-bag-rounds", "normal").score == 800
    assert store.personal_best("speed-bag-rounds", "normal", assist=True).score == 2000


def campaign():
    return [load_level(p) for p in builtin_level_paths()]


def test_campaign_unlocks_in_file_order_with_grade_c_or_better(store):
    levels = campaign()
    order = [lv.id for lv in campaign_order(reversed(levels))]
    assert order == [lv.id for lv in levels]                # NN_ file names decide
    assert unlocked(store, levels) == order[:1]             # the first is always open
    store.record_attempt(rec(order[0], grade="D"))
    assert unlocked(store, levels) == order[:1]             # D does not clear
    store.record_attempt(rec(order[0], grade="C", practice=True))
    store.record_attempt(rec(order[0], grade="S", autoplay=True))
    assert unlocked(store, levels) == order[:1]             # neither do practice or the bot
    store.record_attempt(rec(order[0], grade="C"))
    assert unlocked(store, levels) == order[:2]
    if len(order) > 2:
        assert next_to_unlock(levels, store.cleared_level_ids()).id == order[2]


def v1_database(path: Path) -> None:
    """A progress file exactly as the first schema wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, target=1)
    rows = [("speed-bag-rounds", "h1", "speed_bag", "2024-12-31T23:30:00+00:00", "normal",
             5000, 96.0, json.dumps({"perfect": 50, "great": 2, "good": 0, "miss": 0,
                                      "wrong": 0}), 52, 111.0, 0),
            ("speed-bag-rounds", "h1", "speed_bag", "2025-01-02T08:00:00+00:00", "hard",
             4000, 85.0, json.dumps({"perfect": 40, "miss": 3, "wrong": 1}), 20, 103.0, 0),
            ("speed-bag-rounds", "h1", "speed_bag", "2025-01-03T08:00:00+00:00", "normal",
             9999, 99.0, json.dumps({"perfect": 60}), 60, 111.0, 1)]
    for r in rows:
        conn.execute("INSERT INTO attempts (level_id, content_hash, stage, finished_at, tier, "
                     "score, accuracy, judgements, max_combo, duration_s, practice) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r)
    conn.execute("INSERT INTO bests VALUES ('speed-bag-rounds', 'normal', 1, 5000, 96.0)")
    conn.execute("INSERT INTO settings VALUES ('volume', '0.5')")
    conn.close()


def test_migration_from_the_first_schema_keeps_everything(tmp_path):
    path = tmp_path / "old.sqlite3"
    v1_database(path)
    s, notice = ProgressStore.open(path)
    assert notice is None and s.schema_version == migrations.LATEST
    old = s.attempts()
    assert [a.score for a in old] == [5000, 4000, 9999]
    assert old[0].local_date == date(2024, 12, 31)          # the UTC day: all v1 knew
    assert [a.grade for a in old] == ["S", "B", "S"]         # graded as the game grades
    assert [a.tempo_scale for a in old] == [1.0, 1.08, 1.0]
    assert old[2].practice and not any(a.autoplay or a.daily for a in old)
    assert s.personal_best("speed-bag-rounds", "normal").score == 5000  # practice excluded
    assert s.personal_best("speed-bag-rounds", "hard").score == 4000
    assert s.cleared_level_ids() == {"speed-bag-rounds"}
    assert s.settings_get("volume") == 0.5
    s.record_attempt(rec(score=6000))                       # and it keeps working
    assert s.personal_best("speed-bag-rounds", "normal").score == 6000
    s.close()


def test_each_migration_step_is_all_or_nothing(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    v1_database(path)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")
    monkeypatch.setattr(migrations, "MIGRATIONS", (migrations.MIGRATIONS[0], broken))
    with pytest.raises(RuntimeError):
        ProgressStore.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
                        ).fetchone()[0] == 0
    conn.close()


def test_settings_are_json_values(store):
    assert store.settings_get("missing", 7) == 7
    store.settings_set("bindings", {"left": ["f", "left"]})
    store.settings_set("volume", 0.25)
    assert store.settings_get("bindings") == {"left": ["f", "left"]}
    assert store.settings_get("volume") == 0.25
    with pytest.raises(TypeError):
        store.settings_set("bad", object())


def test_player_settings_import_once_and_round_trip(store, tmp_path):
    legacy = tmp_path / "settings.json"
    Settings(audio_offset_ms=42.0, tier="hard").save(legacy)
    assert store.load_settings(legacy).audio_offset_ms == 42.0
    legacy.unlink()
    settings = store.load_settings(legacy)
    assert (settings.audio_offset_ms, settings.tier) == (42.0, "hard")
    settings.reduced_motion = True
    store.save_settings(settings)
    assert store.load_settings().reduced_motion
    store.settings_set("settings", {"frame_cap": "fast", "vsync": True})
    odd = store.load_settings()
    assert odd.frame_cap == Settings().frame_cap and odd.vsync  # wrong types fall back


def test_daily_completion_keeps_the_first_of_the_day(store):
    morning = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)
    assert store.mark_daily_complete(date(2025, 5, 1), morning)
    assert not store.mark_daily_complete(date(2025, 5, 1), morning + timedelta(hours=5))
    assert store.daily_done(date(2025, 5, 1)) and not store.daily_done(date(2025, 5, 2))
    [only] = store.daily_completions()
    assert only.at == morning


def write_random_bytes(path: Path) -> bytes:
    data = bytes((i * 7919 + 13) % 256 for i in range(20_000))
    path.write_bytes(data)
    return data


def write_truncated_database(path: Path) -> bytes:
    s, _ = ProgressStore.open(path)
    s.record_attempts([rec(score=i) for i in range(2000)])
    s.close()
    data = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("damage", [write_random_bytes, write_truncated_database])
def test_unreadable_file_is_moved_aside_and_a_fresh_one_starts(tmp_path, damage):
    path = tmp_path / "progress.sqlite3"
    data = damage(path)
    s, notice = ProgressStore.open(path)
    assert notice is not None
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name and p.suffix == ".sqlite3"]
    assert len(kept) == 1 and str(kept[0]) in notice        # the player is told where
    assert kept[0].read_bytes() == data                     # kept as it was, never deleted
    assert s.attempts() == []
    s.record_attempt(rec())
    s.close()
    s, notice = ProgressStore.open(path)                    # the fresh file is healthy
    assert notice is None and len(s.attempts()) == 1
    s.close()


def test_someone_elses_database_is_not_mistaken_for_ours(tmp_path):
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    s, notice = ProgressStore.open(path)
    s.close()
    assert notice and "not one of Montage's" in notice


def test_a_newer_games_file_is_left_alone(tmp_path):
    path = tmp_path / "progress.sqlite3"
    s, _ = ProgressStore.open(path)
    s.conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    s.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer"):
        ProgressStore.open(path)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_the_game_starts_on_a_corrupt_file_and_says_where_it_went(tmp_path, monkeypatch):
    from game.app.run import make_app, open_services
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("MONTAGE_DATA_DIR", str(data_dir))
    write_random_bytes(data_dir / "progress.sqlite3")
    app, _window = make_app()
    open_services(app, 0)
    assert app.store is not None
    assert any(".corrupt-" in t.text for t in app.toasts)
    app.store.close()


def test_an_attempt_and_its_best_are_one_transaction(store):
    store.record_attempt(rec(score=100))
    store.conn.execute("CREATE TEMP TRIGGER refuse BEFORE UPDATE ON bests "
                       "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    with pytest.raises(sqlite3.DatabaseError, match="disk trouble"):
        store.record_attempt(rec(score=5000))
    assert [a.score for a in store.attempts()] == [100]     # no attempt without its best
    store.conn.execute("DROP TRIGGER refuse")
    store.record_attempt(rec(score=5000))                    # the store is still usable
    assert store.personal_best("speed-bag-rounds", "normal").score == 5000
