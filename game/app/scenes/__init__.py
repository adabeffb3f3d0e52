"""Scenes: title, stage select, play, results, and the rest (one module each)."""
