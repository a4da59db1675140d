"""Sliders for w and b of a one-feature model p = σ(w x + b) (notebook 01, ``01_sigmoid.ipynb``).

Built like the explorers in `lessons.widgets`: the function returns an
``ipywidgets.VBox`` whose ``children[0]`` is an HBox of the two sliders,
``children[1]`` an HTML widget with the numbers in words (the mean log loss
of the current w and b), and ``children[2]`` an HTML widget with the figure as a
PNG ``<img>`` whose ``alt`` text repeats them. Callbacks only set widget values.
"""

from html import escape

import ipywidgets as widgets
import numpy as np

from ._validation import as_binary_labels, as_float_array, check_same_length
from .cross_entropy import binary_cross_entropy_from_logits
from .plots import CLASS_COLOURS, CLASS_MARKERS, PALETTE, new_figure
from .render import FigureRenderer
from .sigmoid import sigmoid
from .widgets import _explorer

W_RANGE = (-10.0, 10.0)
B_RANGE = (-5.0, 5.0)


def sigmoid_explorer(x, y, w=1.0, b=0.0, feature_name="x", class_names=("benign", "malignant")):
    """Slide w and b; see the S-curve σ(w x + b) over the samples, its mean log loss and where p = 0.5.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        One feature, best standardized (the sliders cover w in [-10, 10], b in [-5, 5]).
    y : array-like of shape (n_samples,)
        Labels 0 or 1 (1 = positive class).
    w, b : float
        Initial slider values.
    feature_name : str
        Label of the x axis.
    class_names : pair of str
        Names of classes 0 and 1, for the legend.

    Returns
    -------
    ipywidgets.VBox
        ``children[0].children`` are the w and b sliders; ``children[1].value``
        is the text, ``children[2].value`` the ``<img>`` tag.

    Examples
    --------
    Two samples and w = b = 0: both get p = 0.5, so the loss is ln 2.

    >>> box = sigmoid_explorer([-1.0, 1.0], [0, 1], w=0.0, b=0.0)
    >>> "mean log loss 0.6931" in box.children[1].value
    True
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_binary_labels(y)
    check_same_length(x, y, "x", "y")
    for value, name, (low, high) in ((w, "w", W_RANGE), (b, "b", B_RANGE)):
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low:g} and {high:g} (the slider's range), got {value!r}.")
    w_slider = widgets.FloatSlider(value=w, min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="w",
                                   readout_format=".1f", continuous_update=False)
    b_slider = widgets.FloatSlider(value=b, min=B_RANGE[0], max=B_RANGE[1], step=0.1, description="b",
                                   readout_format=".1f", continuous_update=False)

    fig, ax = new_figure(width=6.4, height=3.6)
    for cls in (0, 1):
        ax.scatter(x[y == cls], np.full((y == cls).sum(), float(cls)), s=18, c=CLASS_COLOURS[cls],
                   marker=CLASS_MARKERS[cls], alpha=0.4, label=f"{class_names[cls]} (y = {cls})")
    xs = np.linspace(x.min() - 0.5, x.max() + 0.5, 301)
    (curve,) = ax.plot(xs, sigmoid(w * xs + b), color=PALETTE["black"], linewidth=2, label="p = σ(w x + b)")
    boundary = ax.axvline(0.0, color=PALETTE["green"], linestyle="--", label="p = 0.5")
    ax.axhline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.set(xlim=(xs[0], xs[-1]), ylim=(-0.08, 1.08), xlabel=feature_name, ylabel="probability p of class 1")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(" ")
    renderer = FigureRenderer(fig, [curve, boundary, ax.title])

    def update():
        wv, bv = float(w_slider.value), float(b_slider.value)
        z = wv * x + bv
        value = binary_cross_entropy_from_logits(y, z)
        accuracy = float(np.mean((z > 0) == (y == 1)))
        curve.set_ydata(sigmoid(wv * xs + bv))
        if wv != 0.0:
            x_half = -bv / wv + 0.0  # + 0.0 turns -0.0 into 0.0
            boundary.set_xdata([x_half, x_half])
            boundary.set_visible(True)
            where = f"p = 0.5 at x = −b/w = {x_half:.2f}"
        else:
            boundary.set_visible(False)
            where = f"w = 0 makes the curve flat: every sample gets p = σ(b) = {sigmoid(bv):.3f}"
        ax.title.set_text(f"w = {wv:.2f}, b = {bv:.2f}: mean log loss {value:.4f}")
        summary = (f"w = {wv:.2f}, b = {bv:.2f}: mean log loss {value:.4f} nats, "
                   f"accuracy {accuracy:.3f} at threshold 0.5; {where}.")
        return escape(summary), renderer.html("S-curve over the samples. " + summary)

    return _explorer([w_slider, b_slider], update)
