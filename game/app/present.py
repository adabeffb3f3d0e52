"""Presenting a frame without blocking the poll.

On X11 `display.flip()` of 1280x720 returns only once the X server has copied the frame
(SDL syncs with the server), several ms on a quiet machine and tens under load. The loop
polls between draw phases, but not inside the flip: a key arriving meanwhile was stamped
that late (measured through Xvfb with XTest: p99 6-7 ms). Sending the frame in strips does
not help: each strip costs a whole round trip to the server (8 strips took 8 times as long).

So the frame is sent on a thread of its own, without the GIL, and the loop keeps polling
until it is shown (measured through Xvfb in the same runs: p50 2.7-6.2 ms -> 0.7-1.2 ms,
p99 about halved; the rest of the p99 there was the loaded machine). The loop does not
draw or handle events meanwhile (it only stamps them, see Loop.draw_frame): the frame being
sent is the window's own surface, and a resize must not reopen the window under it.

The frame is sent with SDL's own call (ctypes, which lets go of the GIL), not pygame's
flip: the loop still pumps events during the present, and a resize pumped meanwhile made
pygame's flip re-get the window surface inside its GIL-free section, which aborted the
game (PyThreadState_Get without the GIL). SDL only says no (the surface is stale): that
frame is then flipped by pygame on the loop's thread, where nothing pumps meanwhile.
"""

from __future__ import annotations

import ctypes
import threading
import warnings
from collections.abc import Callable, Iterator

import pygame

from game.audio.output import sdl_library

WAIT_S = 0.0004          # how often the waiting loop polls, as between frames


def window_updater() -> Callable[[], bool] | None:
    """SDL_UpdateWindowSurface for pygame's display window, or None where it can't be had
    (then the present stays pygame's flip, on the loop's thread). True: sent."""
    lib = sdl_library()
    if lib is None:
        return None
    try:
        with warnings.catch_warnings():      # the only way to pygame's SDL window id
            warnings.simplefilter("ignore", DeprecationWarning)
            wid = pygame.Window.from_display_module().id
        get, update = lib.SDL_GetWindowFromID, lib.SDL_UpdateWindowSurface
    except (AttributeError, pygame.error):
        return None
    get.argtypes, get.restype = [ctypes.c_uint32], ctypes.c_void_p
    update.argtypes, update.restype = [ctypes.c_void_p], ctypes.c_int

    def send() -> bool:
        window = get(wid)
        return bool(window) and update(window) == 0
    return send


class Presenter:
    """Runs `show` (the blocking present; False: not shown) on its own thread, one frame at
    a time. `shown` says how the last one went."""

    def __init__(self, show: Callable[[], bool]) -> None:
        self._show = show
        self.shown = True
        self._want = threading.Event()
        self._done = threading.Event()
        self._done.set()
        self._closed = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="montage-present", daemon=True)
        self._thread.start()

    def present(self) -> Iterator[None]:
        """Start sending the frame; yields (so the caller can poll) until it is shown."""
        self._done.clear()
        self._want.set()
        while not self._done.wait(WAIT_S):
            yield
        error, self._error = self._error, None
        if error is not None:
            raise error

    def close(self) -> None:
        self._done.wait(1.0)
        self._closed = True
        self._want.set()
        self._thread.join(1.0)

    def _run(self) -> None:
        while True:
            self._want.wait()
            self._want.clear()
            if self._closed:
                return
            self.shown = False
            try:
                self.shown = self._show()
            except pygame.error:     # the window was resized under it: this frame is lost
                pass
            except BaseException as e:  # noqa: BLE001 - handed to the loop's thread
                self._error = e
            finally:
                self._done.set()
