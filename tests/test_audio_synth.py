"""The generated score: drums on the TempoMap's beats (found in the samples), a piece that
builds and rests, a cadence, no clipping, the horn stem, the cache and the WAV export."""

import json

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from game.audio import cache as audio_cache
from game.audio.cache import load_or_render, soundtrack_key, soundtracks_dir
from game.audio.render import FULL_SCALE, render_soundtrack, render_stems, soft_limit
from game.audio.score import compose
from game.audio.wav import read_wav
from game.cli import main
from game.core.level import Level, build_tempo_map, layout_intervals
from game.core.loader import builtin_level_paths, load_level
from game.stages import get_stage

SR = 44100


def make_level(raw, bpm=90.0, bpb=4, lead_in_bars=1, tag="t"):
    intervals = layout_intervals(raw, bpb)
    return Level(id=tag, title=tag, stage="speed_bag", bpm=bpm, beats_per_bar=bpb,
                 intervals=tuple(intervals), tempo_map=build_tempo_map(bpm, bpb, intervals),
                 lead_in_bars=lead_in_bars, content_hash=tag)


# -- an onset detector that knows nothing of the generator --------------------------------
def _rises(a, ratio, prior_ms=12.0, block=16, floor_rel=0.02):
    """Samples where `a` jumps over `ratio` times its maximum of the previous prior_ms."""
    nb = len(a) // block
    bmax = a[:nb * block].reshape(nb, block).max(axis=1)
    k = int(prior_ms * SR / 1000 / block)
    prior = np.concatenate([np.zeros(k), sliding_window_view(bmax, k).max(axis=1)])[:nb]
    ahead = np.concatenate([sliding_window_view(bmax, 3).max(axis=1), np.zeros(2)])
    thr = ratio * prior + floor_rel * a.max()
    out = []
    for i in np.nonzero(ahead > thr)[0]:
        lo = max(0, (i - 1) * block)
        out.append(lo + int(np.argmax(a[lo:(i + 3) * block] > thr[i])))
    return out


def detect_onsets(x, ratio=2.0, merge_ms=25.0):
    """Onset frames of a mono buffer: level jumps, and jumps of its first difference (which
    finds a snare over the tail of a kick)."""
    x = x.astype(np.float64)
    found = sorted(_rises(np.abs(x), ratio) + _rises(np.abs(np.diff(x, prepend=0.0)), ratio))
    out = []
    for n in found:
        if not out or n - out[-1] >= merge_ms * SR / 1000:
            out.append(n)
    return np.array(out)


TEMPO_TOUR = [{"kind": "work", "bars": 3, "pattern": "l.r.l.r.", "tempo": 90},
              {"kind": "rest", "bars": 2},
              {"kind": "work", "bars": 3, "pattern": "lrlrlrlr", "tempo": 140,
               "tempo_end": 170},
              {"kind": "work", "bars": 2, "pattern": "lrlrlrlr", "tempo": 400},
              {"kind": "work", "bars": 2, "pattern": "lrlr|lrlrlrlr", "tempo": 33},
              {"kind": "work", "bars": 3, "pattern": "lrlrlrlrlrlrlrlr", "tempo": 200}]


@pytest.mark.parametrize("bpb", [4, 3])
def test_drum_onsets_land_on_tempo_map_beats_within_1ms(bpb):
    level = make_level(TEMPO_TOUR, bpb=bpb, tag=f"tour{bpb}")
    score = compose(level)
    drums = render_stems(score, stems=["drums"]).mean(axis=1)
    heard = score.start_time + detect_onsets(drums) / SR
    tm = level.tempo_map
    beats = np.array([tm.time_at(b) for b in range(int(level.end_beat) + 1)])
    worst = max(np.min(np.abs(heard - b)) for b in beats)
    assert worst < 0.001, f"a beat has no drum within 1 ms (worst {worst * 1000:.2f} ms)"
    # and nothing drifts off the grid: every onset sits on a sixteenth of the tempo map
    grid = np.array([tm.time_at(q / 4) for q in range(int(level.end_beat * 4) + 1)])
    off = max(np.min(np.abs(grid - t)) for t in heard)
    assert off < 0.001, f"an onset is {off * 1000:.2f} ms off the beat grid"


def test_count_in_clicks_and_bells_are_in_the_buffer_on_time():
    level = make_level([{"kind": "work", "bars": 2, "pattern": "l.r.l.r.", "tempo": 120},
                        {"kind": "rest", "bars": 2},
                        {"kind": "work", "bars": 2, "pattern": "lrlrlrlr"}],
                       bpm=120, lead_in_bars=1, tag="cues")
    score = compose(level)
    assert score.start_time == pytest.approx(-level.lead_in)
    cues = render_stems(score, stems=["cues"]).mean(axis=1)
    heard = score.start_time + detect_onsets(cues) / SR
    count_in = [-level.lead_in + k * 0.5 for k in range(4)]
    starts = [level.interval_times(i)[0] for i in range(3)]
    end = level.duration
    expected = sorted(count_in + starts + [end, end + 0.42, end + 0.84])
    assert len(heard) == len(expected)
    assert np.max(np.abs(np.array(expected) - heard)) < 0.001
    # the buffer runs past the end: the final chord and all three rings fit in it
    assert score.time_of(score.frames) >= end + 3.0


def _rms(x):
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))


@pytest.mark.parametrize("path", builtin_level_paths(), ids=lambda p: p.stem)
def test_builtin_soundtracks_build_with_the_intervals_rest_quietly_and_never_clip(path):
    level = load_level(path)
    st = render_soundtrack(compose(level))
    assert st.peak < 1.0, f"the mix peaks at {st.peak:.3f} before the limiter"
    assert st.limited < 1e-4
    full = st.full_mix().astype(np.float32) / FULL_SCALE
    works, rests = [], []
    for i, iv in enumerate(level.intervals):
        a, b = level.interval_times(i)
        (works if iv.is_work else rests).append((i, _rms(full[st.frame_of(a):st.frame_of(b)])))
    levels = [r for _, r in works]
    # a remix dips under a quiet stage (the bridge) and builds through the others
    full_energy = [r for i, r in works
                   if get_stage(level.stage_of(i)).music_energy >= 1.0] if level.is_remix \
        else levels
    # (a remix's stages are at most a whisker apart where its layers are already full)
    give = 0.98 if level.is_remix else 1.0
    assert all(b > a * give for a, b in zip(full_energy, full_energy[1:], strict=False)), \
        f"work RMS does not build: {levels}"
    assert max(levels) in levels[-2:], f"the climb is not the peak: {levels}"
    quietest_work = min(levels)
    for _, r in rests:
        assert r < 0.6 * quietest_work


def test_layers_join_as_the_level_builds():
    level = load_level(builtin_level_paths()[0])
    score = compose(level)
    works = [i for i, iv in enumerate(level.intervals) if iv.is_work]

    def active(i, stem):
        a, b = (score.frame_of(t) for t in level.interval_times(i))
        return any(a <= n.start < b for n in score.notes if n.stem == stem)

    first, last = works[0], works[-1]
    assert not active(first, "brass")          # starts sparse
    assert active(last, "brass")               # the brass stabs join later
    assert all(active(i, s) for i in works for s in ("drums", "bass", "pads", "horns"))
    rest = next(i for i, iv in enumerate(level.intervals) if not iv.is_work)
    assert not active(rest, "bass") and not active(rest, "brass") and not active(rest, "horns")


def _pitch_class(x):
    """Pitch class of the strongest partial between 50 and 120 Hz (the bass register)."""
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    f = np.fft.rfftfreq(len(x), 1 / SR)
    band = (f > 50) & (f < 120)
    peak = f[band][np.argmax(spec[band])]
    return round(12 * np.log2(peak / 440.0)) % 12


def test_final_bar_is_a_dominant_resolving_to_the_tonic():
    level = load_level(builtin_level_paths()[0])
    score = compose(level)
    bass = render_stems(score, stems=["bass"]).mean(axis=1)
    tm = level.tempo_map
    last_bar = score.frame_of(tm.time_at(level.end_beat - level.beats_per_bar))
    end = score.frame_of(level.duration)
    dominant = _pitch_class(bass[last_bar:end])
    tonic = _pitch_class(bass[end:end + SR])
    assert (dominant - tonic) % 12 == 7


def test_horn_stem_adds_back_to_the_limited_full_mix_and_is_silent_at_bar_lines():
    level = make_level([{"kind": "work", "bars": 3, "pattern": "lrlrlrlr", "tempo": 150},
                        {"kind": "rest", "bars": 1},
                        {"kind": "work", "bars": 2, "pattern": "l.r.l.r."}], tag="horns")
    score = compose(level)
    st = render_soundtrack(score)
    full = render_stems(score)
    soft_limit(full)
    expected = np.rint(full * FULL_SCALE).astype(np.int32)
    assert np.max(np.abs(st.full_mix().astype(np.int32) - expected)) <= 1
    rest_a, rest_b = (st.frame_of(t) for t in level.interval_times(1))
    assert len(st.horn_index) == 5                 # one slot per work bar, none in the rest
    for start, end, off in st.horn_index:
        assert not (rest_a <= start < rest_b)
        bar = st.horns[off:off + end - start]
        assert np.abs(bar).max() > 1000            # the horns play in every work bar ...
        assert np.abs(bar[:16]).max() <= 2 and not bar[-16:].any()   # ... and not at its lines


def test_every_level_gets_its_own_fanfare():
    a = compose(make_level(TEMPO_TOUR[:1], tag="alpha"))
    b = compose(make_level(TEMPO_TOUR[:1], tag="bravo"))
    tune = [[n.key for n in s.notes if n.stem == "horns"] for s in (a, b)]
    assert tune[0] != tune[1]
    assert compose(make_level(TEMPO_TOUR[:1], tag="alpha")).notes == a.notes


# -- the cache ---------------------------------------------------------------------------------
def test_cache_serves_the_second_request_and_keys_on_tempo(monkeypatch):
    level = make_level(TEMPO_TOUR[:2], tag="cached")
    first = load_or_render(level)
    assert len(list(soundtracks_dir().iterdir())) == 1

    def boom(*a, **k):
        raise AssertionError("rendered again")

    monkeypatch.setattr(audio_cache, "render_soundtrack", boom)
    again = load_or_render(level)
    assert np.array_equal(np.asarray(again.base), np.asarray(first.base))
    assert np.array_equal(np.asarray(again.horns), np.asarray(first.horns))
    faster = level.with_tempo_scale(1.08)
    assert soundtrack_key(faster) != soundtrack_key(level)
    with pytest.raises(AssertionError, match="rendered again"):
        load_or_render(faster)


def test_a_damaged_cache_entry_is_rendered_again():
    level = make_level(TEMPO_TOUR[:1], tag="damaged")
    good = np.asarray(load_or_render(level).base).copy()
    folder = soundtracks_dir() / soundtrack_key(level)
    meta = json.loads((folder / "meta.json").read_text())
    meta["frames"] += 7
    (folder / "meta.json").write_text(json.dumps(meta))
    assert np.array_equal(np.asarray(load_or_render(level).base), good)


def test_cache_keeps_within_its_budget_dropping_the_least_recently_used():
    root = soundtracks_dir()
    levels = [make_level(TEMPO_TOUR[:1], tag=f"lru{k}") for k in range(3)]
    for lv in levels:
        load_or_render(lv)
    sizes = {d.name: sum(f.stat().st_size for f in d.iterdir()) for d in root.iterdir()}
    load_or_render(levels[0])                    # used again: now the most recent
    kept = audio_cache.evict(root, keep="", budget=sum(sizes.values()) - 1)
    assert kept == [soundtrack_key(levels[1])]


# -- export ------------------------------------------------------------------------------------
def test_render_audio_writes_a_wav_of_the_whole_soundtrack(tmp_path, capsys):
    path = builtin_level_paths()[2]
    out = tmp_path / "steps.wav"
    assert main(["render-audio", str(path), "-o", str(out)]) == 0
    pcm, sr = read_wav(out)
    level = load_level(path)
    assert sr == SR and pcm.shape[1] == 2
    assert len(pcm) / sr == pytest.approx(level.lead_in + level.duration + 4.0, abs=0.01)
    assert np.abs(pcm).max() > 10000
    assert "steps.wav" in capsys.readouterr().out


def test_render_audio_reports_a_broken_level(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nstage: speed_bag\ntempo: 9000\nintervals: []\n")
    assert main(["render-audio", str(bad), "-o", str(tmp_path / "x.wav")]) == 2
    assert "bad.yaml:" in capsys.readouterr().out
    assert not (tmp_path / "x.wav").exists()
