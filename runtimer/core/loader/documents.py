"""Routine files' parsed TOML, kept between runs so the menu paints sooner.

The menu loads every routine before its first paint, and parsing the TOML is most of
that (5 of 7 ms for the eight bundled routines). This cache keeps each file's parsed
document in the cache folder (`routines.json`), keyed by the file's path and a
checksum of its text. The file is still read every time, so any change to its text
(even one a sync tool made without touching its modification time) is a miss. Only
the parse is skipped: the routine's keys are checked as always.

Like every cache it is dropped at the first doubt. A cache file that is missing, not
JSON, of another version or of the wrong shape is ignored; an entry whose checksums
do not match is ignored alone; each is written anew. A document holding a date (JSON
has none) or a number JSON cannot give back is not kept. Saving is best effort: a
read-only or full cache folder only means no cache, never an error.
"""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path
from typing import Any

from runtimer.core.paths import user_cache_dir
from runtimer.core.safefile import FileReadError, atomic_write, read_regular

#: The cache file's format; another one is ignored (and replaced).
VERSION = 1
#: A bigger cache file is not read (it cannot be one this module wrote).
MAX_BYTES = 16 * 1024 * 1024
#: Entries kept: the files of this run first, then the most recent others.
MAX_ENTRIES = 500


def routines_cache_file(cache_dir: Path | None = None) -> Path:
    return (cache_dir if cache_dir is not None else user_cache_dir()) / "routines.json"


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


class Documents:
    """The cache file's entries: `get` one, `put` a fresh parse, `save` at the end."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._stored = _read(file)
        self._used: dict[str, dict[str, Any]] = {}
        self._changed = False

    def get(self, path: Path, text: str) -> dict[str, Any] | None:
        """The document parsed from exactly this `text` of `path`, if kept."""
        key = str(path)
        entry = self._stored.get(key)
        if not isinstance(entry, dict):
            return None
        body = entry.get("document")
        if (
            entry.get("text") != [_checksum(text), len(text)]
            or not isinstance(body, str)
            or entry.get("checksum") != _checksum(body)
        ):
            return None
        try:
            document = json.loads(body)
        except ValueError:
            return None
        if not isinstance(document, dict):
            return None
        self._used[key] = entry
        return document

    def put(self, path: Path, text: str, document: dict[str, Any]) -> None:
        """Keep a document just parsed from `text`, if JSON gives it back as it is."""
        try:
            body = json.dumps(document, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):  # a date, an infinite or NaN number
            return
        if not _same(json.loads(body), document):
            return
        self._used[str(path)] = {
            "text": [_checksum(text), len(text)],
            "document": body,
            "checksum": _checksum(body),
        }
        self._changed = True

    def save(self) -> None:
        """Write the cache if this run parsed something new; any failure is ignored."""
        if not self._changed:
            return
        others = {k: v for k, v in self._stored.items() if k not in self._used}
        files = {**others, **self._used}
        if len(files) > MAX_ENTRIES:  # this run's files come last: they are kept
            files = dict(list(files.items())[-MAX_ENTRIES:])
        data = json.dumps({"version": VERSION, "files": files}, ensure_ascii=False)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, data.encode("utf-8"))
        except OSError:
            return
        self._changed = False


def _read(file: Path) -> dict[str, Any]:
    try:
        data, _file_id = read_regular(file, MAX_BYTES)
        content = json.loads(data.decode("utf-8"))
    except (FileReadError, ValueError):  # missing, unreadable, not UTF-8, not JSON
        return {}
    if not isinstance(content, dict) or content.get("version") != VERSION:
        return {}
    files = content.get("files")
    return files if isinstance(files, dict) else {}


def _same(copy: object, original: object) -> bool:
    """Is `copy` (through JSON) the document tomllib gave, types included? An int must
    not come back a float, nor a float an int."""
    if type(copy) is not type(original):
        return False
    if isinstance(original, dict):
        assert isinstance(copy, dict)
        return copy.keys() == original.keys() and all(
            _same(copy[key], value) for key, value in original.items()
        )
    if isinstance(original, list):
        assert isinstance(copy, list)
        return len(copy) == len(original) and all(
            _same(a, b) for a, b in zip(copy, original, strict=True)
        )
    if isinstance(original, float):
        assert isinstance(copy, float)
        return copy == original and math.copysign(1, copy) == math.copysign(1, original)
    return bool(copy == original)
