"""Keep ALSA's own error lines off the terminal.

libasound prints errors such as `ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown
PCM default` straight to stderr, whoever called it. Inside a full-screen terminal app
those lines land in the middle of the drawing. Installing a do-nothing error handler
through `snd_lib_error_set_handler` silences them; runtimer reports failures itself,
from the error codes, in its own words.

The handler is process-wide. Where libasound is absent (macOS, Windows, a Linux box
without ALSA) there is nothing to silence and this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
from typing import Any

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The variadic tail is never read, so declaring only the fixed arguments is safe.
_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(
    _file: bytes | None, _line: int, _function: bytes | None, _err: int, _fmt: bytes | None
) -> None:
    return None


# Module-level on purpose: libasound keeps only a raw pointer, so the ctypes callback
# object must stay alive as long as the process might call it.
_NO_OP_HANDLER = _HANDLER_TYPE(_ignore)
_lock = threading.Lock()
_library: Any = None
_installed = False


def _load_libasound() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    names = ["libasound.so.2"]
    found = ctypes.util.find_library("asound")
    if found and found not in names:
        names.append(found)
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def silence_alsa_errors() -> bool:
    """Install the no-op ALSA error handler; True if libasound is there and it is set."""
    global _library, _installed
    with _lock:
        if _installed:
            return True
        library = _load_libasound()
        if library is None:
            return False
        try:
            setter = library.snd_lib_error_set_handler
        except AttributeError:
            return False
        setter.argtypes = [_HANDLER_TYPE]
        setter.restype = ctypes.c_int
        if setter(_NO_OP_HANDLER) != 0:
            return False
        _library = library
        _installed = True
        return True


def alsa_errors_silenced() -> bool:
    return _installed
