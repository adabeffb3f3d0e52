"""Reading files the game did not write itself: regular files only, never past a bound.

A FIFO blocks `open()` until a writer comes and a link to /dev/zero never ends, so every
file a player or designer can put in the game's way (levels, settings, the cache, the run
journal) is opened without blocking, checked with fstat on the open descriptor (no race
with a swap of the path) and read to at most `limit` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


class NotRegularFile(OSError):
    """The path exists but is not a plain file (a folder, FIFO, device or socket)."""


class TooLarge(OSError):
    """The file is larger than the reader's bound."""


def kind_of(mode: int) -> str:
    """'a named pipe (FIFO)', 'a folder', ...: what a non-regular file is, for messages."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def regular_file_problem(path: str | Path) -> str | None:
    """Why `path` (if it exists) is not a regular file, without opening it; None if fine
    or missing. For paths other code opens itself (numpy, sqlite)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as e:
        return e.strerror or str(e)
    return None if stat.S_ISREG(mode) else f"it is {kind_of(mode)}, not a regular file"


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    NotRegularFile, TooLarge or another OSError (missing, no permission) otherwise; never
    blocks on a FIFO and never reads more than limit + 1 bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{path}: it is {kind_of(mode)}, not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise TooLarge(f"{path}: larger than {limit} bytes")
    return b"".join(chunks)
