"""A quick reader for the TOML that runtimer itself writes into a log.

tomllib is pure Python: ten thousand logs of 20 sets take about 20 s to parse, and
the history index must be built from them in a few seconds the very first time. A
log runtimer wrote uses a small, regular part of TOML (one `key = value` a line,
bare keys, basic strings without escapes, decimal integers and floats, booleans,
offset date-times, `[[exercise]]`, `[[set]]` and `[[interruption]]` headers, a
program's `[program]` and `[[program.target]]`, whole-line comments), and
`quick_parse` reads exactly that part, about ten times faster.

It never decides what a file means on its own: anything outside that part (a key it
does not know, an escape, a trailing comment, a hand-edited layout, an error of any
kind) returns None, and the caller parses the file with tomllib, which then says
what is wrong with it and where. For what it accepts it gives the very document
tomllib gives (a test holds the two to it, on every log shape the writer makes).
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import datetime
from typing import Any

from runtimer.core.records.model import ExerciseInfo, ProgramRecord, SetRecord, TargetRecord

#: Every key runtimer writes in a log, at any level.
KNOWN_KEYS = frozenset(
    (
        "format",
        "routine",
        "routine_path",
        "routine_sha256",
        "status",
        "started",
        "ended",
        "active_seconds",
        "stopped",
        "resumed",
        *(field.name for field in fields(ExerciseInfo)),
        *(field.name for field in fields(SetRecord)),
        *(field.name for field in fields(ProgramRecord) if field.name != "targets"),
        *(field.name for field in fields(TargetRecord)),
    )
)
_HEADERS = {"[[exercise]]": "exercise", "[[set]]": "set", "[[interruption]]": "interruption"}
_PROGRAM, _TARGETS = "[program]", "[[program.target]]"
# An offset date-time as TOML writes it, to the second (runtimer writes no fractions).
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"  # tomllib's offsets: fromisoformat takes +01:75
)
# A comment as tomllib allows it: no control character but a tab.
_COMMENT = re.compile(r"#[^\x00-\x08\x0a-\x1f\x7f]*")
_from_iso = datetime.fromisoformat


def quick_parse(text: str) -> dict[str, Any] | None:
    """The document, if `text` is only what runtimer writes; else None (use tomllib)."""
    document: dict[str, Any] = {}
    table = document
    known, headers, moment, from_iso = KNOWN_KEYS, _HEADERS, _MOMENT.fullmatch, _from_iso
    for line in text.split("\n"):
        if not line:
            continue
        if line[0] == "#":
            if _COMMENT.fullmatch(line) is None:
                return None
            continue
        key, equals, raw = line.partition(" = ")
        if not equals:
            name = headers.get(line)
            if name is not None:
                tables = document.setdefault(name, [])
            elif line == _PROGRAM and "program" not in document:
                table = document["program"] = {}
                continue
            elif line == _TARGETS and type(document.get("program")) is dict:
                tables = document["program"].setdefault("target", [])
            else:
                return None
            if type(tables) is not list:
                return None
            table = {}
            tables.append(table)
            continue
        if key not in known or key in table or not raw:
            return None
        value: Any
        first = raw[0]
        if first == '"':
            value = raw[1:-1]
            if (
                len(raw) < 2
                or raw[-1] != '"'
                or '"' in value
                or "\\" in value
                or not value.isprintable()
            ):
                return None
        elif raw == "true":
            value = True
        elif raw == "false":
            value = False
        elif len(raw) > 19 and raw[10] == "T":
            if moment(raw) is None:
                return None
            try:
                value = from_iso(raw)
            except ValueError:
                return None  # 2026-02-30 and the like: tomllib says what is wrong
        else:
            whole, dot, fraction = raw.partition(".")
            digits = whole[1:] if whole[:1] == "-" else whole
            if len(raw) > 24 or not (digits.isascii() and digits.isdigit()):
                return None  # no number runtimer writes is that long
            if len(digits) > 1 and digits[0] == "0":
                return None  # 012: tomllib refuses it
            if dot:
                if not (fraction.isascii() and fraction.isdigit()):
                    return None
                value = float(raw)
            else:
                value = int(raw)
        table[key] = value
    return document
