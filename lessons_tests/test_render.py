"""FigureRenderer's fast redraw gives the same pixels as drawing the whole figure again."""

import base64
import io
import re

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from lessons.plots import new_figure
from lessons.render import FigureRenderer


def pixels_of(img_tag):
    data = re.search(r'base64,([^"]+)"', img_tag).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))


def full_redraw(fig):
    for artist in fig.findobj():
        artist.set_animated(False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3]


def test_fast_redraw_equals_full_redraw():
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], color="grey")
    (marker,) = ax.plot([0.2], [0.2], "o")
    ax.set(title="start", xlabel="x", ylabel="y")
    renderer = FigureRenderer(fig, [marker, ax.title])
    first = pixels_of(renderer.html("a marker"))
    marker.set_data([0.7], [0.4])
    ax.title.set_text("moved")
    moved = pixels_of(renderer.html("a marker"))
    assert not np.array_equal(first, moved)
    np.testing.assert_array_equal(moved, full_redraw(fig))


def test_alt_text_is_escaped():
    fig, ax = new_figure()
    ax.set(title="t", xlabel="x", ylabel="y")
    tag = FigureRenderer(fig, []).html('p < 0.5 & "quoted"')
    assert 'alt="p &lt; 0.5 &amp; &quot;quoted&quot;"' in tag
