"""The voice: which speech program speaks, how it is run, what the coach says, and the
voice line of `runtimer sound`.

The speech programs are fakes on PATH (a Python script named `espeak-ng`, `spd-say`
or `powershell` that writes its argv as a JSON line), except in the one test that
renders a real phrase with the real espeak-ng.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import sys
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from runtimer.cli.sound import sound_report
from runtimer.core.audio import BellBackend
from runtimer.core.config import VoiceConfig
from runtimer.core.plan import RestKind
from runtimer.core.routine import Exercise, Load, Routine, Sides, Warmup
from runtimer.core.session import Event, EventKind, Session
from runtimer.core.state import save_voice
from runtimer.core.voice.phrases import Coach, phrase_for
from runtimer.core.voice.speaker import (
    POWERSHELL_SCRIPT,
    PS_RATE,
    PS_TEXT,
    PS_VOICE,
    Speaker,
    SpeechProgram,
    find_program,
    find_speaker,
    sapi_rate,
    spd_rate,
    speech_command,
)
from runtimer.core.voice.text import MAX_NAME, speakable
from tests.audio_capture import FakeBackend
from tests.fakeclock import FakeClock

K = EventKind

# A speech program that records how it was run, then behaves as the test asks.
FAKE_PROGRAM = """#!{python}
import json, os, sys, time
null = os.stat(os.devnull)
stdin = os.fstat(0)
record = {{
    "argv": sys.argv,
    "pid": os.getpid(),
    "stdin_is_devnull": (stdin.st_dev, stdin.st_ino) == (null.st_dev, null.st_ino),
    "env": {{k: v for k, v in os.environ.items() if k.startswith("RUNTIMER_SPEECH_")}},
}}
with open(os.environ["FAKE_SPEECH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if os.environ.get("FAKE_SPEECH_NOISE"):
    print("NOISE on stdout", flush=True)
    print("ALSA lib: NOISE on stderr", file=sys.stderr, flush=True)
    print(os.environ["FAKE_SPEECH_NOISE"], file=sys.stderr, flush=True)
if sys.argv[1:] != ["-C"]:  # spd-say --cancel returns at once
    time.sleep(float(os.environ.get("FAKE_SPEECH_SLEEP", "0")))
sys.exit(int(os.environ.get("FAKE_SPEECH_EXIT", "0")))
"""

#: Long enough to outlast any test: a fake that sleeps this long is "still speaking".
FOREVER = "60"


class FakeSpeech:
    """Fake speech programs in a folder that is the whole PATH."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.log = folder / "spoken.jsonl"
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("PATH", str(folder))
        monkeypatch.setenv("FAKE_SPEECH_LOG", str(self.log))

    def install(self, name: str) -> str:
        path = self.folder / name
        path.write_text(FAKE_PROGRAM.format(python=sys.executable), encoding="utf-8")
        path.chmod(0o755)
        return str(path)

    def behave(self, *, sleep: str = "0", exit: int = 0, noise: str = "") -> None:
        self.monkeypatch.setenv("FAKE_SPEECH_SLEEP", sleep)
        self.monkeypatch.setenv("FAKE_SPEECH_EXIT", str(exit))
        self.monkeypatch.setenv("FAKE_SPEECH_NOISE", noise)

    def records(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def wait_records(self, count: int) -> list[dict[str, Any]]:
        """The first `count` runs, once they have all started (polled, with a deadline)."""
        wait_until(lambda: len(self.records()) >= count, f"{count} runs of the fake")
        return self.records()[:count]


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeSpeech:
    folder = tmp_path / "bin"
    folder.mkdir()
    return FakeSpeech(folder, monkeypatch)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll for something a subprocess does; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# -- finding the program ---------------------------------------------------------------------


def fake_which(*present: str) -> tuple[Callable[[str], str | None], list[str]]:
    asked: list[str] = []

    def which(name: str) -> str | None:
        asked.append(name)
        return f"/usr/bin/{name}" if name in present else None

    return which, asked


def test_the_first_program_found_in_order_is_used_and_each_is_looked_for_once() -> None:
    which, asked = fake_which("espeak-ng", "espeak")
    lookup = find_program(VoiceConfig(), which=which, platform="linux")
    assert lookup.found == SpeechProgram("espeak-ng", "/usr/bin/espeak-ng")
    assert asked == ["spd-say", "espeak-ng"]
    assert lookup.tried == ("spd-say", "espeak-ng") and lookup.reason == ""

    which, _ = fake_which("spd-say", "espeak-ng")
    assert find_program(VoiceConfig(), which=which).found == SpeechProgram(
        "spd-say", "/usr/bin/spd-say"
    )


def test_say_and_powershell_are_tried_only_on_their_own_systems() -> None:
    which, asked = fake_which("say", "powershell")  # a Linux `say` is some other program
    lookup = find_program(VoiceConfig(), which=which, platform="linux")
    assert lookup.found is None
    assert asked == ["spd-say", "espeak-ng", "espeak"]
    assert lookup.reason == "no speech program found (tried spd-say, espeak-ng, espeak)"
    mac = find_program(VoiceConfig(), which=which, platform="darwin").found
    windows = find_program(VoiceConfig(), which=which, platform="win32").found
    assert (mac and mac.name, windows and windows.name) == ("say", "powershell")


def test_a_program_named_in_the_config_is_the_only_one_tried() -> None:
    which, asked = fake_which("spd-say", "espeak")
    lookup = find_program(VoiceConfig(program="espeak"), which=which, platform="linux")
    assert lookup.found == SpeechProgram("espeak", "/usr/bin/espeak") and asked == ["espeak"]
    which, asked = fake_which("spd-say")
    lookup = find_program(VoiceConfig(program="espeak-ng"), which=which)
    assert lookup.found is None and asked == ["espeak-ng"]
    assert lookup.reason == "espeak-ng is not installed (not found on PATH)"


def test_enabled_false_means_no_speaker_even_with_a_program() -> None:
    which, asked = fake_which("espeak-ng")
    assert find_speaker(VoiceConfig(enabled=False), which=which) is None
    assert asked == []  # not even looked for
    speaker = find_speaker(VoiceConfig(enabled=None, rate=150), which=which, platform="linux")
    assert speaker is not None and speaker.name == "espeak-ng" and speaker.rate == 150
    assert find_speaker(VoiceConfig(enabled=True), which=fake_which()[0]) is None


# -- how each program is run ----------------------------------------------------------------


def test_espeak_ng_gets_rate_voice_and_the_text_as_one_argument_never_an_option(
    fake: FakeSpeech,
) -> None:
    path = fake.install("espeak-ng")
    fake.behave()
    speaker = find_speaker(VoiceConfig(rate=200, voice="en-gb"))
    assert speaker is not None and speaker.program == SpeechProgram("espeak-ng", path)
    with speaker:
        speaker.say("-rf Squats\x1b]0;owned\x07 now")
        [record] = fake.wait_records(1)
    assert record["argv"] == [path, "-s", "200", "-v", "en-gb", "--", "-rf Squats ]0;owned now"]
    assert record["stdin_is_devnull"]


def test_without_rate_or_voice_the_program_uses_its_own(fake: FakeSpeech) -> None:
    path = fake.install("espeak")
    fake.behave()
    with Speaker(SpeechProgram("espeak", path)) as speaker:
        speaker.say("Go.")
        assert fake.wait_records(1)[0]["argv"] == [path, "--", "Go."]


def test_spd_say_waits_for_its_speech_and_a_new_phrase_cancels_the_old(
    fake: FakeSpeech,
) -> None:
    path = fake.install("spd-say")
    fake.behave(sleep=FOREVER)
    speaker = find_speaker(VoiceConfig(rate=170, voice="female1"))
    assert speaker is not None and speaker.name == "spd-say"
    with speaker:
        speaker.say("3.")
        first = fake.wait_records(1)[0]
        speaker.say("2.")
        records = fake.wait_records(3)
    assert first["argv"] == [path, "-w", "-r", "0", "-y", "female1", "--", "3."]
    # speech-dispatcher keeps talking after spd-say dies: it is told to stop first.
    assert [record["argv"][1:] for record in records[1:]] == [
        ["-C"],
        ["-w", "-r", "0", "-y", "female1", "--", "2."],
    ]
    assert gone(first["pid"])


def test_words_per_minute_map_onto_the_relative_scales() -> None:
    assert (spd_rate(170), spd_rate(80), spd_rate(390), spd_rate(400)) == (0, -100, 100, 100)
    assert 0 < spd_rate(200) < spd_rate(300) < 100
    assert sapi_rate(180) == 0
    assert -10 <= sapi_rate(80) < 0 < sapi_rate(400) <= 10


def test_powershell_runs_a_fixed_script_and_gets_the_text_as_data(fake: FakeSpeech) -> None:
    path = fake.install("powershell")
    fake.behave()
    speaker = find_speaker(VoiceConfig(rate=180, voice="Microsoft Zira"), platform="win32")
    assert speaker is not None and speaker.name == "powershell"
    with speaker:
        speaker.say("Plank'); Remove-Item -Recurse C:\\ #")
        [record] = fake.wait_records(1)
    argv = record["argv"]
    assert argv[:4] == [path, "-NoProfile", "-NonInteractive", "-EncodedCommand"]
    assert base64.b64decode(argv[4]).decode("utf-16-le") == POWERSHELL_SCRIPT
    assert len(argv) == 5  # the text is nowhere in the command line
    assert record["env"] == {
        PS_TEXT: "Plank'); Remove-Item -Recurse C:\\ #",
        PS_RATE: "0",
        PS_VOICE: "Microsoft Zira",
    }


def test_macos_say_gets_rate_voice_and_a_dash_text_behind_a_space() -> None:
    command = speech_command(
        SpeechProgram("say", "/usr/bin/say"), "-o /tmp/x", rate=200, voice="Alex"
    )
    assert command.argv == ("/usr/bin/say", "-r", "200", "-v", "Alex", " -o /tmp/x")


def test_text_is_made_fit_to_speak() -> None:
    assert speakable("  Squats\x00\x1b[2J\n\tnow\u202e ") == "Squats [2J now"
    assert speakable("[[volm 0]]Plank") == "volm 0 Plank"  # no macOS `say` commands
    long = "Bulgarian split squat " * 10
    cut = speakable(long, MAX_NAME)
    assert len(cut) <= MAX_NAME and long.startswith(cut) and long[len(cut)] == " "  # a word


# -- never blocking, never garbling, never stuck -------------------------------------------


def test_say_returns_at_once_while_the_program_is_still_speaking(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    fake.behave(sleep="5")
    speaker = Speaker(SpeechProgram("espeak-ng", path))
    started = time.perf_counter()
    speaker.say("Rest. Next: Squats, 10 reps.")
    assert time.perf_counter() - started < 0.5
    record = fake.wait_records(1)[0]
    assert not gone(record["pid"])  # still "speaking"
    speaker.close()  # the app quits: nothing keeps talking
    assert gone(record["pid"])


def test_a_new_phrase_cuts_off_a_stale_one(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    fake.behave(sleep=FOREVER)
    with Speaker(SpeechProgram("espeak-ng", path)) as speaker:
        speaker.say("3.")
        first = fake.wait_records(1)[0]
        speaker.say("2.")
        second = fake.wait_records(2)[1]
        assert gone(first["pid"]) and not gone(second["pid"])
        assert second["argv"][-1] == "2."
        assert speaker.failure is None  # cutting a phrase off is no failure
    assert gone(second["pid"])


def test_a_hung_program_is_killed_after_the_bound(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    fake.behave(sleep=FOREVER)
    clock = FakeClock()
    failures: list[str] = []
    with Speaker(
        SpeechProgram("espeak-ng", path), clock=clock, bound=5, on_failure=failures.append
    ) as speaker:
        speaker.say("Go.")
        pid = fake.wait_records(1)[0]["pid"]
        assert speaker.wait_spawned(10)
        assert not gone(pid)
        clock.advance(6)
        assert speaker.wait_done(10)
        assert gone(pid)
    reason = "espeak-ng was still speaking 5 s after it started, so it was stopped"
    assert speaker.failure == reason and failures == [reason]


def test_the_program_output_never_reaches_the_terminal(
    fake: FakeSpeech, capfd: pytest.CaptureFixture[str]
) -> None:
    path = fake.install("espeak-ng")
    fake.behave(noise="error: no sound card")
    with Speaker(SpeechProgram("espeak-ng", path)) as speaker:
        speaker.say("Go.")
        fake.wait_records(1)
        assert speaker.wait_done(10)
    out, err = capfd.readouterr()
    assert "NOISE" not in out + err and "no sound card" not in out + err


def test_a_failing_program_becomes_a_reason_reported_once(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    fake.behave(exit=3)
    failures: list[str] = []
    with Speaker(SpeechProgram("espeak-ng", path), on_failure=failures.append) as speaker:
        for text in ("3.", "2."):
            speaker.say(text)
            assert speaker.wait_done(10)
    assert failures == ["espeak-ng exited with status 3"]
    assert [record["argv"][-1] for record in fake.records()] == ["3.", "2."]  # still tries


def test_a_program_that_cannot_start_becomes_a_reason(tmp_path: Path) -> None:
    not_a_program = tmp_path / "espeak-ng"
    not_a_program.write_text("not executable")
    with Speaker(SpeechProgram("espeak-ng", str(not_a_program))) as speaker:
        speaker.say("Go.")
        assert speaker.wait_done(10)
    assert speaker.failure == "espeak-ng could not be started (Permission denied)"


def test_a_voice_name_no_program_can_take_is_a_reason_not_a_traceback(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    with Speaker(SpeechProgram("espeak-ng", path), voice="en\x00gb") as speaker:
        speaker.say("Go.")
        assert speaker.wait_done(10)
    assert speaker.failure == "espeak-ng could not be started (embedded null byte)"
    assert fake.records() == []


def test_a_muted_speaker_says_nothing_and_muting_stops_a_phrase(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    fake.behave(sleep=FOREVER)
    with Speaker(SpeechProgram("espeak-ng", path), muted=True) as speaker:
        speaker.say("Go.")
        assert speaker.wait_done(10)
        assert speaker.said == [] and fake.records() == []
        speaker.set_muted(False)
        speaker.say("3.")
        pid = fake.wait_records(1)[0]["pid"]
        speaker.set_muted(True)  # `m` pressed mid-phrase
        assert speaker.wait_done(10)
        assert gone(pid)
        assert [text for _, text in speaker.said] == ["3."]


def test_said_holds_each_phrase_with_its_time(fake: FakeSpeech) -> None:
    path = fake.install("espeak-ng")
    fake.behave()
    clock = FakeClock(500.0)
    with Speaker(SpeechProgram("espeak-ng", path), clock=clock) as speaker:
        speaker.say("10 seconds.")
        clock.advance(7)
        speaker.say("3.\n")
        speaker.say("\x07")  # nothing left to say: not said
        assert speaker.said == [(500.0, "10 seconds."), (507.0, "3.")]


# -- the real voice ----------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_ng_really_speaks_a_phrase(tmp_path: Path) -> None:
    """The argv the app uses, written to a WAV file instead of the sound card."""
    import subprocess

    executable = shutil.which("espeak-ng")
    assert executable is not None
    out = tmp_path / "rest.wav"
    text = speakable("-v Rest. Next: Squats, 10 reps, 8 kilos.")  # `--` keeps `-v` text
    command = speech_command(
        SpeechProgram("espeak-ng", executable), text, rate=170, voice="en", wav=out
    )
    result = subprocess.run(command.argv, capture_output=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    with wave.open(str(out)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
        assert audio.getsampwidth() == 2 and audio.getnchannels() == 1
    assert 1.0 < seconds < 8.0


# -- what the coach says --------------------------------------------------------------------


def coach_routine() -> Routine:
    """Plan: 0 warm-up 60 | 1 row 1L | 2 switch | 3 row 1R | 4 rest 60 | 5 row 2L |
    6 switch | 7 row 2R | 8 rest 90 | 9 plank | 10 rest 60 | 11 lunges."""
    return Routine(
        "Coach",
        (
            Exercise(
                "Dumbbell row",
                sets=2,
                reps=12,
                sides=Sides.EACH,
                rest_between_sets=60,
                rest_after=90,
                load=Load(8, "kg"),
            ),
            Exercise("Plank", sets=1, hold=30, rest_after=60),
            Exercise(
                "Walking lunges", sets=1, reps=12, sides=Sides.ALTERNATING, load=Load(20, "lb", 5)
            ),
        ),
        warmup=Warmup(60),
        switch_sides=5,
    )


def test_a_whole_workout_as_the_runner_hears_it(clock: FakeClock) -> None:
    session = Session(coach_routine(), clock, warning=10)
    coach = Coach(None)
    heard: list[str | None] = []

    def hear(events: list[Event]) -> None:
        heard.append(coach.handle(events, session))

    def wait(seconds: float) -> None:
        clock.advance(seconds)
        hear(session.tick())

    hear([])  # the session starts
    for seconds in (50, 7, 1, 1, 1):  # warm-up: 10 s left, then 3, 2, 1, over
        wait(seconds)
    hear(session.finish_set())  # row, left side
    wait(5)  # the switch pause ends
    hear(session.finish_set())  # row, right side
    hear(session.skip())  # the rest, cut short: the runner pressed the key
    hear(session.finish_set())
    hear(session.skip())
    hear(session.finish_set())
    hear(session.skip())
    hear(session.primary())  # start the plank: get ready, 3
    for seconds in (1, 1, 1, 30):
        wait(seconds)
    hear(session.skip())
    hear(session.finish_set())
    assert heard == [
        "Warm-up.",
        "10 seconds.",
        "3.",
        "2.",
        "1.",
        "Go.",
        "Switch sides.",
        "Go.",
        "Rest. Next: Dumbbell row, left side, 12 reps, 8 kilos.",
        None,
        "Switch sides.",
        None,
        "Rest. Next: Plank, hold 30 seconds.",
        None,
        "3.",
        "2.",
        "1.",
        "Hold 30 seconds.",
        "Rest. Next: Walking lunges, 12 reps each side, 20 pounds.",
        None,
        "Workout complete.",
    ]


def test_the_rest_phrase_says_the_load_as_it_is_now(clock: FakeClock) -> None:
    session = Session(coach_routine(), clock, start_index=3)
    session.set_load(0, 1)
    session.finish_set()  # into the rest before set 2
    assert phrase_for([], session, entered=True) == (
        "Rest. Next: Dumbbell row, left side, 12 reps, 1 kilo."
    )
    session.set_load(0, 0)  # lowered all the way: no load to name
    assert phrase_for([], session, entered=True) == "Rest. Next: Dumbbell row, left side, 12 reps."
    session.set_load(0, 17.5)
    assert phrase_for([], session, entered=False) is None  # nothing happened
    assert phrase_for([], session, entered=True) == (
        "Rest. Next: Dumbbell row, left side, 12 reps, 17.5 kilos."
    )


def test_a_name_from_a_file_is_spoken_clean_and_short(clock: FakeClock) -> None:
    name = "Squats\x1b]0;owned\x07" + " and more" * 20
    routine = Routine("R", (Exercise("Jog", 1, reps=1), Exercise(name, 1, reps=1)))
    session = Session(routine, clock)
    session.finish_set()
    phrase = phrase_for([], session, entered=True)
    assert phrase is not None and phrase.startswith("Rest. Next: Squats ]0;owned and more")
    assert phrase.endswith(", 1 rep.") and phrase.isprintable()
    assert len(phrase) <= len("Rest. Next: ") + MAX_NAME + len(", 1 rep.")


def test_the_second_side_of_a_hold_starts_with_its_seconds(clock: FakeClock) -> None:
    routine = Routine("R", (Exercise("Side plank", 1, hold=20, sides=Sides.EACH),), switch_sides=5)
    session = Session(routine, clock)
    session.primary()
    clock.advance(3 + 20)
    events = session.tick()
    assert session.step is not None and session.step.rest_kind is RestKind.SWITCH_SIDES
    assert phrase_for(events, session, entered=True) == "Switch sides."
    clock.advance(5)
    events = session.tick()  # the pause ends and the hold starts at once
    assert [event.kind for event in events] == [K.REST_ENDED, K.HOLD_STARTED]
    assert phrase_for(events, session, entered=True) == "Hold 20 seconds."


def test_when_several_things_happen_at_once_the_most_important_is_said(
    clock: FakeClock,
) -> None:
    session = Session(coach_routine(), clock, start_index=9)  # the plank
    pip = Event(K.PIP, 9, 0.0, 1)
    warning = Event(K.WARNING, 9, 0.0, 10)
    rest_ended = Event(K.REST_ENDED, 9, 0.0)
    hold_started = Event(K.HOLD_STARTED, 9, 0.0)
    finished = Event(K.FINISHED, 12, 0.0)
    assert phrase_for([pip, warning], session, entered=False) == "10 seconds."
    assert phrase_for([pip, rest_ended], session, entered=False) == "Go."
    assert phrase_for([rest_ended, hold_started], session, entered=False) == "Hold 30 seconds."
    assert phrase_for([hold_started, finished], session, entered=False) == "Workout complete."
    session.skip()  # the plank skipped: into the rest before the lunges
    assert phrase_for([pip, hold_started], session, entered=True) == (
        "Rest. Next: Walking lunges, 12 reps each side, 20 pounds."
    )
    assert phrase_for([finished], session, entered=True) == "Workout complete."


def test_the_coach_speaks_through_its_speaker(fake: FakeSpeech, clock: FakeClock) -> None:
    path = fake.install("espeak-ng")
    fake.behave()
    session = Session(coach_routine(), clock)
    with Speaker(SpeechProgram("espeak-ng", path), clock=clock) as speaker:
        coach = Coach(speaker)
        coach.handle([], session)
        clock.advance(60)
        coach.handle(session.tick(), session)
        coach.handle(session.count_rep(), session)  # nothing to say
        assert speaker.said == [(1000.0, "Warm-up."), (1060.0, "Go.")]
        # "Warm-up." may be cut off before it starts: "Go." is what is said now.
        wait_until(lambda: "Go." in [r["argv"][-1] for r in fake.records()], '"Go." said')


# -- `runtimer sound` ------------------------------------------------------------------------


def report(tmp_path: Path, config: str = "", **voice: Any) -> tuple[int, str]:
    path = tmp_path / "config.toml"
    path.write_text(config)
    out = io.StringIO()
    code = sound_report(
        out,
        config_path=path,
        state_path=tmp_path / "state.toml",
        backends=[FakeBackend(name="aplay"), BellBackend(lambda event: None)],
        voice_platform="linux",
        **voice,
    )
    return code, out.getvalue()


def test_the_sound_check_says_the_voice_it_found_and_that_it_spoke(
    fake: FakeSpeech, tmp_path: Path
) -> None:
    path = fake.install("espeak-ng")
    fake.behave()
    code, text = report(tmp_path, '[voice]\nrate = 170\nvoice = "en-gb"\n')
    assert code == 0
    assert text.endswith(
        "In use: aplay\n\n"
        f'Voice: espeak-ng ({path}), rate 170, voice en-gb: said "runtimer voice check"\n'
    )
    [record] = fake.records()
    assert record["argv"] == [path, "-s", "170", "-v", "en-gb", "--", "runtimer voice check"]


def test_the_sound_check_quotes_what_a_speaking_program_complained_about(
    fake: FakeSpeech, tmp_path: Path
) -> None:
    path = fake.install("espeak-ng")
    fake.behave(noise="error: No such file or directory")
    save_voice(False, tmp_path / "state.toml")
    _, text = report(tmp_path)
    assert text.endswith(
        "\nVoice off in the app: yes (press v in the app to turn it on; said here anyway)\n"
        f'Voice: espeak-ng ({path}), its own rate and voice: said "runtimer voice check", but '
        "it printed: error: No such file or directory (if you heard nothing, check that a "
        "sound device is available)\n"
    )


def test_a_failing_voice_is_reported_with_its_reason_and_does_not_fail_the_check(
    fake: FakeSpeech, tmp_path: Path
) -> None:
    path = fake.install("espeak-ng")
    fake.behave(exit=1, noise="Error: The specified espeak-ng voice does not exist.\x1b[2J")
    code, text = report(tmp_path, '[voice]\nvoice = "nosuch"\n')
    assert code == 0
    assert text.endswith(
        f"Voice: espeak-ng ({path}), its own rate, voice nosuch: failed: exited with status 1: "
        "Error: The specified espeak-ng voice does not exist.\\x1b[2J\n"
    )


def test_a_hung_voice_is_stopped_and_reported(fake: FakeSpeech, tmp_path: Path) -> None:
    path = fake.install("espeak-ng")
    fake.behave(sleep=FOREVER)
    _, text = report(tmp_path, voice_timeout=0.2)
    assert text.endswith(
        f"Voice: espeak-ng ({path}), its own rate and voice: did not finish: still speaking "
        "after 0.2 s, so it was stopped\n"
    )
    assert gone(fake.records()[0]["pid"])


def test_the_sound_check_says_when_there_is_no_voice_and_why(tmp_path: Path) -> None:
    def nothing(name: str) -> str | None:
        return None

    code, text = report(tmp_path, voice_which=nothing)
    assert code == 0
    assert text.endswith(
        "In use: aplay\n\nVoice: no speech program found (tried spd-say, espeak-ng, espeak); "
        "install espeak-ng or speech-dispatcher for spoken cues\n"
    )
    config = tmp_path / "config.toml"
    _, text = report(tmp_path, '[voice]\nprogram = "spd-say"\n', voice_which=nothing)
    assert text.endswith(
        f'\nVoice: spd-say not found on PATH (program = "spd-say" in {config}); remove that '
        "line to use the first speech program found\n"
    )
    _, text = report(tmp_path, "[voice]\nenabled = false\n", voice_which=nothing)
    assert text.endswith(f"In use: aplay\n\nVoice: off (enabled = false in {config})\n")
