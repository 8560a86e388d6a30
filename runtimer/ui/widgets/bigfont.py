"""Big digits in solid block glyphs, sized to the space they are given.

No Textual here: `render(text, width, rows)` is a pure function from the text (digits,
`:`, `/` and space) and a box of terminal cells to the lines to draw, so the scaling can
be tested in milliseconds.

A terminal cell is about twice as tall as it is wide, so with the half blocks `▀` and
`▄` one cell holds one pixel across and two down: a "half-row" is as tall as a column
is wide. Sizes below are in columns across and half-rows down.

The fonts are bitmaps (a 5×7 one and a 3×5 one) whose rows and columns are of two
kinds: stroke (`S`), always the stroke's thickness, and gap (`G`), which share what
is left (at least three quarters of a stroke each). So a digit keeps even strokes
whatever its size: made taller than it is wide it stretches its gaps, not its strokes.

`render` picks the tallest digits that fit the box, then the thickest strokes, then
the widest digits: never taller than three times their width nor wider than the
font's own proportions, with strokes at least two thirds as thick as the digit's
width allows. The big font is tried first, the small one wins only where it draws
taller digits (a narrow box), and when neither fits the text comes back as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: No digit taller than this many times its width (in the same units).
MAX_STRETCH = 3

# Each glyph: its pixel rows (`#` set), with the classes of its rows and columns.
# A glyph whose columns have a gap takes the digit width; one of strokes only is as
# wide as its strokes (the colon, the space).
_BIG_ROWS = "SGGSGGS"
_BIG_COLS = "SGSGS"
_BIG_DIGITS = {
    "0": ["#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####"],
    "1": [".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": ["#####", "....#", "....#", "#####", "#....", "#....", "#####"],
    "3": ["#####", "....#", "....#", ".####", "....#", "....#", "#####"],
    "4": ["#...#", "#...#", "#...#", "#####", "....#", "....#", "....#"],
    "5": ["#####", "#....", "#....", "#####", "....#", "....#", "#####"],
    "6": ["#####", "#....", "#....", "#####", "#...#", "#...#", "#####"],
    "7": ["#####", "....#", "....#", "....#", "....#", "....#", "....#"],
    "8": ["#####", "#...#", "#...#", "#####", "#...#", "#...#", "#####"],
    "9": ["#####", "#...#", "#...#", "#####", "....#", "....#", "#####"],
}
_SMALL_ROWS = "SGSGS"
_SMALL_COLS = "SGS"
_SMALL_DIGITS = {
    "0": ["###", "#.#", "#.#", "#.#", "###"],
    "1": ["##.", ".#.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "###", "#..", "###"],
    "3": ["###", "..#", ".##", "..#", "###"],
    "4": ["#.#", "#.#", "###", "..#", "..#"],
    "5": ["###", "#..", "###", "..#", "###"],
    "6": ["###", "#..", "###", "#.#", "###"],
    "7": ["###", "..#", "..#", "..#", "..#"],
    "8": ["###", "#.#", "###", "#.#", "###"],
    "9": ["###", "#.#", "###", "..#", "###"],
}
# Shared by both fonts: two square dots at a third and two thirds of the height, a
# blank two strokes wide. The slash is drawn as a line (see `_slash`).
_COLON = (["", "#", "", "#", ""], "GSGSG", "S")
_SPACE = (["..", ".."], "GG", "SS")
# The plus of an "at least" target (`8+`): a cross over the middle half, digit-wide.
_PLUS = ([".....", "..#..", ".###.", "..#..", "....."], "GGSGG", "GGSGG")
SLASH_STROKES = 3  # the slash is three strokes wide

CHARACTERS = frozenset("0123456789:/ +")


@dataclass(frozen=True, eq=False)
class Font:
    name: str
    digits: dict[str, list[str]]
    rows: str
    cols: str

    @property
    def min_height(self) -> int:
        """The fewest half-rows a digit can have: one per pixel row."""
        return len(self.rows)


BIG = Font("big", _BIG_DIGITS, _BIG_ROWS, _BIG_COLS)
SMALL = Font("small", _SMALL_DIGITS, _SMALL_ROWS, _SMALL_COLS)
FONTS = (BIG, SMALL)


@dataclass(frozen=True)
class Rendered:
    """What `render` chose and drew.

    `lines` are all `width` characters long and there are `height` of them;
    `spans` give, for each character of the text, the columns its glyph takes
    (start, end), so a caller can colour the slash apart. `glyph_width` and
    `glyph_height` are a digit's size in columns and half-rows, `stroke` the
    thickness of its strokes; all three are 1, 1, 0 for plain text.
    """

    text: str
    font: str  # "big", "small" or "text"
    lines: tuple[str, ...]
    spans: tuple[tuple[int, int, str], ...]
    glyph_width: int
    glyph_height: int
    stroke: int

    @property
    def width(self) -> int:
        return len(self.lines[0]) if self.lines else 0

    @property
    def height(self) -> int:
        return len(self.lines)


def _share(classes: str, total: int, stroke: int) -> list[int]:
    """Sizes of rows (or columns) of these classes adding up to `total`: strokes are
    `stroke`, the gaps share the rest as evenly as whole cells allow."""
    gaps = classes.count("G")
    left = total - stroke * classes.count("S")
    sizes: list[int] = []
    k = 0
    for kind in classes:
        if kind == "S":
            sizes.append(stroke)
        else:
            sizes.append((k + 1) * left // gaps - k * left // gaps)
            k += 1
    return sizes


def _char_width(char: str, digit_width: int, stroke: int) -> int:
    if char == "/":
        return SLASH_STROKES * stroke
    if char == ":":
        return stroke
    if char == " ":
        return 2 * stroke
    return digit_width


def text_width(text: str, digit_width: int, stroke: int) -> int:
    """Columns `text` takes in glyphs of this size, with a stroke's gap between them."""
    if not text:
        return 0
    glyphs = sum(_char_width(char, digit_width, stroke) for char in text)
    return glyphs + stroke * (len(text) - 1)


def _bitmap(
    pixels: list[str], rows: str, cols: str, height: int, stroke: int, width: int
) -> list[list[bool]]:
    row_sizes = _share(rows, height, stroke)
    col_sizes = _share(cols, width, stroke)
    out: list[list[bool]] = []
    for pixel_row, size in zip(pixels, row_sizes, strict=True):
        line: list[bool] = []
        for index, col_size in enumerate(col_sizes):
            on = index < len(pixel_row) and pixel_row[index] == "#"
            line.extend([on] * col_size)
        out.extend([list(line) for _ in range(size)])
    return out


def _slash(height: int, stroke: int) -> list[list[bool]]:
    """A line from the bottom left to the top right, a stroke thick across."""
    width = SLASH_STROKES * stroke
    travel = width - stroke
    out: list[list[bool]] = []
    for y in range(height):
        up = height - 1 - y  # 0 at the bottom
        x = round(up * travel / (height - 1)) if height > 1 else 0
        out.append([x <= column < x + stroke for column in range(width)])
    return out


def _to_cells(bitmap: list[list[bool]]) -> tuple[str, ...]:
    """Two half-rows to a line of full, upper-half, lower-half and blank cells."""
    if len(bitmap) % 2:
        bitmap = [*bitmap, [False] * (len(bitmap[0]) if bitmap else 0)]
    lines: list[str] = []
    for top, bottom in zip(bitmap[::2], bitmap[1::2], strict=True):
        lines.append(
            "".join(
                ("█" if low else "▀") if high else ("▄" if low else " ")
                for high, low in zip(top, bottom, strict=True)
            )
        )
    return tuple(lines)


@lru_cache(maxsize=512)
def glyph(font: Font, char: str, digit_width: int, height: int, stroke: int) -> tuple[str, ...]:
    """The lines of one character's glyph at this size (cached: a countdown draws the
    same few glyphs again and again)."""
    width = _char_width(char, digit_width, stroke)
    if char == "/":
        bitmap = _slash(height, stroke)
    elif char == ":":
        bitmap = _bitmap(*_COLON, height, stroke, width)
    elif char == " ":
        bitmap = _bitmap(*_SPACE, height, stroke, width)
    elif char == "+":
        bitmap = _bitmap(*_PLUS, height, stroke, width)
    else:
        bitmap = _bitmap(font.digits[char], font.rows, font.cols, height, stroke, width)
    return _to_cells(bitmap)


@dataclass(frozen=True)
class Scale:
    font: Font
    digit_width: int
    height: int  # half-rows
    stroke: int


def _thickest(classes: str, length: int) -> int:
    """The thickest stroke rows (or columns) of these classes allow in `length`: the
    gaps keep at least three quarters of a stroke, and every gap at least one cell."""
    strokes, gaps = classes.count("S"), classes.count("G")
    stroke = 4 * length // (4 * strokes + 3 * gaps)
    while stroke > 0 and length - strokes * stroke < gaps:
        stroke -= 1
    return stroke


def _fit(font: Font, shape: str, width: int, rows: int) -> Scale | None:
    """The largest glyphs of `font` for text of this shape (only where its digits,
    colons, slashes and spaces are matters) in `width` columns and `rows` rows."""
    across = len(font.cols)
    down = len(font.rows)
    digits = sum(char.isdigit() or char == "+" for char in shape)  # digit-wide glyphs
    for height in range(2 * rows, font.min_height - 1, -1):
        widest = height * across // down  # no wider than the font's own proportions
        narrowest = max(across, -(-height // MAX_STRETCH))
        for stroke in range(min(_thickest(font.rows, height), _thickest(font.cols, widest)), 0, -1):
            # The digit width is the widest that fits the box, within the bounds above.
            room = (width - text_width(shape, 0, stroke)) // digits if digits else widest
            digit_width = min(widest, room)
            # Thin strokes in wide digits read badly: narrower digits, or shorter ones
            # with thicker strokes, are better than wide ones drawn with a hairline.
            while 2 * _thickest(font.cols, digit_width) > 3 * stroke:
                digit_width -= 1
            if digit_width >= narrowest and _thickest(font.cols, digit_width) >= stroke:
                return Scale(font, digit_width, height, stroke)
    return None


@lru_cache(maxsize=256)
def _choose(shape: str, width: int, rows: int) -> Scale | None:
    """The font and size for text of this shape: the tallest digits any font draws
    in the box, the big font when both are as tall."""
    best: Scale | None = None
    for font in FONTS:
        scale = _fit(font, shape, width, rows)
        if scale is not None and (best is None or scale.height > best.height):
            best = scale
    return best


def _shape(text: str) -> str:
    return "".join("0" if char.isdigit() else char for char in text)


def render(text: str, width: int, rows: int) -> Rendered:
    """`text` in the biggest glyphs that fit `width` columns and `rows` rows.

    Digits, `:`, `/`, `+` and space only; anything else (or a box too small for the
    smallest glyphs) comes back as the text itself, on one line, cut to `width`.
    """
    scale = None
    if text and set(text) <= CHARACTERS and width > 0 and rows > 0:
        scale = _choose(_shape(text), width, rows)
    if scale is None:
        shown = text[: max(width, 0)] if rows > 0 else ""
        spans = tuple((index, index + 1, char) for index, char in enumerate(shown))
        return Rendered(text, "text", (shown,) if shown else (), spans, 1, 1, 0)
    return _draw(text, scale)


@lru_cache(maxsize=64)
def _draw(text: str, scale: Scale) -> Rendered:
    font, digit_width, height, stroke = scale.font, scale.digit_width, scale.height, scale.stroke
    glyphs = [glyph(font, char, digit_width, height, stroke) for char in text]
    gap = " " * stroke
    lines = tuple(gap.join(parts) for parts in zip(*glyphs, strict=True))
    spans: list[tuple[int, int, str]] = []
    x = 0
    for char, drawn in zip(text, glyphs, strict=True):
        spans.append((x, x + len(drawn[0]), char))
        x += len(drawn[0]) + stroke
    return Rendered(text, font.name, lines, tuple(spans), digit_width, height, stroke)
