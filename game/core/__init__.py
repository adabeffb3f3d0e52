"""The pure core: timing, judging, level data. Never imports pygame."""
