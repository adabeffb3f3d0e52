"""What a new player has been shown already: the first-launch welcome and each stage's
how-to, so each appears once.

Kept in the store's settings table under its own key (no migration: it is one JSON value),
apart from the Settings a player edits, so resetting settings never replays the welcome. A
data folder from before this existed (it has attempts) counts as welcomed, and a stage the
player has already played counts as taught. Without a store it lives for the session only.
"""

from __future__ import annotations

import sqlite3
from typing import Any

KEY = "onboarding"
MAX_STAGES = 64          # a hand-edited value cannot grow the list without bound
MAX_NAME = 64


class Onboarding:
    def __init__(self, store: Any = None) -> None:
        self.store = store
        self.welcomed = False
        self.taught: set[str] = set()
        self._played: set[str] | None = None
        if store is not None:
            self._load()

    def _load(self) -> None:
        try:
            raw = self.store.settings_get(KEY, {})
            if not raw:
                self.welcomed = bool(self.store.attempt_ids())
        except sqlite3.Error:
            return
        if isinstance(raw, dict):
            self.welcomed = self.welcomed or raw.get("welcomed") is True
            names = raw.get("taught", [])
            if isinstance(names, list):
                self.taught = {n for n in names[:MAX_STAGES]
                               if isinstance(n, str) and 0 < len(n) <= MAX_NAME}

    def _save(self) -> None:
        if self.store is None:
            return
        try:
            self.store.settings_set(KEY, {"welcomed": self.welcomed,
                                          "taught": sorted(self.taught)})
        except sqlite3.Error:  # a full or read-only disk: shown again next time, no crash
            pass

    def mark_welcomed(self) -> None:
        self.welcomed = True
        self._save()

    def needs_howto(self, stage: str) -> bool:
        """True until the stage's how-to was shown or the player has played the stage."""
        if stage in self.taught:
            return False
        return stage not in self._played_stages()

    def mark_taught(self, stages: list[str] | tuple[str, ...]) -> None:
        self.taught |= set(stages)
        self._save()

    def _played_stages(self) -> set[str]:
        if self._played is None:
            self._played = set()
            if self.store is not None:
                try:
                    self._played = self.store.played_stages()
                except sqlite3.Error:
                    pass
        return self._played
