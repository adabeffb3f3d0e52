"""Player settings: plain data with defaults, stored as JSON (progress store later)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path


@dataclass
class Settings:
    #: action -> key names (pygame key names, e.g. "f", "left"); empty means stage defaults
    bindings: dict[str, list[str]] = field(default_factory=dict)
    master_volume: float = 0.9
    music_volume: float = 0.8
    effects_volume: float = 0.9
    fullscreen: bool = False
    vsync: bool = False
    frame_cap: int = 120
    audio_offset_ms: float = 0.0
    visual_offset_ms: float = 0.0
    reduced_motion: bool = False
    timing_assist: bool = False
    tier: str = "normal"

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Defaults for anything missing or unreadable; unknown keys are ignored."""
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        names = {f.name: f for f in fields(cls)}
        kept = {}
        default = cls()
        for k, v in raw.items():
            if k in names and type(v) is type(getattr(default, k)):
                kept[k] = v
            elif k in names and isinstance(getattr(default, k), float) and isinstance(v, int):
                kept[k] = float(v)
        return cls(**kept)

    def save(self, path: Path) -> None:
        """Atomic write: a killed process leaves the old file or the new one, never half."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(self), f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
