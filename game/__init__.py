"""Montage: an interval-training rhythm game."""
