"""Programs: a block of 8–12 weeks as a plan that says what to do today.

A program file (`programs/*.toml`, hand-written) names the routines it uses and how
they rotate, its phases, its progression rules and its deloads. `model` is what it
means, `loader` reads and checks it, `catalog` finds the files, `calendar` places
today in the block, `engine` applies the rules to the log (today's targets, each
with its reason), `active` remembers the program under way in the state folder, and
`review` looks back over the block.
"""
