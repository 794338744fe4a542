"""Which printing inks a colour of ours would use: pure black on the black plate, near-blacks on four.

Colours in Banmian are RGB (``#RRGGBB``, swatches included). A print shop's
RIP converts RGB to its four process inks (C, M, Y, K), and turns even
#000000 into a "rich black" of all four: small text then shows coloured
fringes wherever the plates are a hair out of register. InDesign avoids it
with its [黑色] swatch, which is 100 % K. Banmian does the same for pure
black in the print preset's PDF (``editor.render.pdf_colour``), and
preflight warns about small text in a colour that looks black but is not
pure black, since that one still goes to the RIP as RGB and prints on four
plates. The naive conversion here (K = 1 − the brightest channel) is only a
yardstick for "how black is it"; no colour is converted with it.

Registration (套版色, 100 % of every ink) cannot be expressed in the model:
an RGB colour never asks for all four inks, so no text can be in it.
"""

from __future__ import annotations

from editor.layout.display import RGB

PURE_BLACK: RGB = (0.0, 0.0, 0.0)
#: A grey (no hue) at least this dark, in naive K, passes for black on screen and in print
#: (#262626 and darker); the sample's 深灰 #333333 (80 %) is a grey chosen as grey.
NEUTRAL_BLACK_K = 0.85
#: A colour with a hue (naive C + M + Y > 0) at least this dark in naive K is a near-black too.
HUED_BLACK_K = 0.8
#: Naive C + M + Y above this counts as a hue (RGB channels are 1/255 steps).
_HUE_EPSILON = 1e-6


def is_pure_black(color: RGB) -> bool:
    """#000000: drawn as 100 % K alone in a print PDF."""
    return all(channel <= 0.0 for channel in color)


def naive_cmyk(color: RGB) -> tuple[float, float, float, float]:
    """The textbook conversion: K = 1 − max(r, g, b), C = (1 − r − K) / (1 − K) … (no ICC profile)."""
    black = 1.0 - max(color)
    if black >= 1.0:
        return (0.0, 0.0, 0.0, 1.0)
    cyan, magenta, yellow = ((1.0 - channel - black) / (1.0 - black) for channel in color)
    return (cyan, magenta, yellow, black)


def is_rich_black(color: RGB) -> bool:
    """Looks black but is not pure black, so the RIP prints it on all four plates."""
    if is_pure_black(color):
        return False
    cyan, magenta, yellow, black = naive_cmyk(color)
    if cyan + magenta + yellow > _HUE_EPSILON:
        return black >= HUED_BLACK_K
    return black >= NEUTRAL_BLACK_K
