"""What the results screen says about a run: why a grade was low, in the stage's own words,
and what to try next (the workout is game.core.effort's).

Pure (no pygame): the results scene draws these lines, and tests read them as a player
would. A low grade is explained by what actually cost it (timing that leans one way, misses
of each kind, strays), and the two cures a newcomer needs are offered by name: calibrating
from this very play, and the Easy tier.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.core.calibration import PlayCalibration
from game.core.judge import PASSING_GRADES
from game.core.stage import StageInfo

LEAN_MS = 10.0            # a mean further off centre than this is worth telling
MISS_KINDS = (("miss", "MISS"), ("wrong", "WRONG HAND"), ("drop", "DROP"),
              ("hit_by", "HIT!"))


@dataclass(frozen=True)
class Debrief:
    low: bool                        # the grade did not pass: explain it
    why: tuple[str, ...]             # what cost the grade, most telling first
    offer_calibration: bool          # "calibrate from this play" is worth a key
    offer_easy: bool                 # "try Easy" is worth a key
    full_combo: bool


def lean_words(mean_ms: float) -> str:
    """'44 ms early' / '12 ms late' / 'centred'."""
    if abs(mean_ms) < 3.0:
        return "centred"
    return f"{abs(mean_ms):.0f} ms {'early' if mean_ms < 0 else 'late'}"


def full_combo(summary: Mapping) -> bool:
    """Every cue landed and no stray broke the chain."""
    counts = summary.get("judgements", {})
    missed = sum(counts.get(k, 0) for k, _w in MISS_KINDS)
    return summary.get("cues", 0) > 0 and missed == 0 and summary.get("strays", 0) == 0


def debrief(summary: Mapping, stages: Sequence[StageInfo], tier: str,
            calibration: PlayCalibration | None) -> Debrief:
    """The results' teaching lines for one finished run (`stages[0]` names its words)."""
    counts = summary.get("judgements", {})
    grade = summary.get("grade", "F")
    low = grade not in PASSING_GRADES
    stage = stages[0] if stages else None
    why: list[str] = []
    mean = float(summary.get("mean_offset_ms", 0.0))
    leaning = abs(mean) >= LEAN_MS
    if leaning:
        why.append(f"Your hits landed {lean_words(mean)} on average: "
                   f"{'wait for the beat' if mean < 0 else 'hit a touch sooner'}, "
                   "or calibrate so the game hears you on time.")
    cues = summary.get("cues", 0)
    lost = [(counts.get(k, 0), stage.word(k, w) if stage else w) for k, w in MISS_KINDS]
    lost = [(n, w) for n, w in lost if n]
    if lost:
        parts = ", ".join(f"{w.lower()} {n}" for n, w in lost)
        why.append(f"{sum(n for n, _w in lost)} of {cues} cues lost: {parts}.")
    good = counts.get("good", 0)
    if good and good >= counts.get("perfect", 0) + counts.get("great", 0):
        why.append("Most hits were only Good: steadier timing turns them Great or Perfect.")
    strays = summary.get("strays", 0)
    if strays >= 3:
        why.append(f"{strays} presses with no cue to hit broke the combo.")
    offer_cal = calibration is not None and calibration.worth_it and (low or leaning)
    return Debrief(low, tuple(why) if low or leaning else (), offer_cal,
                   low and tier != "easy", full_combo(summary))
