"""Fast redraws for sliders: draw a figure's fixed parts once, then only the artists that move.

This is matplotlib's blitting, used without a GUI: the explorers in
`lessons.widgets` keep a `FigureRenderer` and call `html` after each slider
move. A full redraw of a three-panel figure takes about 100 ms on a small
machine; restoring the background and drawing a marker, a line and a few
numbers takes a few milliseconds, and PNG encoding takes the rest.
"""

import base64
import io
from html import escape

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

IMG_STYLE = "max-width: 100%; height: auto"
"""Shrink a wide figure to the notebook's width instead of cutting it off."""


class FigureRenderer:
    """Render `fig` to an ``<img>`` tag quickly, redrawing only the `moving` artists.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    moving : list of matplotlib artists
        The artists an update changes (markers, lines, texts, images). Anything
        else (axes, ticks, labels, curves) is drawn once into a background.
        Call `redraw_background` after changing something fixed, such as axis limits.
    dpi : float
        Pixels per inch of the image (fewer pixels encode faster).
    """

    def __init__(self, fig, moving, dpi=80):
        self.fig, self.moving = fig, list(moving)
        fig.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(fig)
        for artist in self.moving:
            artist.set_animated(True)
        self.redraw_background()
        fig.set_layout_engine("none")  # the layout is settled; keep it fixed

    def redraw_background(self):
        """Draw everything but the moving artists, and keep the pixels."""
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def html(self, alt):
        """The current state as ``<img src="data:image/png;base64,..." alt="...">``."""
        self.canvas.restore_region(self.background)
        for artist in self.moving:
            self.fig.draw_artist(artist)
        pixels = np.asarray(self.canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" style="{IMG_STYLE}">'
