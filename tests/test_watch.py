"""`play FILE --watch`: a save reloads the level and restarts the current interval; a broken
save shows its errors over the paused game and the last good version stays loaded."""

import os
import time

from game.app.run import make_app
from game.app.scenes.play import PlayOptions
from game.app.scenes.watch import WatchScene

GOOD = """id: w
title: Watched
stage: speed_bag
tempo: 120
lead_in_bars: 0
intervals:
  - work: 2
    pattern: "l.r.l.r."
  - rest: 1
  - work: 2
    pattern: "{second}"
"""


def touch_write(path, text, bump):
    path.write_text(text)
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + bump))  # a distinct mtime


def test_save_reloads_and_broken_save_keeps_last_good(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(GOOD.format(second="l.r.l.r."))
    app, _window = make_app()
    scene = WatchScene(app, str(path), PlayOptions())
    app.switch(scene)
    now = time.perf_counter_ns()
    scene.update(now)
    assert scene.play.started
    # jump into the second work interval, then save an edit
    scene.play.clock.seek(6.2, now)
    touch_write(path, GOOD.format(second="lrlrlrlr"), 1_000_000_000)
    scene.update(now + 300_000_000)
    assert scene.reloads == 1 and not scene.problems
    assert scene.play.options.start_interval == 2          # the interval being played
    assert [c.interval for c in scene.play.session.cues] == [2] * 16  # the edited round
    good = scene.play
    touch_write(path, GOOD.format(second="l.x.l.r."), 2_000_000_000)
    scene.update(now + 600_000_000)
    assert scene.problems and (scene.problems[0].line, scene.problems[0].column) == (11, 17)
    assert scene.play is good and good.paused             # last good version, paused
    touch_write(path, GOOD.format(second="rrrr"), 3_000_000_000)
    scene.update(now + 900_000_000)
    assert not scene.problems and scene.reloads == 2


def test_a_file_broken_from_the_start_waits_for_its_first_good_save(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(GOOD.format(second="l.x.l.r."))
    app, _window = make_app()
    scene = WatchScene(app, str(path), PlayOptions())
    app.switch(scene)
    now = time.perf_counter_ns()
    scene.update(now)
    assert scene.play is None and scene.problems
    list(scene.draw(app.canvas))                      # shows the errors, no crash
    touch_write(path, GOOD.format(second="l.r.l.r."), 1_000_000_000)
    scene.update(now + 300_000_000)
    assert scene.play is not None and not scene.problems
