"""`runtimer completion bash|zsh|fish`: shell completion scripts, made from the parser.

The commands, their options and what each word completes to are read from the
argparse parser itself (`describe`), so a command added to the parser is completed
without touching this file. Routine and program names are not in the script: it asks
`runtimer _routines` or `runtimer _programs` (commands left out of the help) when
they are wanted, so the script stays small and new files complete at once.

What a word completes to is worked out from the parser's own description of it:
an argument whose `dest` is `routine` takes routine names, `program` program names,
one with `choices` takes them, one whose metavar is `DIR` takes folders, and one that
is a path (`type=Path`, or a metavar `FILE` or `PATH`) takes files. A command's
positional arguments complete each in its place: `runtimer program <TAB>` offers the
actions, `runtimer program start <TAB>` the programs.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from runtimer.cli.args import PROGRAMS_COMMAND, ROUTINES_COMMAND
from runtimer.core.catalog import Catalog

if TYPE_CHECKING:
    from runtimer.core.program.catalog import Programs

#: A routine name the scripts can offer as one word.
_WORD = re.compile(r"[\w.+@-]+")


@dataclass(frozen=True)
class Completes:
    """What one word completes to."""

    kind: str  # "routines", "programs", "files", "dirs", "choices" or "" (nothing)
    choices: tuple[str, ...] = ()


NOTHING = Completes("")


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]  # e.g. ("-h", "--help")
    help: str
    value: Completes | None  # None: a flag that takes no value


@dataclass(frozen=True)
class Command:
    name: str  # "" for the words before any command
    help: str
    options: tuple[Option, ...]
    words: tuple[Completes, ...]  # what each of its positional arguments completes to
    repeats: bool = False  # the last one takes any number of words (`check FILE...`)


def _completes(action: argparse.Action) -> Completes:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if action.dest in ("routine", "program"):
        return Completes(f"{action.dest}s")
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return Completes("choices", tuple(str(choice) for choice in action.choices))
    if metavar == "DIR":
        return Completes("dirs")
    if action.type is Path or metavar in ("FILE", "PATH"):
        return Completes("files")
    return NOTHING


def _help(action: argparse.Action | None) -> str:
    text = action.help if action is not None and isinstance(action.help, str) else ""
    return " ".join(text.split()) if text != argparse.SUPPRESS else ""


def _command(name: str, help: str, parser: argparse.ArgumentParser) -> Command:
    options: list[Option] = []
    words: list[Completes] = []
    repeats = False
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            value = None if action.nargs == 0 else _completes(action)
            options.append(Option(tuple(action.option_strings), _help(action), value))
        else:
            words.append(_completes(action))
            repeats = action.nargs in ("*", "+", argparse.REMAINDER)
    return Command(name, help, tuple(options), tuple(words), repeats)


def describe(parser: argparse.ArgumentParser) -> tuple[Command, ...]:
    """The top level (name "") and every command the help lists, in its order.
    Commands added without `help=` (such as `_routines`) are hidden there and here."""
    found = [_command("", "", parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            subparsers: dict[str, argparse.ArgumentParser] = action.choices
            for listed in action._choices_actions:
                name = listed.dest
                if name in subparsers:
                    found.append(_command(name, _help(listed), subparsers[name]))
    return tuple(found)


def _value_options(commands: Iterable[Command]) -> dict[str, Completes]:
    """Every option that takes a value, anywhere, and what its value completes to."""
    values: dict[str, Completes] = {}
    for command in commands:
        for option in command.options:
            if option.value is not None:
                for flag in option.flags:
                    values.setdefault(flag, option.value)
    return values


def _flags(command: Command) -> list[str]:
    return [flag for option in command.options for flag in option.flags]


# ------------------------------------------------------------------------------ bash


def _sh(text: str) -> str:
    """`text` as one single-quoted word for bash and zsh."""
    return "'" + text.replace("'", "'\\''") + "'"


def _fish(text: str) -> str:
    """`text` as one single-quoted word for fish (where `\\` and `\\'` are escapes)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _bash_words(completes: Completes) -> str:
    match completes.kind:
        case "routines" | "programs":
            return (
                f'COMPREPLY=($(compgen -W "$("${{COMP_WORDS[0]}}" {_names(completes)} '
                '2>/dev/null)" -- "$cur"))'
            )
        case "files":
            return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))'
        case "dirs":
            return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))'
        case "choices":
            return f'COMPREPLY=($(compgen -W {_sh(" ".join(completes.choices))} -- "$cur"))'
    return "COMPREPLY=()"


def _names(completes: Completes) -> str:
    """The hidden command that prints the names a word completes to."""
    return ROUTINES_COMMAND if completes.kind == "routines" else PROGRAMS_COMMAND


def _by_place(command: Command, count: str, offer: Callable[[Completes], str]) -> str:
    """Offer what the command's next positional argument completes to, as one `case`
    line on `count` (a shell variable: how many the command line already has)."""
    places = [f"{place})" for place in range(len(command.words))]
    if command.repeats:
        places[-1] = "*)"  # the last argument takes every word after it too
    cases = " ".join(
        f"{place} {offer(word)} ;;" for place, word in zip(places, command.words, strict=True)
    )
    return f'case "{count}" in {cases} esac' if cases else offer(NOTHING)


def bash_script(commands: tuple[Command, ...]) -> str:
    top, subcommands = commands[0], commands[1:]
    values = _value_options(commands)
    skip = "|".join(values) or "--"
    lines = [
        "# bash completion for runtimer. Load it now with",
        "#   source <(runtimer completion bash)",
        "# or for good save it as ~/.local/share/bash-completion/completions/runtimer",
        "_runtimer() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local command="" i n=0',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f"            {skip}) ((i++)) ;;",
        "            -*) ;;",
        '            *) if [[ -z "$command" ]]; then command="${COMP_WORDS[i]}"; '
        "else n=$((n + 1)); fi ;;",
        "        esac",
        "    done",
        '    case "$prev" in',
    ]
    for flag, completes in values.items():
        lines.append(f"        {flag}) {_bash_words(completes)}; return ;;")
    lines += ["    esac", '    case "$command" in']
    names = " ".join(command.name for command in subcommands)
    top_flags = " ".join(_flags(top))
    lines += [
        "        '')",
        '            if [[ "$cur" == -* ]]; then',
        f'                COMPREPLY=($(compgen -W {_sh(top_flags)} -- "$cur"))',
        "            else",
        f'                COMPREPLY=($(compgen -W {_sh(names)} -- "$cur"))',
        "            fi ;;",
    ]
    for command in subcommands:
        lines += [
            f"        {command.name})",
            '            if [[ "$cur" == -* ]]; then',
            f'                COMPREPLY=($(compgen -W {_sh(" ".join(_flags(command)))} -- "$cur"))',
            "            else",
            f"                {_by_place(command, '$n', _bash_words)}",
            "            fi ;;",
        ]
    lines += ["    esac", "}", "complete -F _runtimer runtimer", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------------------- zsh


def _zsh_words(completes: Completes) -> str:
    match completes.kind:
        case "routines" | "programs":
            return f'compadd -- ${{(f)"$(${{words[1]}} {_names(completes)} 2>/dev/null)"}}'
        case "files":
            return "_files"
        case "dirs":
            return "_files -/"
        case "choices":
            return "compadd -- " + " ".join(_sh(choice) for choice in completes.choices)
    return ":"


def zsh_script(commands: tuple[Command, ...]) -> str:
    top, subcommands = commands[0], commands[1:]
    values = _value_options(commands)
    skip = "|".join(values) or "--"
    lines = [
        "#compdef runtimer",
        "# zsh completion for runtimer. Load it now with",
        "#   source <(runtimer completion zsh)",
        "# (after compinit), or for good save it as _runtimer in a folder on $fpath.",
        "_runtimer() {",
        '    local command="" i n=0',
        "    for ((i = 2; i < CURRENT; i++)); do",
        '        case "${words[i]}" in',
        f"            {skip}) ((i++)) ;;",
        "            -*) ;;",
        '            *) if [[ -z "$command" ]]; then command="${words[i]}"; '
        "else n=$((n + 1)); fi ;;",
        "        esac",
        "    done",
        '    case "${words[CURRENT-1]}" in',
    ]
    for flag, completes in values.items():
        lines.append(f"        {flag}) {_zsh_words(completes)}; return ;;")
    lines += ["    esac", "    local -a commands", '    case "$command" in']
    described = " ".join(_sh(f"{c.name}:{c.help}") for c in subcommands)
    lines += [
        "        '')",
        '            if [[ "${words[CURRENT]}" == -* ]]; then',
        "                compadd -- " + " ".join(_sh(flag) for flag in _flags(top)),
        "            else",
        f"                commands=({described})",
        "                _describe command commands",
        "            fi ;;",
    ]
    for command in subcommands:
        lines += [
            f"        {command.name})",
            '            if [[ "${words[CURRENT]}" == -* ]]; then',
            "                compadd -- " + " ".join(_sh(flag) for flag in _flags(command)),
            "            else",
            f"                {_by_place(command, '$n', _zsh_words)}",
            "            fi ;;",
        ]
    lines += [
        "    esac",
        "}",
        'if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then',
        '    _runtimer "$@"',
        "else",
        "    compdef _runtimer runtimer",
        "fi",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ fish


def _fish_words(completes: Completes) -> str:
    match completes.kind:
        case "routines" | "programs":
            return f"-a {_fish(f'(runtimer {_names(completes)} 2>/dev/null)')}"
        case "files":
            return "-F"
        case "dirs":
            return "-a '(__fish_complete_directories)'"
        case "choices":
            return f"-a {_fish(' '.join(completes.choices))}"
    return ""


def _fish_option(condition: str, option: Option) -> str:
    parts = ["complete -c runtimer", condition]
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        elif flag.startswith("-") and len(flag) == 2:
            parts.append(f"-s {flag[1]}")
    if option.value is not None:
        parts.append("-r")
        parts.append(_fish_words(option.value))
    if option.help:
        parts.append(f"-d {_fish(option.help)}")
    return " ".join(part for part in parts if part)


def fish_script(commands: tuple[Command, ...]) -> str:
    top, subcommands = commands[0], commands[1:]
    skip = " ".join(_value_options(commands)) or "--"
    lines = [
        "# fish completion for runtimer. Load it now with",
        "#   runtimer completion fish | source",
        "# or for good: runtimer completion fish > ~/.config/fish/completions/runtimer.fish",
        "complete -c runtimer -f",
        "# The command typed and how many of its arguments, e.g. 'program 1'.",
        "function __runtimer_place",
        "    set -l tokens (commandline -opc)",
        "    set -e tokens[1]",
        "    set -l command ''",
        "    set -l n 0",
        "    set -l skip 0",
        "    for token in $tokens",
        "        if test $skip -eq 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $token",
        f"            case {skip}",
        "                set skip 1",
        "            case '-*'",
        "            case '*'",
        '                if test -z "$command"',
        "                    set command $token",
        "                else",
        "                    set n (math $n + 1)",
        "                end",
        "        end",
        "    end",
        '    echo "$command $n"',
        "end",
        "# Is the word being typed argument PLACE of COMMAND (or a later one, with 'on')?",
        "function __runtimer_at -a command place on",
        "    set -l typed (string split ' ' -- (__runtimer_place))",
        '    test "$typed[1]" = "$command"; or return 1',
        '    if test -n "$on"',
        "        test $typed[2] -ge $place",
        "    else",
        "        test $typed[2] -eq $place",
        "    end",
        "end",
    ]
    first = "-n __fish_use_subcommand"
    lines += [_fish_option(first, option) for option in top.options]
    for command in subcommands:
        lines.append(f"complete -c runtimer {first} -a {command.name} -d {_fish(command.help)}")
    for command in subcommands:
        seen = f"-n {_fish(f'__fish_seen_subcommand_from {command.name}')}"
        lines += [_fish_option(seen, option) for option in command.options]
        for place, word in enumerate(command.words):
            words = _fish_words(word)
            if words:
                on = " on" if command.repeats and place == len(command.words) - 1 else ""
                at = f"-n {_fish(f'__runtimer_at {command.name} {place}{on}')}"
                lines.append(f"complete -c runtimer {at} {words}")
    return "\n".join(lines) + "\n"


SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def completion_script(shell: str, parser: argparse.ArgumentParser) -> str:
    return SCRIPTS[shell](describe(parser))


def routine_names(catalog: Catalog) -> list[str]:
    """What `runtimer start` accepts, as the scripts offer it: each routine's file
    name (`full-body`), sorted, once. Names a shell would split or that hold control
    characters are left out; `runtimer list` shows every routine."""
    return sorted({e.key for e in catalog.entries if _WORD.fullmatch(e.key)})


def print_routine_names(catalog: Catalog, out: TextIO) -> None:
    for name in routine_names(catalog):
        print(name, file=out)


def program_names(programs: Programs) -> list[str]:
    """What `runtimer program start` accepts, as the scripts offer it: each program's
    file name, sorted, once; names a shell would split are left out, as for routines."""
    return sorted({e.key for e in programs.entries if _WORD.fullmatch(e.key)})


def print_program_names(programs: Programs, out: TextIO) -> None:
    for name in program_names(programs):
        print(name, file=out)
