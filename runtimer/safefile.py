"""Crash-safe file writing: a file on disk is always either the old or the new version.

The recipe: write the new bytes to a temporary file in the *same* folder, flush and
fsync it, `os.replace` it over the target (atomic on POSIX and Windows), then fsync the
folder so the rename itself survives a power cut. A crash at any point leaves the old
file intact plus, at worst, a stray temporary file: those are named `.NAME.XXXX.tmp`
(hidden, not `.toml`) so nothing that lists logs mistakes them for one.

`create_new` never overwrites anything: it claims the name with O_EXCL first, so an
existing file (perhaps one the user put there) makes it fail with FileExistsError.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

TEMP_SUFFIX = ".tmp"
_FILE_MODE = 0o644
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class FileId:
    """What a file looked like right after we wrote it.

    Comparing it with a fresh `os.stat` tells whether the file is still the one we
    wrote (a hand edit or a replacement changes the inode, size or mtime).
    """

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> FileId:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def fsync_dir(folder: Path) -> None:
    """Make a rename or create in `folder` durable. Best effort where unsupported."""
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals renames.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        # Some file systems (certain network or FUSE mounts) refuse to fsync a folder.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(target: Path, data: bytes) -> FileId:
    """Replace (or create) `target` with `data` atomically; return the new file's id.

    On any error the target is untouched, the temporary file is removed (best effort)
    and the OSError propagates.
    """
    temp = temp_name(target)
    fd = os.open(temp, _NEW_FILE, _FILE_MODE)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            file_id = FileId.of(os.fstat(fd))
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(target.parent)
    return file_id


def create_new(target: Path, data: bytes) -> FileId:
    """Create `target` with `data`, failing with FileExistsError if it exists.

    The name is claimed with O_EXCL (so nothing is ever overwritten), then filled by an
    atomic replace, so the file is never seen half-written. If filling it fails, the
    empty placeholder we created is removed again.
    """
    fd = os.open(target, _NEW_FILE, _FILE_MODE)
    try:
        placeholder = FileId.of(os.fstat(fd))
    finally:
        os.close(fd)
    try:
        return atomic_write(target, data)
    except BaseException:
        with contextlib.suppress(OSError):
            if FileId.of(os.stat(target)) == placeholder:
                os.unlink(target)
        raise


def same_file(target: Path, expected: FileId) -> bool:
    """Is `target` still exactly the file we last wrote?"""
    try:
        return FileId.of(os.stat(target)) == expected
    except OSError:
        return False
