"""SoundtrackJob: compose and render (or load from the cache) on a worker thread.

numpy releases the interpreter lock inside its array operations, so the loop keeps polling
input and drawing the progress bar while the band warms up.
"""

from __future__ import annotations

import threading

from game.audio.cache import load_or_render
from game.audio.render import Soundtrack
from game.audio.synth import SR
from game.core.level import Level


class Cancelled(Exception):
    pass


class SoundtrackJob:
    """progress 0..1; done once finished, failed or cancelled; error says why it failed,
    notes what the player should know even so (e.g. the cache could not keep it)."""

    def __init__(self, level: Level | None, sr: int = SR, use_cache: bool = True) -> None:
        self.level = level
        self.sr = sr
        self.use_cache = use_cache
        self.progress = 0.0
        self.done = level is None
        self.error: str | None = None
        self.notes: list[str] = []
        self.result: Soundtrack | None = None
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def finished(cls, result: Soundtrack | None = None) -> SoundtrackJob:
        """A job with nothing left to do (a silent director, or a soundtrack at hand)."""
        job = cls(None)
        job.result = result
        job.progress = 1.0
        return job

    def start(self) -> SoundtrackJob:
        if not self.done and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="montage-synth",
                                            daemon=True)
            self._thread.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done

    def _progress(self, p: float) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.progress = min(0.999, max(self.progress, p))

    def _run(self) -> None:
        assert self.level is not None
        try:
            self.result = load_or_render(self.level, self.sr, self._progress, self.use_cache,
                                         self.notes)
        except Cancelled:
            self.error = "cancelled"
        except Exception as e:  # noqa: BLE001 - reported to the caller; the game plays silent
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self.progress = 1.0
            self.done = True
