"""The routines' parsed TOML kept between runs (core.loader.documents): the menu loads
every routine before its first paint, and a routine's text is only parsed again when
it changed. The cache is thrown away at the first doubt, and never costs a routine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from runtimer.core import tomlfile
from runtimer.core.catalog import Catalog, discover
from runtimer.core.loader import syntax
from runtimer.core.loader.documents import Documents

LEGS = 'name = "Legs"\n[[exercise]]\nname = "Squat"\nsets = 3\nreps = 10\nload = 20.5\n'


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts tomllib is asked to parse."""
    seen: list[str] = []
    real = tomlfile.parse_toml

    def counted(text: str) -> dict[str, object]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(syntax, "parse_toml", counted)
    return seen


def folder_with(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def load(folder: Path, cache: Path) -> Catalog:
    return discover([folder], standard=False, cache=cache)


def test_a_second_start_parses_nothing_and_finds_the_same_routines(
    tmp_path: Path, parses: list[str]
) -> None:
    cache = tmp_path / "cache" / "routines.json"
    first = discover(cache=cache)
    assert len(parses) == len(first.entries) >= 8  # the bundled routines, parsed once
    parses.clear()
    again = discover(cache=cache)
    assert parses == []
    assert again == first  # every routine, field for field


def test_a_changed_routine_is_read_again_even_with_the_same_size_and_time(
    tmp_path: Path, parses: list[str]
) -> None:
    cache = tmp_path / "routines.json"
    folder = folder_with(tmp_path, legs=LEGS)
    path = folder / "legs.toml"
    assert load(folder, cache).entries[0].title == "Legs"
    stat = path.stat()
    path.write_text(LEGS.replace('"Legs"', '"Arms"'), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a sync tool may leave it
    parses.clear()
    assert load(folder, cache).entries[0].title == "Arms"
    assert len(parses) == 1


def test_numbers_keep_their_type_through_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "routines.json"
    folder = folder_with(tmp_path, legs=LEGS)
    first = load(folder, cache)
    again = load(folder, cache)
    assert again == first
    routine = again.entries[0].routine
    assert routine is not None
    exercise = routine.exercises[0]
    assert (exercise.sets, exercise.reps) == (3, 10)
    assert exercise.load is not None and exercise.load.amount == 20.5


def damaged(tmp_path: Path) -> dict[str, bytes]:
    """What a broken disk, an old version or a hand edit can leave in the cache."""
    cache = tmp_path / "routines.json"
    folder = folder_with(tmp_path, legs=LEGS)
    load(folder, cache)
    good = cache.read_bytes()
    content = json.loads(good)
    (key,) = content["files"]
    tampered = json.loads(good)
    tampered["files"][key]["document"] = tampered["files"][key]["document"].replace("Legs", "Lies")
    wrong_type = json.loads(good)
    wrong_type["files"][key]["document"] = "[1, 2]"
    wrong_type["files"][key]["checksum"] = None
    return {
        "garbage": os.urandom(300),
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "not UTF-8": b"\xff\xfe{}",
        "another version": json.dumps({**content, "version": 99}).encode(),
        "files not a table": json.dumps({"version": 1, "files": [1]}).encode(),
        "an entry not a table": json.dumps({"version": 1, "files": {key: 7}}).encode(),
        "a document changed": json.dumps(tampered).encode(),
        "a document of the wrong shape": json.dumps(wrong_type).encode(),
        "a list at the top": b"[]",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "garbage",
        "truncated",
        "empty",
        "not UTF-8",
        "another version",
        "files not a table",
        "an entry not a table",
        "a document changed",
        "a document of the wrong shape",
        "a list at the top",
    ],
)
def test_a_damaged_cache_is_ignored_and_written_anew(
    tmp_path: Path, kind: str, parses: list[str]
) -> None:
    bad = damaged(tmp_path)[kind]
    cache = tmp_path / "routines.json"
    folder = tmp_path / "routines"
    cache.write_bytes(bad)
    parses.clear()
    catalog = load(folder, cache)
    assert [entry.title for entry in catalog.entries] == ["Legs"]
    assert len(parses) == 1  # parsed from the file, not taken from the cache
    parses.clear()
    assert load(folder, cache) == catalog
    assert parses == []  # and the cache works again


def test_a_cache_that_cannot_be_written_costs_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    folder = folder_with(tmp_path, legs=LEGS)
    catalog = load(folder, blocker / "routines.json")  # its folder cannot be made
    assert [entry.title for entry in catalog.entries] == ["Legs"]


def test_a_cache_folder_that_is_a_file_or_a_fifo_is_not_read(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, legs=LEGS)
    cache = tmp_path / "routines.json"
    cache.mkdir()  # a folder where the file should be
    assert [entry.title for entry in load(folder, cache).entries] == ["Legs"]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.json"
        os.mkfifo(fifo)  # never opened for writing: a blocking read would hang
        assert [entry.title for entry in load(folder, fifo).entries] == ["Legs"]


def test_a_document_json_cannot_hold_is_parsed_each_time(tmp_path: Path, parses: list[str]) -> None:
    dated = LEGS + "[meta]\nwritten = 2026-12-04\n"  # a date: not JSON
    folder = folder_with(tmp_path, legs=dated)
    cache = tmp_path / "routines.json"
    first = load(folder, cache)
    assert first.entries[0].error is not None  # [meta] is not a routine key
    parses.clear()
    again = load(folder, cache)
    assert str(again.entries[0].error) == str(first.entries[0].error)
    assert len(parses) == 1


def test_broken_routines_keep_their_messages(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, legs=LEGS.replace("reps = 10", "reps = -1"))
    cache = tmp_path / "routines.json"
    first = load(folder, cache)
    again = load(folder, cache)
    assert first.entries[0].error is not None and again.entries[0].error is not None
    assert [str(p) for p in again.entries[0].error.problems] == [
        str(p) for p in first.entries[0].error.problems
    ]


def test_only_this_runs_files_and_recent_others_are_kept(tmp_path: Path) -> None:
    cache = tmp_path / "routines.json"
    documents = Documents(cache)
    for number in range(3):
        documents.put(tmp_path / f"{number}.toml", f"x = {number}", {"x": number})
    documents.save()
    assert len(json.loads(cache.read_text())["files"]) == 3
    again = Documents(cache)
    assert again.get(tmp_path / "1.toml", "x = 1") == {"x": 1}
    assert again.get(tmp_path / "1.toml", "x = 2") is None  # another text: a miss
