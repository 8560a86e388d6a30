"""The workout log: one TOML file per workout, written the moment each set ends.

`model` holds what a log says, `codec` turns it into TOML (and the history index's
rows) and back with every value checked, `files` names and reads log files, and
`writer` keeps one workout's log on disk while it runs. Import the modules, not this
package: it holds nothing itself.
"""
