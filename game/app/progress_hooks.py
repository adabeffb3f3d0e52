"""Where play meets the progress store: overload before a run, recording after it.

Every function here copes with no store (progress unavailable): the game plays on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from game.core.level import Level
from game.core.session import PlaySession


def overload_for_level(app: Any, level: Level, today: date | None = None) -> Any | None:
    """Today's coach adjustment for the level's stage (scale, change, reason), or None."""
    if app.store is None:
        return None
    from game.progress.overload import overload_for
    return overload_for(app.store, level.stage, today or date.today())


def mid_level(options: Any) -> bool:
    """A practice run, or one that started past the first bar: never a full clear."""
    return options.practice or options.start_interval > 0 or options.start_bar > 0


def record_result(app: Any, session: PlaySession, level: Level, options: Any,
                  daily: bool = False, completes_day: date | None = None) -> list[str]:
    """Commit a finished run (one transaction) and say what it changed for the player. A
    run the database cannot take is kept for the next chance, and the notes say so."""
    from game.progress.attempt import attempt_from_summary
    replay = replay_for(session, level, options.tier,
                        assist=bool(app.settings.timing_assist),
                        tempo_scale=options.play_scale, source=_daily_source(app, daily))
    if options.autoplay:
        if not options.save_autoplay:
            return []
        rec = attempt_from_summary(session.summary(), level, options.tier, autoplay=True,
                                   duration_s=session.level.duration, replay=replay)
        return [keep_run(app, rec) or "autoplay run saved (marked as autoplay)"]
    if app.store is None:
        rec = attempt_from_summary(session.summary(), level, options.tier,
                                   practice=mid_level(options),
                                   daily=daily,
                                   assist=bool(app.settings.timing_assist),
                                   overload=options.tempo_scale,
                                   duration_s=session.level.duration, replay=replay)
        return [keep_run(app, rec) or "progress is not being saved this session"]
    from game.core.catalogue import catalogue
    from game.progress.campaign import unlocked
    store = app.store
    tier = options.tier
    assist = bool(app.settings.timing_assist)
    before_best = store.personal_best(level.id, tier, assist=assist)
    campaign = [e.level for e in catalogue(None)[0] if e.level is not None]
    before_open = set(unlocked(store, campaign))
    # a run that started mid-level (practice, a --watch reload) is never a full clear, and
    # only the campaign's own file can clear a campaign level (not a copy under its id)
    impostor = not daily and any(lv.id == level.id and lv.content_hash != level.content_hash
                                 for lv in campaign)
    practice = mid_level(options) or impostor
    rec = attempt_from_summary(session.summary(), level, tier, practice=practice,
                               assist=assist, daily=daily, overload=options.tempo_scale,
                               duration_s=session.level.duration, replay=replay)
    notice = keep_run(app, rec, completes_day)
    if notice:
        return [notice]
    notes = []
    if impostor:
        return [f"this level uses the campaign's id {level.id!r}: its runs are saved as "
                "practice and never clear the campaign"]
    if practice:
        return ["practice run: saved, but not counted for bests or streaks"]
    best = store.personal_best(level.id, tier, assist=assist)
    if not daily:
        notes += best_notes(before_best.score if before_best else None,
                            best.score if best else None, rec.grade)
    for lv in campaign:
        if lv.id in set(unlocked(store, campaign)) - before_open:
            notes.append(f"unlocked: {lv.title}")
    return notes


def _daily_source(app: Any, daily: bool) -> str:
    """A daily part is no file: its replay keeps the day's plan to compose it again."""
    if not daily or app.store is None:
        return ""
    import sqlite3

    from game.progress.daily import PLAN_KEY
    from game.progress.replay_source import daily_source
    try:
        return daily_source(app.store.settings_get(PLAN_KEY))
    except sqlite3.Error:
        return ""


def replay_for(session: PlaySession, level: Level, tier: str, *, assist: bool,
               tempo_scale: float, source: str = "") -> Any:
    """The run's replay, saved with it: its inputs as the judge saw them, and the level
    file's absolute path so `montage replay` finds it again from any folder."""
    from pathlib import Path

    from game.core.replay import game_version, replay_of
    source = source or level.source
    if source and not source.startswith("daily:") and Path(source).is_file():
        source = str(Path(source).resolve())
    return replay_of(session, level, tier=tier, assist=assist, tempo_scale=tempo_scale,
                     game_version=game_version(), source=source)


PERSONAL_BEST = "new personal best!"
FIRST_CLEAR = "first clear"
#: notes the results celebrate (the rest are told plainly)
CELEBRATIONS = (PERSONAL_BEST, FIRST_CLEAR, "unlocked: ")


def best_notes(before: int | None, after: int | None, grade: str) -> list[str]:
    """What a run did to the level's best. A first run has nothing to beat: it is a first
    clear when it passes, and nothing at all when it fails; a failing grade is never
    announced as a best, whatever its score."""
    from game.core.judge import PASSING_GRADES
    if after is None or grade == "F":
        return []
    if before is None:
        return [f"{FIRST_CLEAR}: grade {grade}"] if grade in PASSING_GRADES else []
    return [PERSONAL_BEST] if after > before else []


def keep_run(app: Any, rec: Any, completes_day: date | None = None) -> str | None:
    """Save `rec` in the store, or keep it in the journal for the next start when the
    store cannot take it (or there is none); None when it was saved, else what to tell.
    `completes_day`: the run finishes today's montage, saved with it in one transaction."""
    if app.store is not None:
        _id, notice = app.store.save_attempt(rec, completes_day)
        return notice
    from game.progress.store import keep_without_store
    return keep_without_store(rec, "progress did not open this session")
