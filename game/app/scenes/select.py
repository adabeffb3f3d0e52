"""Stage select: the route through the montage's locations (a map of its stops, in film
order), the campaign by chapter (locked until the one before is cleared), tiers, and the
player's custom levels, whose errors are shown here instead of crashing the game."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame

from game.app.input import Bindings
from game.app.scene import Scene
from game.core.catalogue import Entry, catalogue
from game.core.difficulty import TIERS, level_for_tier
from game.core.level import Level
from game.gfx import chrome
from game.gfx.palette import DIM, GOLD, INK
from game.paths import montage_command, user_levels_dir
from game.stages import get_stage

W, H = 1280, 720
TIER_KEYS = list(TIERS)
ROUTE = pygame.Rect(60, 104, 1160, 96)    # the map of the route's stops
LIST_TOP, LIST_BOTTOM = 236, 648          # the level list's scrolled area
DETAILS = pygame.Rect(604, 222, 636, 440)
PREVIEW = (288, 162)


def chapter_name(e: Entry) -> str:
    """'1_city' -> 'CITY': the campaign's chapter folders are its headings."""
    folder = e.path.parent.name
    return folder.split("_", 1)[-1].replace("_", " ").upper() if "_" in folder else \
        folder.upper()


def route_stops(campaign: list[Entry]) -> list[tuple[str, str]]:
    """(stage name, chapter) of every stage the campaign plays, in film order (each stage's
    descriptor knows its place); remixes and the finale are not stops of their own."""
    seen: dict[str, str] = {}
    for e in campaign:
        if e.level is not None and not e.level.is_remix and e.level.stage not in seen:
            seen[e.level.stage] = chapter_name(e)
    return sorted(seen.items(), key=lambda item: get_stage(item[0]).order)


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
        self.backdrop = app.menu_backdrop()
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
        self.stops = route_stops(campaign)
        self.headings: list[str] = []
        self._heading_at: dict[int, int] = {}     # entry index -> heading shown above it
        last = None
        for i, e in enumerate(self.entries):
            name = "CUSTOM" if e.custom else chapter_name(e)
            if name != last:
                self._heading_at[i] = len(self.headings)
                self.headings.append(name)
                last = name

    def ambient_fps(self) -> float:
        return self.backdrop.fps

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
        self.backdrop.draw(canvas, veil=70)
        chrome.heading(canvas, text, "THE ROUTE", "from the rail yard to the top of the steps")
        tier = TIERS[TIER_KEYS[self.tier]]
        text.blit(canvas, f"<  {tier.name}  >", 26, (W - 60, 30), GOLD, True,
                  anchor="topright")
        text.blit(canvas, f"timing windows x{tier.window_scale:g}, tempo x{tier.tempo_scale:g}",
                  14, (W - 60, 64), (220, 210, 214), anchor="topright")
        self._draw_route(canvas)
        chrome.draw_panel(canvas, (40, LIST_TOP - 14, 550, LIST_BOTTOM - LIST_TOP + 28))
        self._draw_list(canvas)
        if self.entries:
            self._details(canvas, self.entries[self.sel])
        extra = "   R record   E edit" if self.entries and self.entries[self.sel].custom and \
            self.entries[self.sel].ok else ""
        chrome.footer(canvas, text, "Enter play   P practice   Shift+Enter watch the bot   "
                      f"Left/Right tier   F5 reload{extra}   Esc back")
        return None

    def stop_points(self) -> list[tuple[int, int]]:
        """Where each stop sits on the route map: left to right, on a gentle climb."""
        n = max(1, len(self.stops))
        pts = []
        for k in range(n):
            f = k / max(1, n - 1)
            x = ROUTE.left + 40 + round(f * (ROUTE.width - 80))
            y = ROUTE.top + 40 + round(14 * math.sin(f * math.pi * 3)) - round(16 * f)
            pts.append((x, y))
        return pts

    def _draw_route(self, canvas: pygame.Surface) -> None:
        """The montage's locations as stops on one road; the selected level's stop is
        ringed in gold, stops not reached yet are hollow."""
        text = self.app.text
        chrome.draw_panel(canvas, ROUTE.inflate(0, 16), alpha=150)
        pts = self.stop_points()
        if len(pts) > 1:
            pygame.draw.lines(canvas, (120, 82, 70), False, pts, 7)
            pygame.draw.lines(canvas, chrome.ACCENT, False, pts, 3)
        e = self.entries[self.sel] if self.entries else None
        here = e.level.stage if e is not None and e.level is not None and not e.custom \
            else None
        reached = self._reached()
        t = self.backdrop.seconds()
        last_chapter = None
        for k, ((stage, chapter), p) in enumerate(zip(self.stops, pts, strict=True)):
            info = get_stage(stage)
            open_ = reached is None or stage in reached
            if chapter != last_chapter:
                text.blit(canvas, chapter, 13, (p[0] - 8, ROUTE.top - 4), (255, 190, 140), True)
                last_chapter = chapter
            if stage == here:
                r = 15 + round(2 * chrome.glint(t)) if self.backdrop.moving else 16
                pygame.draw.circle(canvas, GOLD, p, r, 3)
            if open_:
                pygame.draw.circle(canvas, info.stats_colour, p, 9)
                pygame.draw.circle(canvas, (30, 20, 26), p, 9, 2)
            else:
                pygame.draw.circle(canvas, (40, 34, 44), p, 9)
                pygame.draw.circle(canvas, (140, 130, 140), p, 9, 2)
            below = k % 2 == 0
            col = GOLD if stage == here else INK if open_ else (150, 144, 152)
            text.blit(canvas, text.fit(info.title, 14, 150), 14,
                      (p[0], p[1] + (16 if below else -16)), col, stage == here,
                      anchor="midtop" if below else "midbottom")

    def _reached(self) -> set[str] | None:
        """Stages with at least one open level (None: everything is open)."""
        if self.open is None:
            return None
        return {e.level.stage for e in self.campaign if e.level is not None
                and e.level.id in self.open}

    def _rows(self) -> list[tuple[int, int]]:
        """(y in the unscrolled list, entry index, or -1-k for heading k above it)."""
        rows, y = [], 0
        for i in range(len(self.entries)):
            k = self._heading_at.get(i)
            if k is not None:
                y += 8 if i else 0
                rows.append((y, -1 - k))
                y += 26
            rows.append((y, i))
            y += 38
        return rows

    def _draw_list(self, canvas: pygame.Surface) -> None:
        """The level list, scrolled to keep the selection in view and clipped to its area."""
        text = self.app.text
        top, bottom = LIST_TOP, LIST_BOTTOM
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
                text.blit(canvas, self.headings[-1 - i], 16, (60, y), (255, 180, 130), True)
                continue
            e = self.entries[i]
            on = i == self.sel
            if on:
                pygame.draw.rect(canvas, (84, 54, 52), (50, y - 4, 530, 34), border_radius=6)
            name = e.level.title if e.level else e.path.name
            col = GOLD if on else (236, 230, 226)
            if not e.ok:
                col, name = (235, 110, 100), name + "  (has errors)"
            elif self._locked(e):
                col, name = (140, 136, 146), "[locked]  " + name
            elif e.warnings:
                name += "  (!)"
            text.blit(canvas, text.fit(name, 22, 480, on), 22, (70, y), col, on)
        canvas.set_clip(None)
        last = top + rows[-1][0] - self.scroll + 38 if rows else top
        if not self.custom and last < bottom - 50:
            where = self.custom_problem or f"custom levels: {self.custom_dir}"
            text.blit(canvas, text.fit(where, 14, 520), 14, (60, last + 20), DIM)
            text.blit(canvas, text.fit(f"make one with: {montage_command()} new NAME", 14,
                                       520), 14, (60, last + 40), DIM)

    def _cue_count(self, lv: Level) -> int:
        n = self._cues.get(lv.content_hash)
        if n is None:
            n = self._cues[lv.content_hash] = len(get_stage(lv.stage).build_cues(lv))
        return n

    def played(self, e: Entry) -> Level | None:
        """The selected level as it will play: the chosen tier's tempo times the coach's."""
        if e.level is None:
            return None
        coach = None if e.custom else self._overload(e)
        return level_for_tier(e.level, TIER_KEYS[self.tier],
                              coach.scale if coach is not None else 1.0)

    def _details(self, canvas: pygame.Surface, e: Entry) -> None:
        text = self.app.text
        chrome.draw_panel(canvas, DETAILS)
        x, y = DETAILS.x + 20, DETAILS.y + 16
        if e.level is None:
            text.blit(canvas, "This level has problems:", 22, (x, y), (235, 110, 100), True)
            ly = y + 40
            for p in e.problems:
                for line in text.wrap(f"line {p.line}, col {p.column}: {p.message}", 15, 590):
                    if ly > DETAILS.bottom - 60:
                        break
                    text.blit(canvas, line, 15, (x, ly), (230, 200, 190))
                    ly += 22
                ly += 4
            text.blit(canvas, text.fit(str(e.path), 13, 590), 13, (x, DETAILS.bottom - 30),
                      DIM)
            return
        lv = e.level
        played = self.played(e) or lv
        rules = get_stage(lv.stage)
        text.blit(canvas, text.fit(lv.title, 30, 596, True), 30, (x, y), INK, True)
        text.blit(canvas, rules.title, 20, (x, y + 38), (255, 190, 130))
        for k, line in enumerate(text.wrap(lv.description or rules.blurb, 16, 596,
                                           max_lines=2)):
            text.blit(canvas, line, 16, (x, y + 64 + k * 20), (214, 212, 218))
        works = sum(1 for iv in lv.intervals if iv.is_work)
        rests = len(lv.intervals) - works
        bpms = [c.bpm for c in played.tempo_map.changes]
        mins, secs = divmod(round(played.duration), 60)
        lo, hi = round(min(bpms)), round(max(bpms))
        rows = [("length", f"{mins}:{secs:02d}"), ("rounds", f"{works} work, {rests} rest"),
                ("tempo", f"{lo} bpm" if lo == hi else f"{lo}-{hi} bpm"),
                ("cues", str(self._cue_count(lv)))]
        if lv.author:
            rows.append(("by", lv.author))
        if lv.music is not None:      # the designer's own music, not the generated score
            rows.append(("music", text.fit(lv.music.name, 18, 160)))
        preview = self.previews.get(lv.content_hash)
        px, py = DETAILS.right - PREVIEW[0] - 20, y + 112
        if preview is not None:
            canvas.blit(preview, (px, py))
        else:
            pygame.draw.rect(canvas, (30, 24, 34), (px, py, *PREVIEW))
        pygame.draw.rect(canvas, (120, 96, 90), (px, py, *PREVIEW), 2)
        for k, (a, b) in enumerate(rows):
            chrome.label_value(canvas, text, a, b, (x, y + 112 + k * 28), width=90)
        bound = Bindings(rules, self.app.settings.bindings)  # the player's own keys
        keys = "   ".join(f"{rules.action_labels.get(a, a)}: "
                          f"{'/'.join(k.upper() for k in bound.keys_for.get(a, []))}"
                          for a in rules.actions)
        for k, line in enumerate(text.wrap(keys, 15, 596, max_lines=2)):
            text.blit(canvas, line, 15, (x, y + 286 + k * 20), (206, 204, 214))
        ly = y + 332
        if self._locked(e):
            text.blit(canvas, "Clear the stage before this one with grade C or better.", 18,
                      (x, ly), (255, 170, 120))
            ly += 26
        for w in e.warnings[:3]:
            for line in text.wrap(f"warning, line {w.line}: {w.message}", 14, 596,
                                  max_lines=2):
                text.blit(canvas, line, 14, (x, ly), (255, 200, 120))
                ly += 18
        self._draw_extra(canvas, e, x, ly + 2)

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
                                                 PREVIEW, self.app.text)

    def _draw_extra(self, canvas: pygame.Surface, e: Entry, x: int, y: int) -> None:
        """Personal best, when the progress store knows one."""
        store = self.app.store
        if store is None or e.level is None:
            return
        coach = None if e.custom else self._overload(e)
        if coach is not None and (coach.change or abs(coach.scale - 1.0) > 1e-9):
            self.app.text.blit(canvas, f"coach: tempo x{coach.scale:.2f} today", 18,
                               (x + 300, y), (150, 220, 255), True)
            self.app.text.blit(canvas, self.app.text.fit(coach.reason, 15, 596), 15,
                               (x, y + 28), (190, 210, 230))
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
