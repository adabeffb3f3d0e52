"""Montage: an interval-training rhythm game."""

import os

# pygame prints a banner on import; commands that print JSON must print only JSON.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import game.stages  # noqa: E402,F401  (the stage registry plugs itself into the core)
