"""A helper process that reads log files for the history index, in parallel.

The very first read of years of logs parses every file once; that is pure Python
work, so `store` starts one of these per processor (`python -m
runtimer.core.history.reader`) and each parses its share. It reads file paths on
standard input (NUL-separated, as bytes) and writes, for each, its number in the
list and its index rows (`index.rows_of`) or the reason it cannot be read, a few
logs at a time (`CHUNK`), as a pickle stream on standard output, which only the
runtimer that started it reads. A plain module run as a command, not
`multiprocessing`: that would start the parent's main script again in each child.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from runtimer.core.history.index import MAX_REASON, LogRows, rows_of
from runtimer.core.records.files import read_log_json
from runtimer.core.records.model import UnreadableLog

#: Logs whose rows are sent together: a pickle, a pipe read and a hand-over between
#: threads at the other end cost about as much for one log as for a few dozen.
CHUNK = 32


def read_rows(path: Path) -> LogRows | str:
    """The rows of the log in `path`, or why it cannot be read."""
    try:
        return rows_of(*read_log_json(path))
    except UnreadableLog as error:
        return error.located[:MAX_REASON]


def main() -> None:
    paths = [os.fsdecode(raw) for raw in sys.stdin.buffer.read().split(b"\0") if raw]
    out = sys.stdout.buffer
    chunk: list[tuple[int, LogRows | str]] = []
    for number, path in enumerate(paths):
        chunk.append((number, read_rows(Path(path))))
        if len(chunk) == CHUNK or number == len(paths) - 1:
            pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
            chunk = []
    out.flush()


if __name__ == "__main__":
    main()
