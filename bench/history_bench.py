"""How long a history of many sessions takes to open: reading the logs, and the text.

`bench/bench.py --only history` runs `bench_history` with 1,000 and with 10,000
sessions and judges the times, then opens the 10,000 logs in the real app. On its own:

    python -m bench.history_bench [FOLDER] [SESSIONS]   # default: a temporary folder, 1,000
"""

from __future__ import annotations

import sys
import time
import tomllib as tomllib_module
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from runtimer.cli.history import render_history
from runtimer.core.feeling import Feeling
from runtimer.core.history.store import load_history
from runtimer.core.plan import Side
from runtimer.core.records.codec import session_to_toml
from runtimer.core.records.model import ExerciseInfo, SessionLog, SetRecord, Status, Store


def _bench_session(number: int, start: datetime) -> SessionLog:
    """A realistic log: 7 exercises, 20 sets, loads creeping up over the years."""
    began = start + timedelta(days=number * 7 // 3, hours=number % 3)
    exercises = tuple(
        ExerciseInfo(i, f"Exercise {i}", 3, reps=12, load=8.0, unit="kg", load_step=2.0)
        for i in range(7)
    )
    sets: list[SetRecord] = []
    clock = began
    for k in range(20):
        index, set_number = divmod(k, 3)
        index = min(index, 6)
        ended = clock + timedelta(seconds=45)
        sets.append(
            SetRecord(
                exercise=f"Exercise {index}",
                exercise_index=index,
                set_number=set_number + 1,
                started=clock,
                ended=ended,
                side=Side.LEFT if index == 3 else None,
                planned_reps=12,
                reps=12 - (k % 4 == 3),
                load=8.0 + 2.0 * (number // 6 % 20),
                unit="kg",
                feeling=(Feeling.EASY, Feeling.OK, Feeling.HARD)[k % 3],
                rest_before=90.0 + k % 7,
            )
        )
        clock = ended + timedelta(seconds=90)
    return SessionLog(
        routine="Full body",
        started=began,
        status=Status.FINISHED,
        ended=clock,
        routine_path="/home/runner/.config/runtimer/routines/full-body.toml",
        routine_sha256="0" * 64,
        exercises=exercises,
        sets=tuple(sets),
    )


def bench_history(
    tmpdir: Path, sessions: int = 1000, *, out: TextIO | None = None, tomllib: bool = True
) -> dict[str, float]:
    """Write `sessions` logs of 20 sets under `tmpdir` and time opening the history.

    Returns seconds for: `cold` (no index yet: every file parsed, index written),
    `warm` (index valid), `one_changed` (one file rewritten), `render` (the history
    text, from the index) and, with `tomllib`, `tomllib_only` (parsing every file
    with tomllib, for comparison). Each open is a fresh `load_history`, as a new
    `runtimer history` makes. Prints them to `out` if given.
    """
    store = Store(tmpdir / "sessions", tmpdir / "cache" / "history.sqlite3")
    store.sessions.mkdir(parents=True, exist_ok=True)
    start = datetime(2021, 1, 4, 18, 30).astimezone()
    paths: list[Path] = []
    for number in range(sessions):
        log = _bench_session(number, start)
        path = store.sessions / f"{log.started:%Y-%m-%dT%H%M}-full-body.toml"
        path.write_text(session_to_toml(log), encoding="utf-8")
        paths.append(path)
    results: dict[str, float] = {"sessions": float(sessions)}

    if tomllib:
        began = time.perf_counter()
        for path in paths:
            tomllib_module.loads(path.read_text(encoding="utf-8"))
        results["tomllib_only"] = time.perf_counter() - began

    began = time.perf_counter()
    history = load_history(store)
    results["cold"] = time.perf_counter() - began
    assert history.counted_total() == sessions, history.unreadable[:3]
    history.close()

    began = time.perf_counter()
    history = load_history(store)
    results["warm"] = time.perf_counter() - began
    history.close()

    paths[len(paths) // 2].write_text(
        session_to_toml(_bench_session(len(paths) // 2, start)) + "\n", encoding="utf-8"
    )
    began = time.perf_counter()
    history = load_history(store)
    results["one_changed"] = time.perf_counter() - began

    last = history.latest(1)[0].started.date()
    began = time.perf_counter()
    render_history(history, last + timedelta(days=1))
    results["render"] = time.perf_counter() - began
    history.close()
    if out is not None:
        for name, value in results.items():
            shown = f"{value:.0f}" if name == "sessions" else f"{value:.3f} s"
            print(f"{name:>13}: {shown}", file=out)
    return results


if __name__ == "__main__":  # python -m bench.history_bench [FOLDER], from the repository
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(scratch)
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
        bench_history(folder, count, out=sys.stdout)
