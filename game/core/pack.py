"""Level packs: a zip of levels, their music and a manifest, made to share and installed
safely. Pure (stdlib and the loader): no pygame.

`build_pack` checks every level before it writes anything and takes only what the levels
need: the level files at the top of the folder and the music files they name. Music is
stored as it is (Ogg and FLAC are compressed already), the rest deflated; entries are sorted
and dated 1980 so the same folder makes the same bytes.

`install_pack` trusts nothing in the zip. Every name must be a plain relative path that the
manifest lists (no '..', no absolute path or drive, no backslash, no duplicate, no two names
that differ only in case); links and other special entries are refused; sizes are bounded
per file, in total, in count and in compression ratio, and the declared sizes are never
trusted (reads stop at the bound). Everything is unpacked into a hidden folder beside the
target, each file checked against the manifest's hash, every level loaded with the same
loader the game uses; only then is the folder renamed into place in one step. Any refusal
leaves the levels folder as it was, and `recover` puts right what a killed install left.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from game.core import schema
from game.core.loader import LevelError, Problem, builtin_level_paths, load_level
from game.core.musicfile import MAX_MUSIC_BYTES, music_format
from game.core.schema import slug

PACK_FORMAT = 1
SUFFIX = ".montagepack"
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 256 * 1024
MAX_PACK_BYTES = 512 << 20          # the zip file itself
MAX_TOTAL_BYTES = 512 << 20         # everything it unpacks to
MAX_ENTRIES = 400
MAX_LEVELS = 200
MAX_RATIO = 100                     # uncompressed : compressed, per entry (zip bombs)
RATIO_FLOOR = 64 * 1024             # entries smaller than this may compress as they like
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LEVEL_SUFFIXES = (".yaml", ".yml")
STAGING = ".tmp-install-"          # + pid: a pack being checked
ASIDE = ".tmp-old-"                 # + pid: an installed copy while the new one moves in
EXTRAS = ("LICENCE", "LICENSE", "LICENCE.txt", "LICENSE.txt", "README.md", "README.txt")
_EPOCH = (1980, 1, 1, 0, 0, 0)


class PackError(Exception):
    """A pack that cannot be made or installed; `problems` are its levels' errors, if any."""

    def __init__(self, message: str, hint: str = "", problems: list[Problem] | None = None
                 ) -> None:
        super().__init__(message)
        self.message, self.hint, self.problems = message, hint, problems or []


@dataclass
class Installed:
    folder: Path
    manifest: dict
    levels: list[Path] = field(default_factory=list)
    replaced: bool = False


def pack_id(name: str) -> str:
    return slug(name)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- making a pack --------------------------------------------------------------------------

def build_pack(folder: str | Path, out: str | Path, name: str, licence: str,
               authors: list[str] | None = None) -> dict:
    """Write `out` from the levels in `folder`; returns the manifest. PackError if a level
    has errors, names music outside the folder, or the pack would break a bound."""
    src = Path(folder)
    if not src.is_dir():
        raise PackError(f"{src} is not a folder", hint="give the folder that holds the levels")
    paths = sorted(p for p in src.iterdir() if p.suffix.lower() in LEVEL_SUFFIXES
                   and p.is_file())
    if not paths:
        raise PackError(f"{src} has no level files (*.yaml) at its top",
                        hint="put the pack's levels directly in the folder")
    if len(paths) > MAX_LEVELS:
        raise PackError(f"{len(paths)} levels; a pack holds at most {MAX_LEVELS}")
    problems: list[Problem] = []
    levels, files = [], {}
    for p in paths:
        try:
            level = load_level(p)
        except LevelError as e:
            problems.extend(e.problems)
            continue
        entry = {"file": p.name, "id": level.id, "title": level.title, "stage": level.stage,
                 "author": level.author, "music": None}
        files[p.name] = p
        if level.music is not None:
            # stored under the name the level uses (a link inside the folder is packed as
            # the file it leads to, under the link's name), read from where it resolves
            rel = PurePosixPath(level.music.name.replace("\\", "/")).as_posix()
            entry["music"] = rel
            files[rel] = Path(level.music.path)
        levels.append(entry)
    if problems:
        raise PackError(f"{len(problems)} error{'s' if len(problems) != 1 else ''} in the "
                        "levels; nothing was packed", hint="fix them (montage check) and "
                        "pack again", problems=problems)
    for extra in EXTRAS:
        p = src / extra
        if p.is_file() and not p.is_symlink() and extra not in files:
            files[extra] = p
    ids = [e["id"] for e in levels]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PackError(f"two levels share the id {dup[0]!r}; progress is kept by id",
                        hint="give each level an id of its own")
    blobs = {rel: p.read_bytes() for rel, p in sorted(files.items())}
    manifest = {
        "format": PACK_FORMAT, "id": pack_id(name), "name": name,
        "authors": sorted({a for a in (authors or []) if a} |
                          {e["author"] for e in levels if e["author"]}),
        "licence": licence, "levels": levels,
        "music": sorted({e["music"] for e in levels if e["music"]}),
        "files": {rel: {"bytes": len(b), "sha256": _sha256(b)} for rel, b in blobs.items()},
    }
    total = sum(len(b) for b in blobs.values())
    if total > MAX_TOTAL_BYTES:
        raise PackError(f"the pack would hold {total >> 20} MiB; at most "
                        f"{MAX_TOTAL_BYTES >> 20} MiB installs")
    dest = Path(out)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-pack-", suffix=SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w") as z:
            _add(z, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
            for rel, data in blobs.items():
                _add(z, rel, data, stored=music_format(rel) is not None)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return manifest


def _add(z: zipfile.ZipFile, name: str, data: bytes, stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    z.writestr(info, data)


# -- installing a pack ----------------------------------------------------------------------

def _name_problem(name: str) -> str | None:
    """Why a member name could land outside the pack's folder (or clash), or None."""
    if not name or "\0" in name or "\\" in name:
        return "is not a plain file name"
    if len(name) > 255:
        return "is too long"
    if name.startswith("/") or PureWindowsPath(name).drive or PureWindowsPath(name).root:
        return "is an absolute path"
    parts = PurePosixPath(name).parts
    if ".." in parts or "." in parts or "" in name.split("/")[:-1]:
        return "leaves the pack ('..')" if ".." in parts else "is not a plain path"
    if any(p.startswith(".") for p in parts):
        return "is a hidden file"
    if any(c in name for c in ':*?"<>|') or any(ord(c) < 32 for c in name):
        return "has characters other systems cannot name a file with"
    return None


def _manifest(z: zipfile.ZipFile) -> dict:
    try:
        info = z.getinfo(MANIFEST)
    except KeyError:
        raise PackError(f"the pack has no {MANIFEST}", hint="make packs with montage pack") \
            from None
    data = _read(z, info, MAX_MANIFEST_BYTES)
    try:
        m = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise PackError(f"{MANIFEST} is not valid JSON ({e})") from None
    if not isinstance(m, dict) or m.get("format") != PACK_FORMAT:
        raise PackError(f"{MANIFEST} is not a pack manifest of format {PACK_FORMAT}",
                        hint="a newer game may read it")
    ok = (isinstance(m.get("id"), str) and ID_RE.fullmatch(m["id"])
          and isinstance(m.get("name"), str) and 0 < len(m["name"]) <= 80
          and isinstance(m.get("licence"), str) and len(m["licence"]) <= 2000
          and isinstance(m.get("authors"), list)
          and all(isinstance(a, str) and len(a) <= 80 for a in m["authors"])
          and isinstance(m.get("levels"), list) and 0 < len(m["levels"]) <= MAX_LEVELS
          and all(isinstance(e, dict) and isinstance(e.get("file"), str)
                  for e in m["levels"])
          and isinstance(m.get("files"), dict)
          and all(isinstance(k, str) and isinstance(v, dict)
                  and isinstance(v.get("bytes"), int) and not isinstance(v["bytes"], bool)
                  and isinstance(v.get("sha256"), str) for k, v in m["files"].items()))
    if not ok:
        raise PackError(f"{MANIFEST} is missing a key or has one of the wrong kind",
                        hint="it needs format, id, name, authors, licence, levels and files")
    return m


def _read(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, never more than `limit` (its declared size is not trusted)."""
    out = bytearray()
    try:
        with z.open(info) as f:
            while len(out) <= limit:
                chunk = f.read(min(1 << 20, limit + 1 - len(out)))
                if not chunk:
                    break
                out += chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise PackError(f"{info.filename} cannot be unpacked: the pack is damaged ({e}); "
                        "nothing was installed") from None
    except (NotImplementedError, RuntimeError) as e:     # another method, or encrypted
        raise PackError(f"{info.filename} cannot be unpacked ({e}); nothing was installed",
                        hint="packs are plain zips, deflated or stored") from None
    if len(out) > limit:
        raise PackError(f"{info.filename} is larger than {_size(limit)}")
    return bytes(out)


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n >> 10} KiB"


def _limit(name: str) -> int:
    if name.lower().endswith(LEVEL_SUFFIXES):
        return schema.MAX_FILE_BYTES
    if music_format(name) is not None:
        return MAX_MUSIC_BYTES
    return MAX_MANIFEST_BYTES          # a licence or a readme


def _members(z: zipfile.ZipFile, manifest: dict) -> list[zipfile.ZipInfo]:
    """The pack's files, each name, kind, size and ratio checked; PackError on the first
    that could escape, clash or cost too much."""
    infos = z.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackError(f"the pack has {len(infos)} entries; at most {MAX_ENTRIES}")
    seen: dict[str, str] = {}
    files: list[zipfile.ZipInfo] = []
    total = 0
    listed = manifest["files"]
    for info in infos:
        name = info.filename
        why = _name_problem(name.rstrip("/") if info.is_dir() else name)
        if why:
            raise PackError(f"the entry {name!r} {why}; nothing was installed",
                            hint="this pack may have been made to write outside its folder")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackError(f"the entry {name!r} is a symbolic link; nothing was installed",
                            hint="packs hold plain files only")
        if info.is_dir():
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):     # 0: a tool that sets no type
            raise PackError(f"the entry {name!r} is not a plain file; nothing was installed")
        folded = name.casefold()
        if folded in seen:
            raise PackError(f"the pack holds {name!r} twice" if seen[folded] == name else
                            f"the pack holds {seen[folded]!r} and {name!r}, which differ only "
                            "in case")
        seen[folded] = name
        if name == MANIFEST:
            continue
        if name not in listed:
            raise PackError(f"the entry {name!r} is not in the manifest; nothing was "
                            "installed", hint="make packs with montage pack")
        limit = _limit(name)
        if info.file_size > limit or listed[name]["bytes"] > limit:
            raise PackError(f"{name} is {_size(max(info.file_size, listed[name]['bytes']))}; "
                            f"at most {_size(limit)} is installed")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                1, info.compress_size):
            raise PackError(f"{name} unpacks to {info.file_size // max(1, info.compress_size)}"
                            f" times its packed size (at most {MAX_RATIO}); nothing was "
                            "installed", hint="a file that grows that much is a zip bomb")
        total += max(info.file_size, listed[name]["bytes"])
        if total > MAX_TOTAL_BYTES:
            raise PackError(f"the pack unpacks to more than {_size(MAX_TOTAL_BYTES)}")
        files.append(info)
    missing = sorted(set(listed) - set(seen.values()))
    if missing:
        raise PackError(f"the manifest lists {missing[0]!r}, which the pack does not hold")
    return files


def install_pack(pack: str | Path, levels_dir: str | Path, force: bool = False) -> Installed:
    """Check and install `pack` into levels_dir/<pack id>/, all or nothing."""
    src = Path(pack)
    try:
        size = src.stat().st_size
        if not stat.S_ISREG(src.stat().st_mode):
            raise PackError(f"{src} is not a regular file")
    except OSError as e:
        raise PackError(f"{src}: {e.strerror or e}") from None
    if size > MAX_PACK_BYTES:
        raise PackError(f"{src} is {_size(size)}; at most {_size(MAX_PACK_BYTES)} is read")
    root = Path(levels_dir)
    try:
        z = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError) as e:
        raise PackError(f"{src} is not a level pack (not a zip file: {e})",
                        hint="make packs with montage pack") from None
    with z:
        manifest = _manifest(z)
        members = _members(z, manifest)
        target = root / manifest["id"]
        if target.exists() and not force:
            raise PackError(f"{target} is already installed", hint="pass --force to replace "
                            "it with this pack")
        campaign = _campaign_ids()
        recover(root)
        stage = Path(tempfile.mkdtemp(dir=root, prefix=f"{STAGING}{os.getpid()}-"))
        try:
            for info in members:
                data = _read(z, info, _limit(info.filename))
                want = manifest["files"][info.filename]
                if len(data) != want["bytes"] or _sha256(data) != want["sha256"]:
                    raise PackError(f"{info.filename} does not match the manifest (damaged "
                                    "or changed after packing); nothing was installed")
                dest = stage / info.filename
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
            levels = _check_levels(src, stage, manifest, campaign)
            replaced = _swap_in(stage, target)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    return Installed(target, manifest, [target / p.name for p in levels], replaced)


def _campaign_ids() -> dict[str, str]:
    out = {}
    for p in builtin_level_paths():
        try:
            out[load_level(p).id] = p.name
        except LevelError:
            continue
    return out


def _check_levels(pack: Path, stage: Path, manifest: dict, campaign: dict[str, str]
                  ) -> list[Path]:
    """Every level in the pack loads, with the game's own loader, where it will live."""
    problems: list[Problem] = []
    levels = []
    names = [e["file"] for e in manifest["levels"]]
    for name in names:
        if "/" in name or not name.lower().endswith(LEVEL_SUFFIXES):
            raise PackError(f"the manifest's level {name!r} is not a .yaml at the pack's top")
        path = stage / name
        if not path.is_file():
            raise PackError(f"the manifest lists the level {name!r}, which the pack does not "
                            "hold")
        try:
            level = load_level(path)
        except LevelError as e:
            problems += [Problem(f"{pack}:{name}", p.line, p.column, p.message, p.severity,
                                 p.hint) for p in e.problems]
            continue
        if level.id in campaign:
            line, col = level.extra.get("marks", {}).get("id", (1, 1))
            problems.append(Problem(f"{pack}:{name}", line, col,
                                    f"id {level.id!r} is the campaign level "
                                    f"{campaign[level.id]}'s: they would share progress",
                                    hint="the pack's author should give it an id of its own"))
        levels.append(path)
    stray = sorted(p.name for p in stage.iterdir() if p.is_file()
                   and p.suffix.lower() in LEVEL_SUFFIXES and p.name not in names)
    if stray:
        raise PackError(f"{stray[0]} is a level the manifest does not list")
    if problems:
        raise PackError(f"{len(problems)} error{'s' if len(problems) != 1 else ''} in the "
                        "pack's levels; nothing was installed", problems=problems)
    return levels


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True          # someone else's, alive
    return True


def recover(root: Path) -> list[str]:
    """After an install that was killed: a pack being checked is removed, and an installed
    copy moved aside is put back if nothing took its place (else removed). Returns what
    was done, for tests."""
    done = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return done
    for d in entries:
        for prefix in (STAGING, ASIDE):
            if not d.name.startswith(prefix):
                continue
            pid, _, name = d.name[len(prefix):].partition("-")
            if _alive(pid):
                continue
            target = root / name
            if prefix == ASIDE and name and not target.exists():
                os.replace(d, target)
                done.append(f"restored {name}")
            else:
                shutil.rmtree(d, ignore_errors=True)
                done.append(f"removed {d.name}")
    return done


def _swap_in(stage: Path, target: Path) -> bool:
    """Rename the checked folder into place; an old install is moved aside first and put
    back if the rename fails, so there is always one whole pack there, or none."""
    if not target.exists():
        os.replace(stage, target)
        return False
    old = target.with_name(f"{ASIDE}{os.getpid()}-{target.name}")
    os.replace(target, old)
    try:
        os.replace(stage, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return True
