"""The course's sliders: the S-curve of a one-feature model (notebook 01), the learning rate
(notebook 04), the threshold (notebook 05) and the penalty C (notebook 07).

Each explorer returns an ``ipywidgets.VBox``: ``children[0]`` holds the
sliders, ``children[1]`` is an HTML widget with the numbers in words, and
``children[2]`` an HTML widget with the figure as a PNG ``<img>`` whose ``alt``
text repeats those numbers. Callbacks only set widget values (no ``print``), so
a notebook that displays an explorer passes strict nbval, and a test can move a
slider and read what is shown, with or without a browser.

Every explorer runs the functions the notebooks teach (`gradient_descent`,
`threshold_metrics`, `binary_cross_entropy_from_logits`) and redraws quickly with
`FigureRenderer`: matplotlib's blitting, used without a GUI. A full redraw of a
three-panel figure takes about 100 ms on a small machine; restoring the
background and drawing a marker, a line and a few numbers takes a few
milliseconds, and PNG encoding takes the rest.
"""

import base64
import struct
import zlib
from html import escape

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ._validation import (
    as_binary_labels,
    as_float_array,
    as_probabilities,
    check_both_classes,
    check_C,
    check_in_range,
    check_names,
    check_same_length,
    check_threshold,
)
from .cross_entropy import binary_cross_entropy_from_logits
from .data import CLASS_NAMES
from .fit_loop import describe_run, gradient_descent
from .logistic import sigmoid
from .plots import CLASS_COLOURS, CLASS_MARKERS, PALETTE, draw_confusion_matrix, draw_roc_pr, new_figure
from .regularization import c_sweep, regularization_path
from .thresholds import threshold_metrics

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
        """The current state as ``<img src="data:image/png;base64,..." alt="...">``.

        Parameters
        ----------
        alt : str
            Alternative text describing the image, for screen readers.

        Returns
        -------
        str
            An HTML ``<img>`` element with the PNG inlined.
        """
        data = self.encode(self.draw())
        return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" style="{IMG_STYLE}">'

    def draw(self):
        """Restore the background, draw the moving artists on it, and return the canvas's pixels.

        Returns
        -------
        memoryview
            The canvas's RGBA buffer, valid until the next draw.
        """
        self.canvas.restore_region(self.background)
        for artist in self.moving:
            self.fig.draw_artist(artist)
        return self.canvas.buffer_rgba()

    @staticmethod
    def encode(rgba):
        """`rgba` (what `draw` returns) as a base64 PNG: RGB rows unfiltered, zlib's fastest level.

        Half the time of Pillow's encoder at its fastest level on these figures (which
        also tries a filter per row), and no larger: flat colours compress well unfiltered.

        Parameters
        ----------
        rgba : buffer of shape (height, width, 4), uint8

        Returns
        -------
        str
            The PNG file, base64-encoded.
        """
        pixels = np.asarray(rgba)
        height, width = pixels.shape[:2]
        rows = np.zeros((height, 1 + 3 * width), np.uint8)  # each row: filter type 0 (none), then R, G, B, ...
        rows[:, 1:] = pixels[..., :3].reshape(height, -1)
        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace
        png = PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        return base64.b64encode(png + _chunk(b"IEND", b"")).decode("ascii")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind, data):
    """One PNG chunk: length, type, data, CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def explorer_box(sliders, update):
    """The layout every explorer shares: the sliders in a row, the numbers in words, the figure.

    Parameters
    ----------
    sliders : list of ipywidgets sliders
    update : callable
        Called with no argument now and after every slider move; returns ``(text, img_tag)``.

    Returns
    -------
    ipywidgets.VBox
        ``children`` are the ``HBox`` of sliders, the text and the image (both ``HTML`` widgets).
    """
    text, image = widgets.HTML(), widgets.HTML()

    def refresh(_change=None):
        text.value, image.value = update()

    for slider in sliders:
        slider.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox(sliders), text, image])


_explorer = explorer_box  # its old name, until every module imports explorer_box (descent_explorer on branch nb03)


def nice_top(value):
    """The smallest of 0.8, 1, 2, 5, 10, 20, 50, ... that is at least `value` (a stable y-axis limit).

    Parameters
    ----------
    value : float

    Returns
    -------
    float
    """
    ladder = [0.8] + [m * 10.0**k for k in range(7) for m in (1, 2, 5)]
    return next((top for top in ladder if top >= value), float(value))


LR_RANGE = (1e-4, 100.0)
N_ITER_RANGE = (10, 2000)


def learning_rate_explorer(X, y, learning_rate=0.1, n_iter=1000, C=None):
    """Slide the learning rate (log scale, 1e-4 to 100) and the number of iterations; see the loss curve.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), standardized
    y : array-like of shape (n_samples,), labels 0 or 1
    learning_rate : float, initial slider value
    n_iter : int, initial number of iterations (10 to 2000)
    C : float > 0, np.inf or None, passed to `gradient_descent`

    Returns
    -------
    ipywidgets.VBox
        The two sliders, a sentence describing the run, and the loss curve as an image.

    Notes
    -----
    `learning_rate` and `n_iter` must lie in the sliders' ranges (a ValueError says so otherwise).
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    check_in_range(learning_rate, "learning_rate", LR_RANGE[0], LR_RANGE[1])
    check_in_range(n_iter, "n_iter", N_ITER_RANGE[0], N_ITER_RANGE[1], integer=True)
    C = check_C(C)
    lr = widgets.FloatLogSlider(value=learning_rate, base=10, min=-4, max=2, step=0.25,
                                description="learning rate", readout_format=".4g", continuous_update=False,
                                tooltip="The learning rate of gradient descent (log scale)",
                                style={"description_width": "initial"})
    steps = widgets.IntSlider(value=n_iter, min=10, max=2000, step=10, description="iterations",
                              continuous_update=False, tooltip="How many steps of gradient descent to run",
                              style={"description_width": "initial"})
    fig, ax = new_figure(width=6.4, height=3.6)
    (line,) = ax.plot([], [], color=PALETTE["blue"], linewidth=2)
    ax.set(xlabel="iteration", ylabel="training loss (nats)", title=" ", xlim=(0, n_iter), ylim=(0, 0.8))
    renderer = FigureRenderer(fig, [line, ax.title])
    runs = {}  # learning rate -> the longest run made at it: fewer iterations are its beginning

    def run(rate, n):
        """The loss history of `n` steps at `rate`: from a kept run when one is long enough."""
        if rate in runs and len(runs[rate]) > n:
            return runs[rate][:n + 1]  # the same steps give the same numbers
        ahead = min(2 * n, N_ITER_RANGE[1]) if rate in runs else n  # more steps asked: run ahead for the next ones
        try:
            runs[rate] = gradient_descent(X, y, rate, ahead, C=C)[2]
        except ValueError:  # overflowed later than asked, maybe: run what was asked
            runs[rate] = gradient_descent(X, y, rate, n, C=C)[2]
        return runs[rate][:n + 1]

    def update():
        try:
            history = run(lr.value, steps.value)
        except ValueError as error:  # the loss overflowed (a strong penalty, a huge step): say so, keep the figure
            message = f"learning rate {lr.value:.4g}, {steps.value} iterations: {error}"
            return f"<b>{escape(message)}</b>", renderer.html("Loss curve not drawn. " + message)
        verdict, sentence = describe_run(history)
        right = next(m * 10**k for k in range(5) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
                     if m * 10**k >= 1.05 * (len(history) - 1))  # changes rarely: no full redraw per move
        limits = ((0, right), (0, nice_top(1.05 * float(history.max()))))
        if limits != (ax.get_xlim(), ax.get_ylim()):
            ax.set(xlim=limits[0], ylim=limits[1])
            renderer.redraw_background()
        line.set_data(np.arange(len(history)), history)
        ax.title.set_text(f"learning rate {lr.value:.4g}: {verdict}")
        summary = f"learning rate {lr.value:.4g}, {steps.value} iterations. {sentence}"
        return f"<b>{escape(summary)}</b>", renderer.html("Loss curve. " + summary)

    return explorer_box([lr, steps], update)


def threshold_explorer(y, p, threshold=0.5, cost_fn=None, cost_fp=None, class_names=CLASS_NAMES):
    """Slide the threshold; see the confusion matrix, precision, recall, accuracy, the cost, and ROC/PR markers.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1 (1 = positive)
    p : array-like of shape (n_samples,), probabilities of class 1
    threshold : float in [0, 1], initial slider value
    cost_fn, cost_fp : float > 0 or None, cost of one false negative / false positive
    class_names : pair of str, default=CLASS_NAMES
        Names of class 0 and class 1 in the confusion matrix.

    Returns
    -------
    ipywidgets.VBox
        The slider, the metrics in a sentence, and the figure as an image.
    """
    y, p = as_binary_labels(y), as_probabilities(p)
    check_same_length(y, p, "y", "p")
    check_both_classes(y)  # ROC and precision-recall curves need both classes
    threshold = check_threshold(threshold)
    class_names = check_names(class_names, "class_names")
    first = threshold_metrics(y, p, threshold, cost_fn, cost_fp)  # validates the costs
    slider = widgets.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01, description="threshold",
                                 readout_format=".2f", continuous_update=False,
                                 tooltip="Call a sample positive when its probability is at least this")
    fig, (cm_ax, roc_ax, pr_ax) = new_figure(ncols=3, width=13.0, height=4.0)
    draw_roc_pr(roc_ax, pr_ax, y, p, threshold)
    draw_confusion_matrix(cm_ax, first, class_names)
    cm_ax.images[0].set_clim(0, 1.6 * len(y))  # fixed shading: a cell's darkness is its share of samples
    markers = [roc_ax.lines[-1], pr_ax.lines[-1]]
    for ax in (roc_ax, pr_ax):
        ax.get_legend().get_texts()[0].set_text("chosen threshold")
    renderer = FigureRenderer(fig, [cm_ax.images[0], *cm_ax.texts, cm_ax.title, *markers])
    cells = [("tn", "TN"), ("fp", "FP (false alarm)"), ("fn", "FN (missed)"), ("tp", "TP")]

    def update():
        m = threshold_metrics(y, p, slider.value, cost_fn, cost_fp)
        cm_ax.images[0].set_data([[m["tn"], m["fp"]], [m["fn"], m["tp"]]])
        for text, (key, name) in zip(cm_ax.texts, cells):
            text.set_text(f"{m[key]}\n{name}")
        cm_ax.title.set_text(f"Confusion matrix at threshold {m['threshold']:.2f}")
        markers[0].set_data([m["fp"] / max(1, m["fp"] + m["tn"])], [m["recall"]])
        markers[1].set_data([m["recall"]], [m["precision"]])
        summary = (f"threshold {m['threshold']:.2f}: true positives {m['tp']}, false negatives {m['fn']} "
                   f"(missed {class_names[1]}), false positives {m['fp']}, true negatives {m['tn']}; "
                   f"precision {m['precision']:.3f}, recall {m['recall']:.3f}, accuracy {m['accuracy']:.3f}")
        if "cost" in m:
            summary += f"; cost {m['cost']:g} (a false negative costs {cost_fn:g}, a false positive {cost_fp:g})"
        return escape(summary) + ".", renderer.html("Confusion matrix, ROC and precision-recall curves. " + summary)

    return explorer_box([slider], update)


W_RANGE = (-10.0, 10.0)
B_RANGE = (-5.0, 5.0)


def sigmoid_explorer(x, y, w=1.0, b=0.0, feature_name="x", class_names=CLASS_NAMES):
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
    if np.abs(x).max() > 1e300:
        raise ValueError("x has values beyond 1e300 in size: w x + b would overflow. Standardize x first.")
    for value, name, (low, high) in ((w, "w", W_RANGE), (b, "b", B_RANGE)):
        check_in_range(value, name, low, high)
    if not isinstance(feature_name, str):
        raise TypeError(f"feature_name must be a string (the x axis label), got {type(feature_name).__name__}.")
    class_names = check_names(class_names, "class_names")
    w_slider = widgets.FloatSlider(value=w, min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="w",
                                   readout_format=".1f", continuous_update=False,
                                   tooltip="The weight w: the steepness of the S-curve")
    b_slider = widgets.FloatSlider(value=b, min=B_RANGE[0], max=B_RANGE[1], step=0.1, description="b",
                                   readout_format=".1f", continuous_update=False,
                                   tooltip="The intercept b: shifts the S-curve sideways")

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

    return explorer_box([w_slider, b_slider], update)


C_EXPONENTS = (-3.0, 4.0)
"""The C explorer's range: C from 1e-3 to 1e4, in quarter steps of log10 C."""


def regularization_explorer(X_train, y_train, X_val, y_val, feature_names=None, C=1.0, boundary_features=(0, 1)):
    """Slide C (log scale, 1e-3 to 1e4); see every weight, the losses, and a two-feature boundary at that C.

    The weights at the slider's 29 values of C are fitted once, when the explorer
    is built, by `regularization_path` (Newton's method on the course's penalized
    objective): moving the slider then only redraws (notebook 07). So is a second
    model on two of the features only, drawn as its decision boundary over the
    training samples (`lessons.boundary.BoundaryPanel`): as C falls its boundary
    turns and its probabilities soften.

    Parameters
    ----------
    X_train : array-like of shape (n_samples, n_features), standardized
    y_train : array-like of shape (n_samples,), labels 0 or 1
    X_val : array-like of shape (n_val_samples, n_features), standardized the same way
    y_val : array-like of shape (n_val_samples,), labels 0 or 1
    feature_names : sequence of str or None
    C : float, initial slider value, between 1e-3 and 1e4
    boundary_features : pair of int or str, default=(0, 1)
        The two features of the boundary panel: column numbers, or names from `feature_names`.

    Returns
    -------
    ipywidgets.VBox
        The slider, the losses in a sentence, and the figure as an image.
    """

    X_train = as_float_array(X_train, "X_train", ndim=2)
    low, high = 10 ** C_EXPONENTS[0], 10 ** C_EXPONENTS[1]
    if isinstance(C, bool) or not isinstance(C, (int, float)) or not low <= C <= high:
        raise ValueError(f"C must be a number between 1e-3 and 1e4 (the slider's range), got {C!r}.")
    if feature_names is not None and (isinstance(feature_names, str) or not isinstance(feature_names, (list, tuple))):
        raise TypeError(f"feature_names must be a list of the feature names, got {feature_names!r}.")
    names = list(feature_names) if feature_names is not None else [f"feature {j}" for j in range(X_train.shape[1])]
    if len(names) != X_train.shape[1]:
        raise ValueError(f"feature_names must name the {X_train.shape[1]} features, got {len(names)} names.")
    exponents = np.arange(C_EXPONENTS[0], C_EXPONENTS[1] + 0.125, 0.25)
    Cs = 10.0 ** exponents
    sweep, coefs, _ = c_sweep(X_train, y_train, X_val, y_val, Cs, return_path=True)  # validates everything
    from .boundary import BoundaryPanel  # imported here: lessons.boundary builds on this module

    pair = _feature_pair(boundary_features, names)
    X2, y2 = X_train[:, pair], as_binary_labels(y_train)
    coefs2, intercepts2 = regularization_path(X2, y2, Cs)  # the two-feature model at every C, by Newton's method
    slider = widgets.FloatLogSlider(value=C, base=10, min=C_EXPONENTS[0], max=C_EXPONENTS[1], step=0.25,
                                    description="C", readout_format=".3g", continuous_update=False,
                                    tooltip="The inverse penalty strength C (log scale): smaller = stronger penalty")
    fig = Figure(figsize=(12.0, 7.6), layout="constrained")
    axes = fig.subplot_mosaic([["w", "boundary"], ["w", "loss"]], height_ratios=[1.25, 1])
    w_ax, loss_ax, boundary_ax = axes["w"], axes["loss"], axes["boundary"]
    panel = BoundaryPanel(boundary_ax, X2, y2, (names[pair[0]], names[pair[1]]), CLASS_NAMES)
    rows = np.arange(len(names))
    bars = w_ax.barh(rows, np.zeros(len(names)), color=PALETTE["blue"])
    w_ax.set_yticks(rows, names, fontsize=6)
    w_ax.invert_yaxis()
    w_ax.axvline(0.0, color=PALETTE["black"], linewidth=0.8)
    top = nice_top(1.05 * float(np.abs(coefs).max()))  # fixed limits: a move never redraws the axes
    w_ax.set_xscale("symlog", linthresh=1.0)  # linear within ±1, logarithmic beyond: small and large weights
    w_ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # 10, not 10¹
    w_ax.set(xlabel="weight (standardized features; symmetric log scale)", xlim=(-top, top),
             title=f"The {len(names)} weights at the chosen C (orange > 0, blue < 0)")
    loss_ax.plot(Cs, sweep["train_loss"], color=PALETTE["blue"], linewidth=2, label="training loss")
    loss_ax.plot(Cs, sweep["val_loss"], color=PALETTE["orange"], linewidth=2, linestyle="--", label="validation loss")
    marker = loss_ax.axvline(C, color=PALETTE["vermillion"], linestyle=":", linewidth=2, label="chosen C")
    highest = float(sweep[["train_loss", "val_loss"]].max().max())
    loss_ax.set(xscale="log", xlabel="C (log scale; larger = weaker penalty)", ylabel="mean log loss (nats)",
                title="Loss against C", ylim=(0, nice_top(1.05 * highest)))
    loss_ax.legend(loc="upper center", fontsize=8)
    boundary_ax.set_title("A model of two features only, at the chosen C")  # fixed titles: text is slow to draw
    panel.moving.remove(boundary_ax.title)
    renderer = FigureRenderer(fig, [*bars, marker, *panel.moving])

    def update():
        k = int(np.argmin(np.abs(exponents - np.log10(slider.value))))
        w, row = coefs[k], sweep.iloc[k]
        for bar, value in zip(bars, w):
            bar.set_width(value)
            bar.set_color(PALETTE["orange"] if value > 0 else PALETTE["blue"])
        marker.set_xdata([Cs[k], Cs[k]])
        where = panel.show(coefs2[k], intercepts2[k])
        largest = np.argsort(-np.abs(w))[:3]
        summary = (f"C = {Cs[k]:.3g}: training loss {row['train_loss']:.3f}, validation loss {row['val_loss']:.3f}, "
                   f"validation accuracy {row['val_accuracy']:.3f}, ||w|| = {row['weight_norm']:.2f}; largest weights: "
                   + ", ".join(f"{names[j]} {w[j]:+.2f}" for j in largest)
                   + f". The model on {names[pair[0]]} and {names[pair[1]]} alone at this C: w = "
                   f"({coefs2[k][0]:+.2f}, {coefs2[k][1]:+.2f}), b = {intercepts2[k]:+.2f}; {where}")
        return escape(summary) + ".", renderer.html("Weights, the boundary of a two-feature model, and the loss "
                                                    "against C. " + summary)

    return explorer_box([slider], update)


def _feature_pair(boundary_features, names):
    """The two column numbers `boundary_features` names (numbers, or names from `names`), or raise."""
    if isinstance(boundary_features, str) or not isinstance(boundary_features, (tuple, list)) \
            or len(boundary_features) != 2:
        raise TypeError(f"boundary_features must be a pair of column numbers or feature names, got "
                        f"{boundary_features!r}.")
    pair = []
    for feature in boundary_features:
        if isinstance(feature, str) and feature in names:
            pair.append(names.index(feature))
        elif isinstance(feature, (int, np.integer)) and not isinstance(feature, bool) and 0 <= feature < len(names):
            pair.append(int(feature))
        else:
            raise ValueError(f"boundary_features must name two of the {len(names)} features (a column number "
                             f"from 0 to {len(names) - 1}, or a name from feature_names), got {feature!r}.")
    if pair[0] == pair[1]:
        raise ValueError(f"boundary_features must be two different features, got {boundary_features!r}.")
    return pair
