"""Menus in the film's world: the title's first Enter plays (never the seven-minute daily),
stage select quotes the tempo and length the chosen tier really plays, the route shows the
stages in film order, and the dawn behind the menus keeps moving unless motion is reduced."""

import pygame

from game.app.run import make_app
from game.app.scenes.select import SelectScene
from game.app.scenes.title import TitleScene
from game.core.difficulty import TIERS
from game.gfx.text import TextCache
from game.stages import get_stage


class Words(TextCache):
    """Text that remembers every string drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[str] = []

    def blit(self, target, text, size, pos, colour=(240, 240, 240), bold=False,
             anchor="topleft"):
        self.drawn.append(text)
        return super().blit(target, text, size, pos, colour, bold, anchor)


def key(scene, k):
    scene.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""), 0)


def test_the_first_enter_on_the_title_opens_the_route():
    app, _window = make_app()
    title = TitleScene(app)
    app.switch(title)
    assert title.items[0][1] == "Play" and title.sel == 0
    key(title, pygame.K_RETURN)
    assert isinstance(app.scene, SelectScene)


def test_stage_select_shows_the_chosen_tiers_tempo_and_length():
    app, _window = make_app()
    app.text = Words()
    select = SelectScene(app)
    app.switch(select)
    entry = select.entries[0]
    written = entry.level
    quoted = {}
    for tier in ("normal", "hard"):
        select.tier = list(TIERS).index(tier)
        app.text.drawn.clear()
        select.draw(app.canvas)
        played = select.played(entry)
        mins, secs = divmod(round(played.duration), 60)
        bpms = [round(c.bpm) for c in played.tempo_map.changes]
        assert f"{mins}:{secs:02d}" in app.text.drawn
        assert any(w.startswith(f"{min(bpms)}") and w.endswith("bpm") for w in app.text.drawn)
        quoted[tier] = (played.duration, min(bpms))
    scale = TIERS["hard"].tempo_scale
    assert abs(quoted["hard"][0] - written.duration / scale) < 0.5     # shorter on Hard
    assert quoted["hard"][1] == round(min(c.bpm for c in written.tempo_map.changes) * scale)
    assert quoted["hard"][1] > quoted["normal"][1]


def test_the_route_lists_the_campaigns_stages_in_film_order():
    app, _window = make_app()
    select = SelectScene(app)
    stops = [name for name, _chapter in select.stops]
    order = [get_stage(n).order for n in stops]
    assert order == sorted(order) and len(stops) == len(set(stops)) >= 3
    xs = [x for x, _y in select.stop_points()]
    assert xs == sorted(xs)


def test_the_dawn_moves_between_keys_unless_motion_is_reduced():
    app, _window = make_app()
    title = TitleScene(app)
    app.switch(title)
    assert title.ambient_fps() > 0
    app.settings.reduced_motion = True          # applies at once, on every menu
    assert title.ambient_fps() == 0 and not title.animating(0)
