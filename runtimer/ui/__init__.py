"""The terminal UI: the Textual app, its screens and widgets.

It renders the core's state and turns keys into core calls; no workout logic lives
here.
"""
