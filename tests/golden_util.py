"""Golden frames: compare a rendered surface with a PNG in tests/golden, with a tolerance.

Set MONTAGE_UPDATE_GOLDEN=1 to (re)write the PNGs after an intended visual change.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pygame

GOLDEN = Path(__file__).parent / "golden"


def frame_difference(a: pygame.Surface, b: pygame.Surface) -> tuple[float, float]:
    """(mean absolute channel difference, fraction of pixels off by more than 48)."""
    x = pygame.surfarray.array3d(a).astype(np.int16)
    y = pygame.surfarray.array3d(b).astype(np.int16)
    if x.shape != y.shape:
        return 255.0, 1.0
    d = np.abs(x - y)
    return float(d.mean()), float((d.max(axis=2) > 48).mean())


def assert_matches_golden(surface: pygame.Surface, name: str, mean_tol: float = 2.0,
                          frac_tol: float = 0.01) -> None:
    path = GOLDEN / f"{name}.png"
    if os.environ.get("MONTAGE_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        pygame.image.save(surface, str(path))
    assert path.exists(), f"no golden frame {path}: run with MONTAGE_UPDATE_GOLDEN=1"
    golden = pygame.image.load(str(path))
    mean, frac = frame_difference(surface, golden)
    assert mean <= mean_tol and frac <= frac_tol, (
        f"{name}: frame differs from golden (mean {mean:.2f}, {frac:.2%} of pixels)")
