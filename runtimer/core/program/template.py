"""A new program from the commented template, for `runtimer new --program NAME`.

Like a new routine (`core.template`): the name is filled in TOML-escaped, the file
goes into the user's programs folder, and nothing is ever overwritten.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from runtimer.core.loader import MAX_NAME
from runtimer.core.safefile import describe_os_error
from runtimer.core.safetext import slugify, terminal_safe
from runtimer.core.template import MAX_FILE_SLUG, NewRoutineError


def program_template_text(name: str) -> str:
    """The commented template with the program's name filled in, TOML-escaped."""
    import tomli_w

    template = resources.files("runtimer.core.program").joinpath("template.toml")
    quoted = tomli_w.dumps({"name": name}).split("=", 1)[1].strip()
    return template.read_text("utf-8").replace("__NAME__", quoted)


def create_program(name: str, folder: Path) -> Path:
    """Write a new program called `name` into `folder` and return its path. Raises
    NewRoutineError (with `usage` set for an empty or too long name)."""
    clean = " ".join(name.split())
    if not clean:
        raise NewRoutineError(
            'give the new program a name, e.g. runtimer new --program "Spring block"',
            usage=True,
        )
    if len(clean) > MAX_NAME:
        raise NewRoutineError(f"keep the program name to {MAX_NAME} characters", usage=True)
    path = folder / f"{slugify(clean, limit=MAX_FILE_SLUG, fallback='program')}.toml"
    shown = terminal_safe(str(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(program_template_text(clean))
    except FileExistsError:
        raise NewRoutineError(f"{shown} already exists; edit it, or choose another name") from None
    except OSError as error:
        raise NewRoutineError(f"cannot write {shown}: {describe_os_error(error)}") from None
    return path
