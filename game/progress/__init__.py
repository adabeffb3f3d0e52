"""Progress that lasts: the SQLite store, the campaign and its unlocks, the coach's tempo
overload, today's montage, streaks and stats. Pure Python (no pygame); the store is passed
in, never a global."""
