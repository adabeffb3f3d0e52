"""Text in any common script: a title mixing Chinese, French and Arabic draws real glyphs
(not the empty box a missing glyph gives), Arabic is joined and laid out right to left,
and `check` warns, at the character, about what no font of the game can draw."""

import numpy as np
import pygame
import pytest

from game.core.glyphs import COVERAGE_FILE, coverage, drawable
from game.core.lint import lint_level
from game.core.loader import parse_level
from game.gfx.text import TextCache

MIXED = "拳击 Ça boxe ملاكمة"
TOFU = "\ue000"          # a private-use code point: no face has it, so it draws the box


@pytest.fixture(scope="module")
def text():
    pygame.display.init()
    pygame.font.init()
    return TextCache()


def pixels(surf: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array_alpha(surf) if surf.get_flags() & pygame.SRCALPHA else \
        pygame.surfarray.array3d(surf).max(axis=2)


def ink(surf: pygame.Surface) -> np.ndarray:
    """The glyph's shape, cropped to its inked pixels."""
    a = pixels(surf) > 80
    if not a.any():
        return a
    xs, ys = np.nonzero(a)
    return a[xs.min():xs.max() + 1, ys.min():ys.max() + 1]


def test_every_letter_of_a_mixed_title_is_a_real_glyph(text):
    box = ink(text.render(TOFU, 40))
    assert box.sum() > 20                       # the box itself is visible ...
    for ch in MIXED.replace(" ", ""):
        glyph = ink(text.render(ch, 40))
        assert glyph.sum() > 10, f"{ch!r} drew nothing"
        assert glyph.shape != box.shape or (glyph != box).mean() > 0.1, \
            f"{ch!r} drew the missing-glyph box"


def test_the_mixed_title_differs_from_what_the_default_font_alone_draws(text):
    alone = pygame.font.Font(None, 40).render(MIXED, True, (255, 255, 255))
    ours = text.render(MIXED, 40, (255, 255, 255))
    assert [face for face, _ in text.runs(MIXED)] == [4, 0, 2]   # CJK, game face, Arabic
    assert ours.get_size() != alone.get_size()


def test_arabic_is_joined_and_runs_right_to_left(text):
    word = "ملاكمة"
    joined = text.size(word, 40)[0]
    apart = sum(text.size(ch, 40)[0] for ch in word)
    assert joined < apart * 0.9                 # joined forms are narrower than isolated
    # a right-to-left paragraph lays out its runs from the right: the number comes first
    assert [part for _f, part in text.runs("ملاكمة 88")] == ["88", "ملاكمة "]
    # inside a left-to-right line a Hebrew word keeps its own place and the spaces
    assert [part for _f, part in text.runs("go שלום 1")] == ["go ", "שלום", " 1"]


def test_the_coverage_list_matches_the_font_files(text):
    starts, ends = coverage()
    inside = [cp for a, b in zip(starts, ends, strict=True) for cp in range(a, b + 1)]
    sample = [cp for cp in inside[::41] if not chr(cp).isspace() and cp >= 0x20]
    assert len(sample) > 300
    assert all(text.can_draw(chr(cp)) for cp in sample)
    outside = [0xE000, 0x1F94A, 0x13080, 0x2603, 0x10FFFD]
    assert not any(drawable(chr(cp)) or text.can_draw(chr(cp)) for cp in outside)
    assert COVERAGE_FILE.exists()


LEVEL = """id: u
title: "{title}"
stage: speed_bag
tempo: 100
intervals:
  - work: 4
    name: "Round one"
    pattern: "lrlr"
"""


def test_check_warns_at_the_character_it_cannot_draw(tmp_path):
    ok = tmp_path / "ok.yaml"
    ok.write_text(LEVEL.format(title=MIXED), encoding="utf-8")
    assert not [w for w in lint_level(parse_level(ok.read_text("utf-8"), str(ok)))
                if "cannot draw" in w.message]
    bad = tmp_path / "bad.yaml"
    bad.write_text(LEVEL.format(title="Box 🥊 day"), encoding="utf-8")
    warns = [w for w in lint_level(parse_level(bad.read_text("utf-8"), str(bad)))
             if "cannot draw" in w.message]
    assert len(warns) == 1
    w = warns[0]
    assert (w.line, w.column) == (2, len('title: "Box ') + 1)
    assert "U+1F94A" in w.message and w.severity == "warning"
