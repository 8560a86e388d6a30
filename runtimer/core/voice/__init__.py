"""runtimer's voice: spoken cues through the system's text-to-speech program.

Core package: never imports Textual. On by default when a speech program is found
(`[voice] enabled = "auto"`), off with `enabled = false`. The app uses:

    speaker = find_speaker(config.voice, on_failure=notice)   # None: no voice
    coach = Coach(speaker)
    coach.handle(session.tick(), session)    # after every session call; returns at once
    speaker.set_muted(sound_muted or voice_off)              # `m`, `--mute`, `v`
    speaker.close()                                          # on exit

Modules: `speaker` (finding the program, the argv for each, `Speaker`), `phrases`
(what a coach says for a batch of session events, and `Coach`), `text` (making
text fit to speak), `check` (the structured check `runtimer sound` prints).
"""
