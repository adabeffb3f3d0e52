"""HUD safe zones: on every stage, at work, rest, count-in and the coach's calls, every
word the HUD draws lies on a HUD plate (or in the cue track's band), never straight on the
stage's art, and no two plates overlap (the judgement word steps below a call)."""

import pygame
import pytest

from game.app.rig import Rig
from game.core.catalogue import catalogue
from game.core.events import Call
from game.core.session import PlaySession, autoplay_inputs
from game.gfx.text import TextCache
from game.stages import get_stage


class RecordingText(TextCache):
    """The HUD's text, remembering where each word was blitted this frame."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[pygame.Rect] = []

    def blit(self, target, text, size, pos, colour=(240, 240, 240), bold=False,
             anchor="topleft"):
        rect = super().blit(target, text, size, pos, colour, bold, anchor)
        if text.strip():
            self.rects.append(rect.clip(target.get_rect()))
        return rect


def first_level_of_each_stage():
    """One level a stage, and the first remix (its NEXT card rides in before each cut)."""
    seen = {}
    for e in catalogue(None)[0]:
        if e.level is not None:
            seen.setdefault("remix" if e.level.is_remix else e.level.stage, e.level)
    return list(seen.values())


def moments(level):
    """Song times worth checking: the count-in, a work stretch, a rest, the first calls."""
    works = [i for i, iv in enumerate(level.intervals) if iv.is_work]
    rests = [i for i, iv in enumerate(level.intervals) if not iv.is_work]
    ts = [-0.4, level.interval_times(works[0])[0] + 3.1]
    if rests:
        ts.append(level.interval_times(rests[0])[0] + 2.0)
    session = PlaySession(level, get_stage(level.stage))
    calls = [e.time for e in session.advance(level.duration) if isinstance(e, Call)]
    ts += [c + 0.2 for c in calls[1:3] if c > 0]
    cuts = [level.interval_times(i)[0] for i in range(1, len(level.intervals))
            if level.stage_of(i) != level.stage_of(i - 1)]
    ts += [at - 0.3 for at in cuts[:2]]
    return sorted(set(ts))


@pytest.mark.parametrize("level", first_level_of_each_stage(), ids=lambda lv: lv.id)
def test_every_hud_word_is_on_a_plate_and_plates_never_overlap(level):
    pygame.display.init()
    pygame.font.init()
    display = pygame.display.set_mode((1280, 720))
    rig = Rig(level, TextCache(), label="AUTOPLAY")
    recording = RecordingText()
    rig.hud.text = recording
    inputs = autoplay_inputs(level, rig.rules, 0.0, 0)
    canvas = pygame.Surface((1280, 720)).convert(display)
    for t in moments(level):
        inputs = rig.play_until(inputs, t)
        recording.rects.clear()
        for _ in rig.draw(canvas, t):
            pass
        zones = [z.inflate(2, 2) for z in rig.hud.zones] + [rig.hud.track_zone()]
        assert recording.rects, f"{level.id} at {t:.1f}s: the HUD drew no words"
        for rect in recording.rects:
            assert any(z.contains(rect) for z in zones), (
                f"{level.id} at {t:.1f}s: HUD text at {rect} is off its plates")
        plates = rig.hud.zones
        for a in range(len(plates)):
            for b in range(a + 1, len(plates)):
                assert not plates[a].colliderect(plates[b]), (
                    f"{level.id} at {t:.1f}s: plates {plates[a]} and {plates[b]} overlap")
