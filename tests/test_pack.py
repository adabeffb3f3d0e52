"""Level packs: pack a folder, install it into an empty levels folder, check it; and every
way a stranger's pack could reach outside its folder or cost too much is refused whole."""

import hashlib
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from game.cli import main
from game.core import pack as packs
from game.core.catalogue import catalogue

OGG = Path(__file__).parent / "data" / "music" / "tone440_48k.ogg"


def level_yaml(level_id="dawn-bag", music=None, pattern="l.r.l.r.", author="Ana"):
    text = f"id: {level_id}\ntitle: {level_id.title()}\nstage: speed_bag\ntempo: 100\n"
    text += f"author: {author}\n"
    if music:
        text += f"music: {music}\noffset_ms: 500\n"
    return text + f'intervals:\n  - work: 4\n    pattern: "{pattern}"\n'


def source_folder(root: Path) -> Path:
    src = root / "Dawn Pack"
    (src / "music").mkdir(parents=True)
    shutil.copy(OGG, src / "music" / "song.ogg")
    (src / "dawn.yaml").write_text(level_yaml("dawn-bag", "music/song.ogg"), "utf-8")
    (src / "dusk.yaml").write_text(level_yaml("dusk-bag", author="Ben"), "utf-8")
    (src / "notes.txt").write_text("not part of the pack", "utf-8")
    return src


@pytest.fixture
def levels_dir():
    d = Path(os.environ["MONTAGE_LEVELS_DIR"])
    d.mkdir(parents=True, exist_ok=True)
    return d


def contents(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_pack_survives_the_round_trip(tmp_path, levels_dir, capsys):
    out = tmp_path / "dawn.montagepack"
    assert main(["pack", str(source_folder(tmp_path)), "-o", str(out),
                 "--licence", "CC-BY-4.0", "--author", "Cleo"]) == 0
    assert "2 levels, 1 music file" in capsys.readouterr().out
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["dawn.yaml", "dusk.yaml", "manifest.json",
                                        "music/song.ogg"]             # notes.txt stays home
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["name"] == "Dawn Pack" and manifest["id"] == "dawn-pack"
    assert manifest["authors"] == ["Ana", "Ben", "Cleo"] and manifest["licence"] == "CC-BY-4.0"
    assert [e["id"] for e in manifest["levels"]] == ["dawn-bag", "dusk-bag"]
    assert manifest["music"] == ["music/song.ogg"]
    assert contents(levels_dir) == []
    assert main(["install", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    folder = levels_dir / "dawn-pack"
    assert result["installed"] == str(folder)
    assert contents(levels_dir) == ["dawn-pack", "dawn-pack/dawn.yaml", "dawn-pack/dusk.yaml",
                                    "dawn-pack/music", "dawn-pack/music/song.ogg"]
    assert main(["check", *result["levels"]]) == 0
    assert capsys.readouterr().out.count(": ok") == 2
    # stage select lists them under Custom, the music found in the pack's own folder
    _, custom = catalogue(levels_dir)
    assert sorted(e.level.id for e in custom if e.ok) == ["dawn-bag", "dusk-bag"]
    music = next(e.level.music for e in custom if e.level.id == "dawn-bag")
    assert Path(music.path) == (folder / "music" / "song.ogg").resolve()
    # the same folder packs to the same bytes
    again = tmp_path / "again.montagepack"
    assert main(["pack", str(source_folder(tmp_path / "b")), "-o", str(again),
                 "--name", "Dawn Pack", "--licence", "CC-BY-4.0", "--author", "Cleo"]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_music_named_through_a_link_is_packed_under_the_levels_name(tmp_path, levels_dir):
    src = source_folder(tmp_path)
    (src / "dusk.yaml").write_text(level_yaml("dusk-bag", "dusk.ogg"), "utf-8")
    (src / "dusk.ogg").symlink_to("music/song.ogg")
    out = tmp_path / "p.montagepack"
    (src / "LICENCE").write_text("CC0: do as you like", "utf-8")
    assert main(["pack", str(src), "-o", str(out)]) == 0        # the brief's own command line
    with zipfile.ZipFile(out) as z:
        assert json.loads(z.read("manifest.json"))["licence"] == "see LICENCE"
        assert z.read("LICENCE") == b"CC0: do as you like"
        assert z.read("dusk.ogg") == OGG.read_bytes()
        assert not stat.S_ISLNK(z.getinfo("dusk.ogg").external_attr >> 16)
    assert main(["install", str(out)]) == 0
    assert main(["check", str(levels_dir / "dawn-pack" / "dusk.yaml")]) == 0


def test_a_folder_with_a_broken_level_is_not_packed(tmp_path, capsys):
    src = source_folder(tmp_path)
    (src / "dusk.yaml").write_text(level_yaml("dusk-bag", pattern="l.x.l.r."), "utf-8")
    out = tmp_path / "p.montagepack"
    assert main(["pack", str(src), "-o", str(out), "--licence", "CC0"]) == 2
    err = capsys.readouterr().err
    assert "dusk.yaml:8:17:" in err and "'x' is not a step" in err and "nothing was packed" in err
    assert not out.exists() and not list(tmp_path.glob(".tmp-*"))


# -- hand-made packs: what a stranger could send ------------------------------------------

def make_zip(path: Path, files: dict, manifest_files: dict | None = None,
             levels: list[str] | None = None, links: tuple[str, ...] = (),
             extra_entries: tuple[tuple[str, bytes], ...] = ()) -> Path:
    listed = {n: {"bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()}
              for n, b in files.items()}
    manifest = {"format": 1, "id": "strange", "name": "Strange", "authors": [],
                "licence": "CC0", "files": manifest_files if manifest_files is not None
                else listed,
                "levels": [{"file": n} for n in (levels if levels is not None else
                                                 [n for n in files if n.endswith(".yaml")])]}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest))
        for name, data in [*files.items(), *extra_entries]:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ((stat.S_IFLNK | 0o777) if name in links else
                                  (stat.S_IFREG | 0o644)) << 16
            z.writestr(info, data)
    return path


GOOD = level_yaml("strange-one").encode()


def refused(path: Path, levels_dir: Path, capsys, *words: str) -> None:
    assert main(["install", str(path)]) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err, err
    assert contents(levels_dir) == [], "a refused pack must leave nothing behind"


def test_names_that_leave_the_pack_are_refused(tmp_path, levels_dir, capsys):
    for name, why in (("../evil.yaml", "leaves the pack"), ("/tmp/evil.yaml", "absolute"),
                      ("C:/evil.yaml", "absolute"), ("a\\..\\evil.yaml", "not a plain"),
                      (".hidden.yaml", "hidden")):
        p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD, name: GOOD},
                     levels=["ok.yaml"])
        refused(p, levels_dir, capsys, repr(name), why, "nothing was installed")
    assert not (tmp_path / "evil.yaml").exists()


def test_links_and_unlisted_files_are_refused(tmp_path, levels_dir, capsys):
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD, "song.ogg": b"/etc/passwd"},
                 levels=["ok.yaml"], links=("song.ogg",))
    refused(p, levels_dir, capsys, "symbolic link")
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD},
                 extra_entries=(("run.sh", b"rm -rf ~"),))
    refused(p, levels_dir, capsys, "'run.sh' is not in the manifest")
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD, "OK.yaml": GOOD},
                 levels=["ok.yaml"])
    refused(p, levels_dir, capsys, "differ only in case")
    tampered = {"ok.yaml": {"bytes": len(GOOD), "sha256": "0" * 64}}
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD}, manifest_files=tampered)
    refused(p, levels_dir, capsys, "does not match the manifest")
    (tmp_path / "zip.montagepack").write_bytes(b"PK not really")
    refused(tmp_path / "zip.montagepack", levels_dir, capsys, "not a level pack")


def test_sizes_are_bounded(tmp_path, levels_dir, capsys, monkeypatch):
    song = OGG.read_bytes()
    files = {"ok.yaml": level_yaml("strange-one", "song.ogg").encode(), "song.ogg": song}
    p = make_zip(tmp_path / "p.montagepack", files)
    # (a context each: undoing the test's own monkeypatch would undo conftest's private
    # folders too)
    for bound, value, why in (("MAX_MUSIC_BYTES", 1024, "song.ogg is 7 KiB; at most 1 KiB"),
                              ("MAX_TOTAL_BYTES", 4096, "unpacks to more than 4 KiB"),
                              ("MAX_ENTRIES", 2, "3 entries; at most 2")):
        with monkeypatch.context() as m:
            m.setattr(packs, bound, value)
            refused(p, levels_dir, capsys, why)
    bomb = GOOD + b"#" + b" " * 900_000 + b"\n"          # 0.9 MB of spaces: deflates 1000:1
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": bomb})
    refused(p, levels_dir, capsys, "times its packed size", "zip bomb")
    # and the pack that passes all of them installs
    assert main(["install", str(make_zip(tmp_path / "p.montagepack", files))]) == 0


def test_a_pack_with_a_broken_level_installs_nothing(tmp_path, levels_dir, capsys):
    bad = level_yaml("strange-two", pattern="l.q.").encode()
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD, "bad.yaml": bad})
    refused(p, levels_dir, capsys, f"{p}:bad.yaml:8:17:", "'q' is not a step",
            "nothing was installed")
    campaign_id = level_yaml("speed-bag-rounds").encode()
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": campaign_id})
    refused(p, levels_dir, capsys, "is the campaign level")


def test_reinstalling_needs_force_and_a_failed_swap_keeps_the_old_pack(
        tmp_path, levels_dir, capsys, monkeypatch):
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD})
    assert main(["install", str(p)]) == 0
    before = contents(levels_dir)
    assert main(["install", str(p)]) == 2
    assert "already installed" in capsys.readouterr().err
    real = os.replace

    def failing(a, b):
        if ".tmp-install-" in str(a):
            raise OSError(28, "No space left on device")
        return real(a, b)

    with monkeypatch.context() as m:
        m.setattr(packs.os, "replace", failing)
        with pytest.raises(OSError):
            packs.install_pack(p, levels_dir, force=True)
    assert contents(levels_dir) == before              # the old pack, whole; no leftovers
    assert main(["install", str(p), "--force"]) == 0
    assert contents(levels_dir) == before


def test_a_damaged_pack_is_a_clear_error(tmp_path, levels_dir, capsys):
    p = make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD * 40})
    data = bytearray(p.read_bytes())
    at = data.index(b"ok.yaml", 100) + 20      # inside the deflated level, past its header
    data[at] ^= 0xFF
    p.write_bytes(bytes(data))
    refused(p, levels_dir, capsys, "ok.yaml cannot be unpacked", "nothing was installed")


def test_an_install_killed_half_way_is_put_right_by_the_next(tmp_path, levels_dir):
    dead = "999999999"                     # no such process
    moved = levels_dir / f".tmp-old-{dead}-dawn-pack"
    moved.mkdir()
    (moved / "dawn.yaml").write_text(level_yaml("dawn-bag"), "utf-8")
    (levels_dir / f".tmp-install-{dead}-x1y2").mkdir()
    assert main(["install", str(make_zip(tmp_path / "p.montagepack", {"ok.yaml": GOOD}))]) == 0
    assert contents(levels_dir) == ["dawn-pack", "dawn-pack/dawn.yaml", "strange",
                                    "strange/ok.yaml"]
