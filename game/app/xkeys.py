"""The X server's key times for the game's window, read on a connection of our own.

SDL reads the window's events on its connection and does not pass on their server time, so
a second connection (libX11 through ctypes) asks for the same window's KeyPress and
KeyRelease: X sends key events to every client that selected them, in the same order.
It is read without blocking when the loop's poll has key events (no thread: the times are
the server's, so when they are read does not matter). See game.app.keytimes for why.

Only under SDL's x11 driver (XWayland included), and only where libX11 loads and detectable
autorepeat can be set (else a held key's repeats would look like presses); anywhere else,
or with MONTAGE_X_KEY_TIMES=0, keys keep their poll stamps.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import time

import pygame

from game.app.keytimes import KeyTimeMatcher
from game.app.loop import KEY_EVENTS

KEY_PRESS, KEY_RELEASE, FOCUS_OUT = 2, 3, 10
KEY_PRESS_MASK, KEY_RELEASE_MASK, FOCUS_CHANGE_MASK = 1 << 0, 1 << 1, 1 << 21
QUEUED_AFTER_READING = 1


class XKeyEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", ctypes.c_ulong), ("root", ctypes.c_ulong),
                ("subwindow", ctypes.c_ulong), ("time", ctypes.c_ulong),
                ("x", ctypes.c_int), ("y", ctypes.c_int), ("x_root", ctypes.c_int),
                ("y_root", ctypes.c_int), ("state", ctypes.c_uint),
                ("keycode", ctypes.c_uint), ("same_screen", ctypes.c_int)]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xkey", XKeyEvent), ("pad", ctypes.c_long * 24)]


def _libx11() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("X11")
    try:
        return ctypes.CDLL(name or "libX11.so.6")
    except OSError:
        return None


class XKeyTimes:
    """A second X connection listening to the game window's keys (see the module doc)."""

    def __init__(self, lib: ctypes.CDLL, display: int, window: int) -> None:
        self._lib, self._dpy, self.window = lib, display, window
        self.matcher = KeyTimeMatcher()
        self._down: set[int] = set()
        self._event = XEvent()

    @classmethod
    def open(cls) -> XKeyTimes | None:
        """For pygame's display window, or None where it cannot be had (keys then keep
        their poll stamps: an odd libX11 must never keep the game from starting)."""
        if os.environ.get("MONTAGE_X_KEY_TIMES", "1") == "0" or \
                pygame.display.get_driver() != "x11":
            return None
        try:
            return cls._open()
        except (AttributeError, OSError, ValueError, pygame.error):
            return None

    @classmethod
    def _open(cls) -> XKeyTimes | None:
        window = int(pygame.display.get_wm_info().get("window") or 0)
        lib = _libx11()
        if lib is None or not window:
            return None
        lib.XOpenDisplay.argtypes, lib.XOpenDisplay.restype = [ctypes.c_char_p], ctypes.c_void_p
        lib.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        lib.XkbSetDetectableAutoRepeat.argtypes = [ctypes.c_void_p, ctypes.c_int,
                                                   ctypes.c_void_p]
        lib.XEventsQueued.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        lib.XFlush.argtypes = lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        dpy = lib.XOpenDisplay(None)
        if not dpy:
            return None
        supported = ctypes.c_int(0)
        lib.XkbSetDetectableAutoRepeat(dpy, 1, ctypes.byref(supported))
        if not supported.value:
            lib.XCloseDisplay(dpy)
            return None
        times = cls(lib, dpy, window)
        times._select(window)
        return times

    def _select(self, window: int) -> None:
        self.window = window
        self._lib.XSelectInput(self._dpy, window,
                               KEY_PRESS_MASK | KEY_RELEASE_MASK | FOCUS_CHANGE_MASK)
        self._lib.XFlush(self._dpy)

    def follow_window(self) -> None:
        """After the display mode changed: listen to the window SDL has now."""
        window = int(pygame.display.get_wm_info().get("window") or 0)
        if window and window != self.window:
            self._select(window)

    def drain(self) -> None:
        """Read every key event the server has sent us so far (never blocks)."""
        if self._dpy is None:
            return
        lib, ev, now = self._lib, self._event, time.perf_counter_ns()
        while lib.XEventsQueued(self._dpy, QUEUED_AFTER_READING) > 0:
            lib.XNextEvent(self._dpy, ctypes.byref(ev))
            if ev.type == FOCUS_OUT:         # a key let go elsewhere is never released here
                self._down.clear()
            if ev.type not in (KEY_PRESS, KEY_RELEASE):
                continue
            code, down = ev.xkey.keycode, ev.type == KEY_PRESS
            if down and code in self._down:
                continue                     # an autorepeat (detectable: no release)
            (self._down.add if down else self._down.discard)(code)
            self.matcher.add(down, code, ev.xkey.time & 0xFFFFFFFF, now)

    def time_of(self, ev: pygame.event.Event, poll_ns: int) -> int:
        """The stamp for a KEYDOWN/KEYUP seen at `poll_ns` (other events: `poll_ns`)."""
        if ev.type not in KEY_EVENTS:
            return poll_ns
        return self.matcher.time_of(ev.type == pygame.KEYDOWN, getattr(ev, "scancode", -1),
                                    poll_ns)

    def close(self) -> None:
        if self._dpy is not None:
            self._lib.XCloseDisplay(self._dpy)
            self._dpy = None
