"""Stage select: the campaign in order (locked until the one before is cleared), tiers, and
the player's custom levels, whose errors are shown here instead of crashing the game."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame

from game.app.input import Bindings
from game.app.scene import Scene
from game.core.catalogue import Entry, catalogue
from game.core.difficulty import TIERS
from game.core.level import Level
from game.gfx.draw import vertical_gradient
from game.paths import montage_command, user_levels_dir
from game.stages import get_stage

W, H = 1280, 720
TIER_KEYS = list(TIERS)


def unlocked_ids(app: Any, campaign: list[Entry]) -> set[str] | None:
    """Ids the player may play, or None when every level is open (no progress store)."""
    if app.store is None:
        return None
    try:
        from game.progress.campaign import unlocked
    except ModuleNotFoundError:
        return None
    return set(unlocked(app.store, [e.level for e in campaign if e.level is not None]))


class SelectScene(Scene):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.sel = 0
        self.tier = TIER_KEYS.index(app.settings.tier) if app.settings.tier in TIERS else 1
        self.background = vertical_gradient((W, H), [(0.0, (22, 20, 28)), (1.0, (52, 34, 36))])
        self.previews: dict[str, pygame.Surface] = {}
        self._coach: dict[tuple[str, bool], object] = {}
        self._cues: dict[str, int] = {}
        self.scroll = 0
        self.moved_at = 0
        self.reload()

    def reload(self) -> None:
        self._coach = {}
        try:
            self.custom_dir: Path | None = user_levels_dir()
            self.custom_problem = ""
        except OSError as e:  # a file where the folder should be: the campaign still plays
            self.custom_dir, self.custom_problem = None, str(e)
        campaign, custom = catalogue(self.custom_dir)
        self.campaign, self.custom = campaign, custom
        self.entries: list[Entry] = campaign + custom
        self.open = unlocked_ids(self.app, campaign)
        self.sel = min(self.sel, max(0, len(self.entries) - 1))

    def enter(self) -> None:
        self.reload()

    def _locked(self, e: Entry) -> bool:
        return (not e.custom and self.open is not None and e.level is not None
                and e.level.id not in self.open)

    def handle(self, event: pygame.event.Event, stamp_ns: int) -> None:
        if event.type != pygame.KEYDOWN or not self.entries:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.app.pop()
            return
        k = event.key
        self.moved_at = stamp_ns
        if k in (pygame.K_UP, pygame.K_w):
            self.sel = (self.sel - 1) % len(self.entries)
        elif k in (pygame.K_DOWN, pygame.K_s):
            self.sel = (self.sel + 1) % len(self.entries)
        elif k in (pygame.K_LEFT, pygame.K_a):
            self.tier = max(0, self.tier - 1)
        elif k in (pygame.K_RIGHT, pygame.K_d):
            self.tier = min(len(TIER_KEYS) - 1, self.tier + 1)
        elif k == pygame.K_F5:
            self.reload()
        elif k == pygame.K_r and self.entries[self.sel].custom and self.entries[self.sel].ok:
            from game.app.scenes.record import RecordScene
            from game.core.loader import LevelError
            path = self.entries[self.sel].path
            try:  # the file may have changed (or gone) since the list was read
                scene = RecordScene(self.app, path)
            except (OSError, ValueError, LevelError) as e:
                self.app.toast(f"{path.name} cannot be recorded into now: "
                               f"{str(e).splitlines()[0]}", stamp_ns, 6.0)
                self.reload()
            else:
                self.app.push(scene)
        elif k == pygame.K_e and self.entries[self.sel].custom and self.entries[self.sel].ok:
            self._edit(self.entries[self.sel].path, stamp_ns)
        elif k == pygame.K_ESCAPE:
            self.app.pop()
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self._play(self.entries[self.sel], autoplay=bool(event.mod & pygame.KMOD_SHIFT))
        elif k == pygame.K_p:
            self._practice(self.entries[self.sel])

    def _edit(self, path: Path, stamp_ns: int) -> None:
        from game.app.scenes.editor import open_editor
        open_editor(self.app, path, stamp_ns, self.reload)

    def _play(self, e: Entry, autoplay: bool = False) -> None:
        if e.level is None or self._locked(e):
            return
        from game.app.scenes.play import PlayOptions, PlayScene
        tier = TIER_KEYS[self.tier]
        if self.app.settings.tier != tier:
            self.app.settings.tier = tier
            self.app.save_settings()
        scale, label = 1.0, ""
        coach = None if e.custom else self._overload(e)
        if coach is not None:
            scale = coach.scale
            if abs(scale - 1.0) > 1e-9:  # the player sees the coach's nudge while playing
                label = f"COACH: TEMPO x{scale:.2f}"
        if autoplay:
            label = ("AUTOPLAY  " + label).strip()
        self.app.push(PlayScene(self.app, e.level, PlayOptions(tier=tier, autoplay=autoplay,
                                                               tempo_scale=scale,
                                                               label=label)))

    def _overload(self, e: Entry):
        from game.app.progress_hooks import overload_for_level
        if e.level is None:
            return None
        key = (e.level.stage, self.app.store is not None)
        if key not in self._coach:
            self._coach[key] = overload_for_level(self.app, e.level)
        return self._coach[key]

    def _practice(self, e: Entry) -> None:
        if e.level is None or self._locked(e):
            return
        from game.app.scenes.practice import PracticeScene
        self.app.push(PracticeScene(self.app, e.level, tier=TIER_KEYS[self.tier]))

    def draw(self, canvas: pygame.Surface) -> Iterator[None] | None:
        text = self.app.text
        canvas.blit(self.background, (0, 0))
        text.blit(canvas, "STAGE SELECT", 36, (60, 30), (245, 240, 230), True)
        tier = TIERS[TIER_KEYS[self.tier]]
        text.blit(canvas, f"< {tier.name} >", 26, (W - 60, 36), (255, 214, 90), True,
                  anchor="topright")
        text.blit(canvas, f"timing windows x{tier.window_scale:g}, tempo x{tier.tempo_scale:g}",
                  14, (W - 60, 70), (170, 170, 180), anchor="topright")
        self._draw_list(canvas)
        if self.entries:
            self._details(canvas, self.entries[self.sel])
        extra = "   R record   E edit" if self.entries and self.entries[self.sel].custom and \
            self.entries[self.sel].ok else ""
        text.blit(canvas, "Enter play   P practice   Shift+Enter watch the bot   "
                  f"Left/Right tier   F5 reload{extra}   Esc back", 16, (W // 2, 690),
                  (170, 170, 180), anchor="center")
        return None

    def _rows(self) -> list[tuple[int, int]]:
        """(y in the unscrolled list, entry index or -1/-2 for the two headings)."""
        rows, y = [], 0
        for i in range(len(self.entries)):
            if i == 0:
                rows.append((y, -1))
                y += 26
            if i == len(self.campaign):
                rows.append((y + 8, -2))
                y += 34
            rows.append((y, i))
            y += 38
        return rows

    def _draw_list(self, canvas: pygame.Surface) -> None:
        """The level list, scrolled to keep the selection in view and clipped to its area."""
        text = self.app.text
        top, bottom = 110, 650
        rows = self._rows()
        sel_y = next((y for y, i in rows if i == self.sel), 0)
        if sel_y - self.scroll > bottom - top - 40:
            self.scroll = sel_y - (bottom - top - 40)
        if sel_y - self.scroll < 30:  # moving up: keep a row (or the heading) above it
            self.scroll = max(0, sel_y - 70)
        canvas.set_clip(pygame.Rect(40, top - 6, 545, bottom - top + 6))
        for y0, i in rows:
            y = top + y0 - self.scroll
            if y < top - 40 or y > bottom:
                continue
            if i < 0:
                text.blit(canvas, "CAMPAIGN" if i == -1 else "CUSTOM", 16, (60, y),
                          (180, 150, 120), True)
                continue
            e = self.entries[i]
            on = i == self.sel
            if on:
                pygame.draw.rect(canvas, (70, 50, 46), (50, y - 4, 520, 34), border_radius=6)
            name = e.level.title if e.level else e.path.name
            col = (255, 214, 90) if on else (230, 225, 220)
            if not e.ok:
                col, name = (235, 110, 100), name + "  (has errors)"
            elif self._locked(e):
                col, name = (120, 120, 128), "[locked]  " + name
            elif e.warnings:
                name += "  (!)"
            text.blit(canvas, text.fit(name, 22, 480, on), 22, (70, y), col, on)
        canvas.set_clip(None)
        last = top + rows[-1][0] - self.scroll + 38 if rows else top
        if not self.custom and last < bottom - 50:
            where = self.custom_problem or f"custom levels: {self.custom_dir}"
            text.blit(canvas, text.fit(where, 14, 520), 14, (60, last + 20), (140, 140, 150))
            text.blit(canvas, text.fit(f"make one with: {montage_command()} new NAME", 14,
                                       520), 14, (60, last + 40), (140, 140, 150))

    def _cue_count(self, lv: Level) -> int:
        n = self._cues.get(lv.content_hash)
        if n is None:
            n = self._cues[lv.content_hash] = len(get_stage(lv.stage).build_cues(lv))
        return n

    def _details(self, canvas: pygame.Surface, e: Entry) -> None:
        text = self.app.text
        x, y = 620, 120
        pygame.draw.rect(canvas, (30, 26, 32), (x - 20, y - 10, 640, 540), border_radius=10)
        if e.level is None:
            text.blit(canvas, "This level has problems:", 22, (x, y), (235, 110, 100), True)
            ly = y + 40
            for p in e.problems:
                for line in text.wrap(f"line {p.line}, col {p.column}: {p.message}", 15, 590):
                    if ly > y + 470:
                        break
                    text.blit(canvas, line, 15, (x, ly), (230, 200, 190))
                    ly += 22
                ly += 4
            text.blit(canvas, text.fit(str(e.path), 13, 590), 13, (x, y + 500),
                      (140, 140, 150))
            return
        lv = e.level
        rules = get_stage(lv.stage)
        text.blit(canvas, text.fit(lv.title, 30, 600, True), 30, (x, y), (245, 240, 230), True)
        text.blit(canvas, rules.title, 20, (x, y + 40), (255, 190, 130))
        for k, line in enumerate(text.wrap(lv.description or rules.blurb, 16, 600,
                                           max_lines=2)):
            text.blit(canvas, line, 16, (x, y + 66 + k * 20), (210, 210, 215))
        works = sum(1 for iv in lv.intervals if iv.is_work)
        rests = len(lv.intervals) - works
        bpms = [c.bpm for c in lv.tempo_map.changes]
        mins, secs = divmod(int(lv.duration), 60)
        rows = [("length", f"{mins}:{secs:02d}"), ("rounds", f"{works} work, {rests} rest"),
                ("tempo", f"{min(bpms):.0f}-{max(bpms):.0f} bpm"),
                ("cues", str(self._cue_count(lv)))]
        if lv.author:
            rows.append(("by", lv.author))
        if lv.music is not None:      # the designer's own music, not the generated score
            rows.append(("music", text.fit(lv.music.name, 18, 160)))
        preview = self.previews.get(lv.content_hash)
        if preview is not None:
            canvas.blit(preview, (x + 290, y + 115))
            pygame.draw.rect(canvas, (90, 80, 80), (x + 290, y + 115, 320, 180), 2)
        for k, (a, b) in enumerate(rows):
            text.blit(canvas, a, 18, (x, y + 120 + k * 30), (160, 160, 170))
            text.blit(canvas, b, 18, (x + 120, y + 120 + k * 30), (235, 235, 240))
        bound = Bindings(rules, self.app.settings.bindings)  # the player's own keys
        keys = "   ".join(f"{rules.action_labels.get(a, a)}: "
                          f"{'/'.join(k.upper() for k in bound.keys_for.get(a, []))}"
                          for a in rules.actions)
        for k, line in enumerate(text.wrap(keys, 15, 600, max_lines=2)):
            text.blit(canvas, line, 15, (x, y + 305 + k * 20), (200, 200, 210))
        if self._locked(e):
            text.blit(canvas, "Clear the stage before this one with grade C or better.", 18,
                      (x, y + 352), (255, 170, 120))
        ly = y + 350
        for w in e.warnings[:3]:
            for line in text.wrap(f"warning, line {w.line}: {w.message}", 14, 600,
                                  max_lines=2):
                text.blit(canvas, line, 14, (x, ly), (255, 200, 120))
                ly += 18
        self._draw_extra(canvas, e, x, max(y + 390, ly + 10))

    def animating(self, now_ns: int) -> bool:
        """Until the selected level's preview is up (the menu then waits for keys)."""
        lv = self.entries[self.sel].level if self.entries else None
        return lv is not None and lv.content_hash not in self.previews

    def update(self, now_ns: int) -> None:
        """Render the selected level's preview once the cursor has rested a moment."""
        if not self.entries or now_ns - self.moved_at < 200_000_000:
            return
        lv = self.entries[self.sel].level
        if lv is None or lv.content_hash in self.previews:
            return
        from game.app.shot import preview
        works = [i for i, iv in enumerate(lv.intervals) if iv.is_work]
        self.previews[lv.content_hash] = preview(lv, lv.interval_times(works[0])[0] + 2.05,
                                                 (320, 180), self.app.text)

    def _draw_extra(self, canvas: pygame.Surface, e: Entry, x: int, y: int) -> None:
        """Personal best, when the progress store knows one."""
        store = self.app.store
        if store is None or e.level is None:
            return
        coach = None if e.custom else self._overload(e)
        if coach is not None and (coach.change or abs(coach.scale - 1.0) > 1e-9):
            self.app.text.blit(canvas, f"coach: tempo x{coach.scale:.2f} today", 18,
                               (x, y + 34), (150, 220, 255), True)
            self.app.text.blit(canvas, coach.reason[:90], 15, (x, y + 58), (190, 210, 230))
        try:
            best = store.personal_best(e.level.id, TIER_KEYS[self.tier])
        except Exception:  # noqa: BLE001 - a stats hiccup must not block playing
            return
        if best:
            score = best.get("score") if isinstance(best, dict) else getattr(best, "score", 0)
            acc = best.get("accuracy") if isinstance(best, dict) else getattr(best, "accuracy",
                                                                              0.0)
            self.app.text.blit(canvas, f"best: {score:,}  ({acc:.1f}%)", 20, (x, y),
                               (255, 214, 90), True)
