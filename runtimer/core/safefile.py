"""Crash-safe file writing: a file on disk is always either the old or the new version.

The recipe: write the new bytes to a temporary file in the *same* folder, flush and
fsync it, `os.replace` it over the target (atomic on POSIX and Windows), then fsync the
folder so the rename itself survives a power cut. A crash at any point leaves the old
file intact plus, at worst, a stray temporary file: those are named `.NAME.XXXX.tmp`
(hidden, not `.toml`) so nothing that lists logs mistakes them for one.

`create_new` never overwrites anything: it claims the name with O_EXCL first, so an
existing file (perhaps one the user put there) makes it fail with FileExistsError.

Reading is held to the same standard: `read_regular` is how runtimer reads every file
it did not just write (routines, logs, the history index, config, state, sounds). It
opens without blocking, checks that what it opened is a regular file (a FIFO would
block for ever, `/dev/zero` would never end), refuses anything over a size limit before
reading it, and reads at most that limit even if the file grows meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
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


class FileReadError(Exception):
    """A file that cannot be read as a file of ours; `reason` says why in plain words."""

    def __init__(
        self,
        reason: str,
        *,
        detail: str | None = None,
        missing: bool = False,
        size: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason  # "cannot be opened (permission denied)"
        self.detail = detail if detail is not None else reason  # "permission denied"
        self.missing = missing  # there is nothing at the path at all
        self.size = size  # set when the file is too big: its size in bytes


def describe_os_error(error: OSError) -> str:
    """A few words a runner understands, rather than `[Errno 28] ...`."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way where the folder should be"
    if code == errno.EIO:
        return "the disk reported an input/output error"
    if code == errno.ENAMETOOLONG:
        return "the path is too long"
    if code == errno.ELOOP:
        return "too many symbolic links"
    return (error.strerror or str(error)).rstrip(".").lower() or "unknown error"


def describe_size(size: int) -> str:
    """`812 bytes`, `3 kB`, `4.2 MB`: file sizes in messages."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size // 1024} kB"
    return f"{size / (1024 * 1024):.1f} MB"


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular(path: Path, limit: int) -> tuple[bytes, FileId]:
    """The bytes of the regular file at `path` (symbolic links followed) and its id.

    Raises FileReadError when it is missing (`missing` set), a folder, a FIFO, a device
    or a socket, bigger than `limit` bytes, or cannot be opened or read. Never blocks:
    the open is non-blocking, so a FIFO with no writer is refused, not waited on.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise FileReadError("no such file", missing=True) from None
    except OSError as error:
        why = describe_os_error(error)
        raise FileReadError(f"cannot be opened ({why})", detail=why) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileReadError("a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            kind = "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
            raise FileReadError(f"{kind}, not a regular file")
        if st.st_size > limit:
            raise FileReadError(
                f"too big ({describe_size(st.st_size)}; at most {describe_size(limit)})",
                size=st.st_size,
            )
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(65536, left))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        why = describe_os_error(error)
        raise FileReadError(f"cannot be read ({why})", detail=why) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while we read it
        raise FileReadError(f"too big (more than {describe_size(limit)})", size=len(data))
    return data, FileId.of(st)


def temp_name(target: Path) -> Path:
    import secrets  # (and hmac, hashlib): for writing only, not needed to read at start-up

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
