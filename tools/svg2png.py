#!/usr/bin/env python3
"""Turn snapshot SVGs into PNGs to look at, with the spaces where the terminal has them.

    python tools/svg2png.py tests/__snapshots__/test_snapshots/test_menu[80x24].svg
    python tools/svg2png.py --out /tmp/snaps tests/__snapshots__/*/*.svg

Textual writes each run of same-styled cells as one `<text>` element, spaces as
no-break spaces. rsvg-convert (librsvg) drops the leading spaces of every element
unless the document says `xml:space="preserve"`, so a plain `rsvg-convert` shows
"runtimer  strength training" as "runtimerstrength training" and columns that start
with spaces shifted left: an artefact of the converter, not of the app. This adds
the attribute before converting. Needs `rsvg-convert` (librsvg2-bin) on PATH.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path


def preserved(svg: str) -> str:
    """The document with its spaces kept by any SVG renderer."""
    return svg.replace("<svg ", '<svg xml:space="preserve" ', 1)


def convert(source: Path, target: Path) -> None:
    subprocess.run(
        ["rsvg-convert", "-o", str(target)],
        input=preserved(source.read_text("utf-8")).encode("utf-8"),
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("svgs", nargs="+", type=Path, metavar="SVG")
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp"), help="folder for the PNGs (default /tmp)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for source in args.svgs:
        target = args.out / (source.stem + ".png")
        try:
            convert(source, target)
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"svg2png: {source}: {error}", file=sys.stderr)
            return 1
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
