"""The helper process that plays sounds through simpleaudio.

Why a separate process: simpleaudio opens the ALSA device while holding Python's
global interpreter lock. If the device blocks (a sound card held by another program,
a stuck sound server), every thread of the process stops with it, countdown included;
no worker thread can guard against that. In a helper process a stuck device only
stops the helper, which runtimer notices and kills.

Protocol: one JSON array per line each way, one reply per command, in order.
    ["probe", channels, width, rate] -> ["ok"]            play 20 ms of silence
    ["load", event, path]            -> ["ok"]            decode a WAV file once
    ["play", event]                  -> ["played", event, monotonic time started]
    ["wait"]                         -> ["idle"]          all playing sounds ended
    ["quit"]                         -> (exits)
Any command may instead get ["fail", message]. On start the helper says ["hello"] or
["fail", message] if simpleaudio cannot be imported.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from runtimer.core.audio.alsa import silence_alsa_errors

PROBE_SECONDS = 0.02


def main() -> int:
    silence_alsa_errors()
    output = sys.stdout.buffer

    def reply(*parts: object) -> None:
        output.write(json.dumps(parts).encode("utf-8") + b"\n")
        output.flush()

    try:
        import simpleaudio
    except Exception as error:  # ImportError, or a broken build failing to load libasound
        reply("fail", f"cannot import simpleaudio ({error})")
        return 1
    reply("hello")
    clips: dict[str, Any] = {}
    playing: list[Any] = []
    for line in sys.stdin.buffer:
        try:
            command = json.loads(line)
            operation = command[0]
            if operation == "quit":
                break
            if operation == "probe":
                channels, width, rate = (int(value) for value in command[1:4])
                frames = max(1, round(rate * PROBE_SECONDS))
                zero = b"\x80" if width == 1 else b"\x00" * width
                simpleaudio.play_buffer(zero * channels * frames, channels, width, rate).wait_done()
                reply("ok")
            elif operation == "load":
                clips[command[1]] = simpleaudio.WaveObject.from_wave_file(command[2])
                reply("ok")
            elif operation == "play":
                handle = clips[command[1]].play()
                reply("played", command[1], time.monotonic())
                playing.append(handle)
            elif operation == "wait":
                for handle in playing:
                    handle.wait_done()
                playing.clear()
                reply("idle")
            else:
                reply("fail", f"unknown command {operation!r}")
        except Exception as error:
            reply("fail", str(error) or type(error).__name__)
        playing = [handle for handle in playing if handle.is_playing()]
    simpleaudio.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
