"""The decision boundary under the learner's hand (notebook 04; its panel is reused by notebook 07's C explorer).

`boundary_explorer` replays one recorded run of `gradient_descent` per learning
rate: the iteration slider moves through the run's path, the learning-rate
slider picks (and caches) another run. `BoundaryPanel` draws one frame: the
samples on two features, the probability p = σ(w·x + b) as shading, the
boundary w·x + b = 0 (the p = 0.5 contour), the lines p = 0.1 and p = 0.9, and
w as an arrow from the boundary (its normal: the direction in which p rises
fastest).
"""

from html import escape

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from ._validation import (
    as_binary_labels,
    as_float_array,
    check_both_classes,
    check_in_range,
    check_names,
    check_same_length,
)
from .data import CLASS_NAMES
from .fit_loop import gradient_descent
from .logistic import sigmoid
from .plots import CLASS_COLOURS, CLASS_MARKERS, PALETTE, new_figure
from .widgets import FigureRenderer, explorer_box, nice_top

PROBABILITY_CMAP = LinearSegmentedColormap.from_list("p", [CLASS_COLOURS[0], "#FFFFFF", CLASS_COLOURS[1]])
"""p = 0 in class 0's colour, 0.5 white, 1 in class 1's (Okabe-Ito blue and vermillion)."""
BAND = np.log(9.0)
"""|w·x + b| = ln 9 is where p = 0.1 or 0.9: the band between them is 2 ln 9 / ||w|| wide."""
ITERATION_RANGE = (1, 2000)
EARLIER = (1, 3, 10, 30, 100, 300, 1000)
"""The iterations whose boundaries the explorer keeps on screen, thin and dashed, once they are passed."""
LEARNING_RATE_EXPONENTS = (-2.0, 1.5)
"""The learning-rate slider: 10^-2 to 10^1.5 ≈ 32 in quarter steps of log10."""


def check_two_features(X2, y):
    """`X2` as a float array of shape (n_samples, 2) and `y` as labels of both classes, or raise naming them.

    Parameters
    ----------
    X2 : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,)

    Returns
    -------
    X2 : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    """
    X2 = as_float_array(X2, "X2", ndim=2, shape="(n_samples, 2)")
    if X2.shape[1] != 2:
        raise ValueError(f"X2 must have exactly 2 columns (two features to draw), got shape {X2.shape}.")
    y = as_binary_labels(y)
    check_same_length(X2, y, "X2", "y")
    check_both_classes(y)
    if np.abs(X2).max() > 1e6:
        raise ValueError("X2 has values beyond 1e6 in size: standardize the two features first.")
    return X2, y


class BoundaryPanel:
    """One axes showing the model ``p = σ(w·x + b)`` over the samples on two features.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    X2 : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,), labels 0 or 1
    feature_names, class_names : pair of str
    n_earlier : int, default=0
        How many earlier boundaries `show` can draw as thin dashed lines.

    Attributes
    ----------
    moving : list of matplotlib artists
        What `show` changes, for `FigureRenderer`, in drawing order.
    """

    def __init__(self, ax, X2, y, feature_names, class_names, n_earlier=0):
        self.ax = ax
        low, high = X2.min(axis=0) - 0.5, X2.max(axis=0) + 0.5
        self.centre, self.span = X2.mean(axis=0), float(np.hypot(*(high - low)))
        self.arrow_length = 0.2 * float(min(high - low))
        u, v = np.meshgrid(np.linspace(low[0], high[0], 90), np.linspace(low[1], high[1], 70))
        self.grid = np.column_stack([u.ravel(), v.ravel()])
        self.image = ax.imshow(np.full(u.shape, 0.5), extent=(low[0], high[0], low[1], high[1]), origin="lower",
                               aspect="auto", cmap=PROBABILITY_CMAP, vmin=0.0, vmax=1.0, alpha=0.4,
                               interpolation="bilinear")
        ax.figure.colorbar(self.image, ax=ax, label=f"p = probability of {class_names[1]}", shrink=0.85)
        points = [ax.scatter(*X2[y == cls].T, s=14, c=CLASS_COLOURS[cls], marker=CLASS_MARKERS[cls], alpha=0.8,
                             edgecolors="white", linewidths=0.3, label=class_names[cls]) for cls in (0, 1)]
        self.earlier = [ax.plot([], [], color=PALETTE["black"], linewidth=0.8, linestyle="--", alpha=0.6,
                                label="earlier boundaries" if k == 0 else None)[0] for k in range(n_earlier)]
        (self.boundary,) = ax.plot([], [], color=PALETTE["black"], linewidth=2, label="boundary w·x + b = 0 (p = 0.5)")
        self.bands = [ax.plot([], [], color=PALETTE["black"], linewidth=1, linestyle=":",
                              label="p = 0.1 and p = 0.9" if k == 0 else None)[0] for k in range(2)]
        self.arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", linewidth=2,
                                                                              color=PALETTE["green"]))
        (arrow_key,) = ax.plot([], [], color=PALETTE["green"], linewidth=2, label="w: where p rises fastest")
        ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]), xlabel=feature_names[0], ylabel=feature_names[1],
               title=" ")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, fontsize=7)  # outside: drawn once
        for frame in (*ax.spines.values(), ax.xaxis, ax.yaxis):  # below the shading, as in the fast redraw
            frame.set_zorder(-1)
        self.moving = [self.image, *points, *self.earlier, self.boundary, *self.bands, self.arrow, ax.title]
        del arrow_key  # in the legend only

    def _foot(self, w, level, b):
        """The point of the line w·x + b = level nearest the data's centre."""
        norm = np.hypot(*w)  # not w @ w, which underflows to 0 for |w| below 1e-154 while the norm does not
        return self.centre - (w @ self.centre + b - level) / norm * (w / norm)

    def _line(self, w, level, b):
        """Two points of the line w·x + b = level, far enough apart to cross the whole axes."""
        foot, along = self._foot(w, level, b), np.array([-w[1], w[0]]) / np.hypot(*w)
        return foot - self.span * along, foot + self.span * along

    def show(self, w, b, earlier=()):
        """Redraw for the model with weights `w` (length 2) and intercept `b`.

        Parameters
        ----------
        w : ndarray of shape (2,)
        b : float
        earlier : sequence of (w, b) pairs, at most `n_earlier`
            Earlier models, whose boundaries are drawn thin and dashed.

        Returns
        -------
        str
            Where the boundary is, in words (for the text and the alt text).
        """
        self.image.set_data(sigmoid(self.grid @ w + b).reshape(self.image.get_array().shape))
        for k, line in enumerate(self.earlier):
            line.set_visible(k < len(earlier) and np.hypot(*earlier[k][0]) > 0)
            if line.get_visible():
                line.set_data(*np.transpose(self._line(earlier[k][0], 0.0, earlier[k][1])))
        norm = float(np.hypot(*w))
        shown = norm > 0
        for artist in (self.boundary, *self.bands, self.arrow):
            artist.set_visible(shown)
        if not shown:
            return f"w = 0: every point gets p = σ(b) = {sigmoid(b):.3f}, there is no boundary yet"
        for line, level in ((self.boundary, 0.0), (self.bands[0], -BAND), (self.bands[1], BAND)):
            line.set_data(*np.transpose(self._line(w, level, b)))
        start = self._foot(w, 0.0, b)
        self.arrow.xy, self.arrow.xyann = start + self.arrow_length * w / norm, start
        angle = float(np.degrees(np.arctan2(w[1], w[0])))
        return (f"w points at {angle:.0f}° (0° = along the x axis, 90° = up); the band from p = 0.1 to 0.9 is "
                f"2 ln 9 / ||w|| = {2 * BAND / norm:.2g} wide")


def boundary_explorer(X2, y, learning_rate=1.0, n_iter=500, feature_names=("feature 1", "feature 2"),
                      class_names=CLASS_NAMES):
    """Slide the iteration and the learning rate of a gradient-descent run; see its boundary and loss curve.

    Every frame is a row of the path of one run of
    ``gradient_descent(X2, y, learning_rate, n_iter, return_path=True)`` (no penalty);
    each learning rate is run once, when first chosen, and kept.

    Parameters
    ----------
    X2 : array-like of shape (n_samples, 2)
        Two features, standardized.
    y : array-like of shape (n_samples,), labels 0 or 1 (both present)
    learning_rate : float, initial slider value, between 0.01 and 10^1.5 ≈ 31.6
    n_iter : int, length of each run, 1 to 2000 (the iteration slider starts at its end)
    feature_names, class_names : pair of str
        Axis labels; names of class 0 and class 1.

    Returns
    -------
    ipywidgets.VBox
        The two sliders, the frame in words, and the figure as an image. Its ``frame``
        attribute holds the shown ``iteration``, ``learning_rate``, ``w``, ``b`` and ``loss``.

    Examples
    --------
    >>> box = boundary_explorer([[-1.0, 0.0], [1.0, 0.5], [0.5, -1.0], [-0.5, 1.0]], [0, 1, 1, 0], n_iter=10)
    >>> [slider.description for slider in box.children[0].children]
    ['iteration', 'learning rate']
    >>> box.frame["iteration"]
    10
    """
    X2, y = check_two_features(X2, y)
    low, high = 10 ** LEARNING_RATE_EXPONENTS[0], 10 ** LEARNING_RATE_EXPONENTS[1]
    check_in_range(learning_rate, "learning_rate", low, high)
    check_in_range(n_iter, "n_iter", *ITERATION_RANGE, integer=True)
    feature_names, class_names = check_names(feature_names, "feature_names"), check_names(class_names, "class_names")
    step = widgets.IntSlider(value=n_iter, min=0, max=n_iter, step=1, description="iteration",
                             continuous_update=False, tooltip="Which step of the gradient-descent run to show",
                             style={"description_width": "initial"})
    lr = widgets.FloatLogSlider(value=learning_rate, base=10, min=LEARNING_RATE_EXPONENTS[0],
                                max=LEARNING_RATE_EXPONENTS[1], step=0.25, description="learning rate",
                                readout_format=".3g", continuous_update=False,
                                tooltip="The learning rate of the run (log scale)",
                                style={"description_width": "initial"})
    fig, (ax, loss_ax) = new_figure(ncols=2, width=11.0, height=4.4)
    panel = BoundaryPanel(ax, X2, y, feature_names, class_names, n_earlier=len(EARLIER))
    (curve,) = loss_ax.plot([], [], color=PALETTE["blue"], linewidth=2, label="training loss")
    (marker,) = loss_ax.plot([], [], "o", color=PALETTE["vermillion"], markersize=8, label="shown iteration",
                            clip_on=False)  # whole at the last iteration too
    marker.set_in_layout(False)
    loss_ax.set(xlabel="iteration", ylabel="mean log loss (nats)", title="Loss per iteration", xlim=(0, n_iter),
                ylim=(0, 0.8))
    loss_ax.legend(loc="upper right", fontsize=8)
    renderer = FigureRenderer(fig, [*panel.moving, curve, marker])
    runs, frame = {}, {}  # learning rate -> (history, path) or the error it raised; what is shown

    def run(rate):
        if rate not in runs:
            try:
                _, _, history, path = gradient_descent(X2, y, rate, n_iter, return_path=True)
                runs[rate] = history, path
            except ValueError as error:  # the weights overflowed: say so
                runs[rate] = error
        return runs[rate]

    def update():
        rate, k = float(lr.value), int(step.value)
        recorded = run(rate)
        if isinstance(recorded, ValueError):
            message = f"learning rate {rate:.3g}: {recorded}"
            return f"<b>{escape(message)}</b>", renderer.html("Decision boundary not drawn. " + message)
        history, path = recorded
        if frame.get("learning_rate") != rate:  # another run: new curve, maybe new limits
            top = nice_top(1.05 * float(history.max()))
            if loss_ax.get_ylim() != (0, top):
                loss_ax.set_ylim(0, top)
                renderer.redraw_background()
            curve.set_data(np.arange(len(history)), history)
        w, b, loss = path[k, :2], float(path[k, 2]), float(history[k])
        frame.update(iteration=k, learning_rate=rate, w=w, b=b, loss=loss)
        marker.set_data([k], [loss])
        earlier = [j for j in EARLIER if j < k]
        where = panel.show(w, b, [(path[j, :2], path[j, 2]) for j in earlier])
        if earlier:
            where += f"; dashed: the boundary at iterations {', '.join(map(str, earlier))}"
        accuracy = float(np.mean((X2 @ w + b > 0) == (y == 1)))
        ax.title.set_text(f"Iteration {k}, learning rate {rate:.3g}: ||w|| = {np.hypot(*w):.2f}")
        summary = (f"learning rate {rate:.3g}, iteration {k} of {n_iter}: w = ({w[0]:.3g}, {w[1]:.3g}), "
                   f"b = {b:.3g}, ||w|| = {np.hypot(*w):.3g}, training loss {loss:.3f}, training accuracy "
                   f"{accuracy:.3f}; {where}")
        return escape(summary) + ".", renderer.html("Decision boundary over the samples, and the loss curve. "
                                                    + summary)

    box = explorer_box([step, lr], update)
    box.frame = frame
    return box
