"""A new routine from the commented template, for `runtimer new` and the menu's `n`.

The template explains every key; the routine's name is filled in TOML-escaped, and the
file is created only if nothing has that name yet (never overwritten).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from runtimer.core.loader import MAX_NAME
from runtimer.core.safefile import describe_os_error
from runtimer.core.safetext import slugify, terminal_safe

#: Longest file-name part of a new routine's file.
MAX_FILE_SLUG = 60


class NewRoutineError(Exception):
    """Why a routine could not be created; `usage` when the name itself is wrong."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


def template_text(name: str) -> str:
    """The commented template with the routine's name filled in, TOML-escaped."""
    import tomli_w  # only `new` needs it: keep start-up quick

    template = resources.files("runtimer.core").joinpath("template.toml").read_text("utf-8")
    quoted = tomli_w.dumps({"name": name}).split("=", 1)[1].strip()
    return template.replace("__NAME__", quoted)


def routine_file_name(name: str) -> str:
    """`Tuesday legs` -> `tuesday-legs.toml`."""
    return f"{slugify(name, limit=MAX_FILE_SLUG, fallback='routine')}.toml"


def create_routine(name: str, folder: Path) -> Path:
    """Write a new routine called `name` into `folder` and return its path.

    Raises NewRoutineError (with `usage` set for an empty or too long name).
    """
    clean = " ".join(name.split())
    if not clean:
        raise NewRoutineError(
            'give the new routine a name, e.g. runtimer new "Tuesday legs"', usage=True
        )
    if len(clean) > MAX_NAME:
        raise NewRoutineError(f"keep the routine name to {MAX_NAME} characters", usage=True)
    path = folder / routine_file_name(clean)
    shown = terminal_safe(str(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(template_text(clean))
    except FileExistsError:
        raise NewRoutineError(f"{shown} already exists; edit it, or choose another name") from None
    except OSError as error:
        raise NewRoutineError(f"cannot write {shown}: {describe_os_error(error)}") from None
    return path


def copy_for_editing(source: Path, folder: Path) -> Path:
    """A bundled routine, copied into the user's routines folder to be edited there.

    The installed package's file would be lost on the next upgrade (and may not be
    writable); the copy has the same file name, so it replaces the bundled routine in
    the menu. A copy made earlier is kept and edited again, never written over.
    """
    target = folder / source.name
    if target.exists():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        with open(target, "xb") as handle:
            handle.write(data)
    except FileExistsError:
        return target
    except OSError as error:
        shown = terminal_safe(str(target))
        raise NewRoutineError(
            f"cannot copy the routine to {shown}: {describe_os_error(error)}"
        ) from None
    return target
