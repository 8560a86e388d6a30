"""The core of runtimer: everything but the terminal UI.

Nothing here imports Textual (a test enforces it), so the routine model and loader,
the plan, the session engine, the workout log and its history, the config and the
audio are usable from the command line and testable in milliseconds.
"""
