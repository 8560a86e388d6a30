"""Reading the workout logs back: past sessions, progress pictures, CSV.

`store` reads the sessions folder (and keeps its index), `report` turns what it read
into the history as data, `wording` holds the words and pictures both `runtimer
history` and the history screen show, `dates` writes days and durations, and
`export` writes every set as CSV. Nothing here ever writes to the sessions folder.
Import the modules, not this package: it holds nothing itself.
"""
