"""Every figure of the course: the model (sigmoid, losses, finite differences, loss curves, the loss
surface, the decision boundary, the length of the weights) and its decisions (threshold curves, the
confusion matrix, ROC and precision-recall curves).

Every function returns a `matplotlib.figure.Figure` (not managed by pyplot, so
nothing is shown twice and widgets leave no figures behind) with a title and
labelled axes, drawn in the Okabe-Ito colour-blind-safe palette. Nothing here
changes matplotlib's global settings.
"""

import numbers

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.metrics import precision_recall_curve, roc_curve

from ._validation import (
    as_binary_labels,
    as_float_array,
    as_probabilities,
    check_both_classes,
    check_increasing,
    check_integer,
    check_names,
    check_real,
    check_same_length,
    check_threshold,
)
from .cross_entropy import logit_slopes, loss_slice
from .data import CLASS_NAMES
from .logistic import sigmoid, sigmoid_derivative
from .objective import loss_and_gradients
from .thresholds import threshold_metrics

PALETTE = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
           "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000"}
"""Okabe & Ito (2008): distinguishable with every common colour-vision deficiency."""
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]
CLASS_COLOURS = (PALETTE["blue"], PALETTE["vermillion"])  # benign, malignant
CLASS_MARKERS = ("o", "^")  # shape as well as colour
LINE_STYLES = ("-", "--", "-.", ":")
"""Line styles in order, so that curves differ by more than colour."""


def line_styles(n):
    """`n` line styles, cycling through `LINE_STYLES`.

    Parameters
    ----------
    n : int >= 0
        Number of curves.

    Returns
    -------
    list of str
        Matplotlib line styles, length `n`.
    """
    return [LINE_STYLES[i % len(LINE_STYLES)] for i in range(n)]


def new_figure(ncols=1, width=6.4, height=4.0):
    """A Figure with `ncols` axes side by side, and the course's colour cycle.

    Parameters
    ----------
    ncols : int >= 1, default=1
        Number of axes, side by side.
    width, height : float
        Figure size in inches.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes, or an array of `ncols` Axes when ``ncols > 1``
    """
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    for ax in axes:
        ax.set_prop_cycle(color=CYCLE)
    return fig, (axes[0] if ncols == 1 else axes)


def plot_sigmoid(z_min=-8.0, z_max=8.0, show_derivative=True):
    """The S-curve p = σ(z), and its derivative σ(z)(1 − σ(z)) (largest, 0.25, at z = 0).

    Parameters
    ----------
    z_min, z_max : float
        Range of logits z on the x axis.
    show_derivative : bool, default=True
        Also draw σ(z)(1 − σ(z)).

    Returns
    -------
    matplotlib.figure.Figure
    """
    z = np.linspace(*check_increasing(z_min, z_max, "z_min", "z_max"), 401)
    if not isinstance(show_derivative, bool):
        raise TypeError(f"show_derivative must be True or False, got {show_derivative!r}.")
    fig, ax = new_figure()
    ax.plot(z, sigmoid(z), label="σ(z)", linewidth=2)
    if show_derivative:
        ax.plot(z, sigmoid(z) * (1 - sigmoid(z)), label="σ′(z) = σ(z)(1 − σ(z))", linestyle="--")
    ax.axhline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.axvline(0.0, color="grey", linewidth=0.8, linestyle=":")
    ax.set(title="The sigmoid turns any logit z into a probability", xlabel="logit z", ylabel="probability p")
    ax.legend(loc="upper left")
    return fig


def plot_line_fits(x, y, lines, feature_name="x", class_names=CLASS_NAMES):
    """Labels 0 and 1 against one feature, and straight lines ``slope * x + intercept`` fitted to them.

    Notebook 01 asks why the model is not a straight line: the band outside [0, 1] is shaded (no probability
    lives there) and each line's 0.5 crossing is marked with a dotted vertical line of its style.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        One feature.
    y : array-like of shape (n_samples,), labels 0 or 1
    lines : dict
        Maps a label to ``(slope, intercept)``.
    feature_name : str, default="x"
        The x axis label.
    class_names : pair of str, default=CLASS_NAMES
        Names of class 0 and class 1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_line_fits([0.0, 1.0, 2.0, 3.0], [0, 0, 1, 1], {"least squares": (0.4, -0.1)})
    >>> fig.axes[0].get_title()
    'A straight line is not a probability'
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_binary_labels(y)
    check_same_length(x, y, "x", "y")
    if np.abs(x).max() > 1e150:  # matplotlib's autoscale overflows on spans near the float64 limit
        raise ValueError(f"x must lie within ±1e150 to be drawn, got values up to {np.abs(x).max():.3g}.")
    if not isinstance(lines, dict):
        raise TypeError(f"lines must be a dict mapping a label to (slope, intercept), got {type(lines).__name__}.")
    checked = {}
    for label, pair in lines.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"lines[{label!r}] must be a pair (slope, intercept), got {pair!r}.")
        checked[str(label)] = (check_real(pair[0], f"lines[{label!r}] slope"),
                               check_real(pair[1], f"lines[{label!r}] intercept"))
    if not isinstance(feature_name, str):
        raise TypeError(f"feature_name must be a string, got {feature_name!r}.")
    class_names = check_names(class_names, "class_names")
    fig, ax = new_figure(width=6.4, height=4.4)
    low, high = float(x.min()), float(x.max())
    xs = np.array([low, high]) if high > low else np.array([low - 1.0, low + 1.0])
    ax.axhspan(1.0, 2.0, color="grey", alpha=0.15, linewidth=0)
    ax.axhspan(-1.0, 0.0, color="grey", alpha=0.15, linewidth=0, label="outside [0, 1]: not a probability")
    for cls in (0, 1):
        ax.scatter(x[y == cls], y[y == cls], s=18, c=CLASS_COLOURS[cls], marker=CLASS_MARKERS[cls], alpha=0.6,
                   label=f"{class_names[cls]} (y = {cls})")
    colours = [PALETTE[k] for k in ("black", "green", "purple", "sky")] * (len(checked) // 4 + 1)
    for (label, (slope, intercept)), style, colour in zip(checked.items(), line_styles(len(checked)), colours):
        with np.errstate(over="ignore", invalid="ignore"):  # a line off the chart is simply not drawn there
            ys = slope * xs + intercept
            crossing = (0.5 - intercept) / slope if slope != 0 else np.nan
        ax.plot(xs, np.where(np.isfinite(ys), ys, np.nan), linestyle=style, color=colour, linewidth=2, label=label)
        if np.isfinite(crossing) and xs[0] <= crossing <= xs[1]:
            ax.axvline(crossing, color=colour, linestyle=":", linewidth=1.5)
    ax.axhline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.set_ylim(-0.75, 1.75)
    ax.set(title="A straight line is not a probability", xlabel=feature_name, ylabel="label y, or the line's value")
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    return fig


def plot_loss_curves(histories, title="Training loss per iteration", log_y=False):
    """One loss curve per run: `histories` maps a label to a 1-D array of losses.

    Parameters
    ----------
    histories : dict
        Maps a label to a 1-D array of losses, one per iteration.
    title : str
        The axes' title.
    log_y : bool, default=False
        A logarithmic y axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(histories, dict):
        raise TypeError(f"histories must be a dict mapping a label to a 1-D array of losses, got "
                        f"{type(histories).__name__}.")
    if not histories:
        raise ValueError("histories is empty: give at least one run, say {'learning rate 0.1': loss_history}.")
    histories = {label: as_float_array(h, f"histories[{label!r}]", ndim=1, allow_inf=True)
                 for label, h in histories.items()}
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {type(title).__name__}.")
    if not isinstance(log_y, bool):
        raise TypeError(f"log_y must be True or False, got {log_y!r}.")
    if log_y and any((h <= 0).any() for h in histories.values()):
        raise ValueError("log_y=True needs every loss in histories to be > 0.")
    fig, ax = new_figure()
    for (label, history), style in zip(histories.items(), line_styles(len(histories))):
        ax.plot(np.arange(len(history)), history, label=label, linestyle=style, linewidth=2)
    ax.set(title=title, xlabel="iteration", ylabel="training loss (nats)")
    if log_y:
        ax.set_yscale("log")
    ax.legend()
    return fig


def plot_loss_surface(x, y, w_range=(-6, 6), b_range=(-6, 6), path=None, n_grid=60, n_arrows=11,
                      optimum=None):
    """Contours of the loss of a one-feature model p = σ(w x + b) over (w, b), with arrows along −gradient.

    `path`, an optional array of shape (n_steps, 2) of (w, b) pairs, is drawn on top;
    `optimum`, an optional (w, b) pair, is marked with a star.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        The one feature.
    y : array-like of shape (n_samples,), labels 0 or 1
    w_range, b_range : pair of float
        Ranges of w (x axis) and b (y axis).
    path : array-like of shape (n_steps, 2) or None
        (w, b) pairs drawn as a line, e.g. gradient descent's steps.
    n_grid : int
        Grid points per axis for the contours.
    n_arrows : int
        Arrows per axis along −gradient.
    optimum : pair of float or None
        A (w, b) marked with a star.

    Returns
    -------
    matplotlib.figure.Figure
    """
    X = as_float_array(x, "x", ndim=1).reshape(-1, 1)
    y = as_binary_labels(y)
    check_same_length(X, y, "x", "y")
    for value, name in ((w_range, "w_range"), (b_range, "b_range")):
        if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, np.ndarray)) or np.ndim(value) != 1 \
                or len(value) != 2:
            raise TypeError(f"{name} must be a pair (low, high), got {value!r}.")
        check_increasing(*value, f"{name}[0]", f"{name}[1]")
    n_grid = check_integer(n_grid, "n_grid", minimum=2, maximum=1000)
    n_arrows = check_integer(n_arrows, "n_arrows", minimum=2, maximum=1000)
    if path is not None:
        path = as_float_array(path, "path", ndim=2, shape="(n_steps, 2)")
        if path.shape[1] != 2:
            raise ValueError(f"path must have shape (n_steps, 2), one (w, b) pair per row, got {path.shape}.")
    ws, bs = np.linspace(*w_range, n_grid), np.linspace(*b_range, n_grid)
    aw, ab = np.linspace(*w_range, n_arrows), np.linspace(*b_range, n_arrows)
    with np.errstate(over="ignore", invalid="ignore"):  # rows far on their label's side overflow X @ w harmlessly
        L = np.array([[loss_and_gradients(X, y, np.array([w]), b, None)[0] for w in ws] for b in bs])
        grads = [[loss_and_gradients(X, y, np.array([w]), b, None)[1:] for w in aw] for b in ab]
    U = -np.array([[dw[0] for dw, _ in row] for row in grads])
    V = -np.array([[db for _, db in row] for row in grads])
    if not np.isfinite(L).all():
        raise ValueError("the loss overflows on this grid: x (standardize it), w_range or b_range are too large.")
    if not (np.isfinite(U).all() and np.isfinite(V).all()):
        raise ValueError("the gradient overflows on this grid: x (standardize it), w_range or b_range are too large.")
    fig, ax = new_figure(width=6.4, height=5.0)
    contours = ax.contour(ws, bs, L, levels=15, cmap="viridis")
    ax.clabel(contours, fontsize=7, fmt="%.2f")
    ax.quiver(aw, ab, U, V, color=PALETTE["black"], alpha=0.6, angles="xy")
    if path is not None:
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], color=PALETTE["vermillion"], marker=".", label="gradient descent")
    if optimum is not None:
        ax.plot(*optimum, linestyle="none", marker="*", markersize=14, color=PALETTE["blue"], label="minimum")
    if path is not None or optimum is not None:
        ax.legend(loc="upper right")
    ax.set(title="Loss surface: arrows point downhill (−gradient)", xlabel="weight w", ylabel="intercept b")
    return fig


def plot_decision_boundary(X2, y, boundaries, feature_names=("feature 1", "feature 2"),
                           class_names=CLASS_NAMES):
    """Samples on two features, coloured and shaped by class, and the lines w·x + b = 0.

    `boundaries` maps a label (say "iteration 10") to ``(w, b)`` with w of length 2.

    Parameters
    ----------
    X2 : array-like of shape (n_samples, 2)
        Two features.
    y : array-like of shape (n_samples,), labels 0 or 1
    boundaries : dict
        Maps a label to ``(w, b)``, w of length 2; each is drawn as the line w·x + b = 0.
    feature_names : pair of str
        Axis labels.
    class_names : pair of str, default=CLASS_NAMES
        Names of class 0 and class 1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    X2 = as_float_array(X2, "X2", ndim=2, shape="(n_samples, 2)")
    if X2.shape[1] != 2:
        raise ValueError(f"X2 must have exactly 2 columns (two features to draw), got shape {X2.shape}.")
    y = as_binary_labels(y)
    check_same_length(X2, y, "X2", "y")
    if not isinstance(boundaries, dict):
        raise TypeError(f"boundaries must be a dict mapping a label to (w, b), got {type(boundaries).__name__}.")
    checked = {}
    for label, pair in boundaries.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"boundaries[{label!r}] must be a pair (w, b), got {pair!r}.")
        w = as_float_array(pair[0], f"boundaries[{label!r}] w").ravel()
        if w.shape != (2,):
            raise ValueError(f"boundaries[{label!r}] w must hold 2 weights, got shape {w.shape}.")
        checked[label] = (w, check_real(pair[1], f"boundaries[{label!r}] b"))
    boundaries = checked
    feature_names, class_names = check_names(feature_names, "feature_names"), check_names(class_names, "class_names")
    fig, ax = new_figure(width=6.4, height=5.0)
    for cls in (0, 1):
        ax.scatter(*X2[y == cls].T, s=18, c=CLASS_COLOURS[cls], marker=CLASS_MARKERS[cls],
                   alpha=0.7, label=class_names[cls])
    xs = np.linspace(X2[:, 0].min(), X2[:, 0].max(), 2)
    for (label, (w, b)), style in zip(boundaries.items(), line_styles(len(boundaries))):
        w = np.asarray(w, dtype=float).ravel()
        if abs(w[1]) > 1e-12:
            with np.errstate(over="ignore", invalid="ignore"):  # a line off the chart is simply not drawn
                ax.plot(xs, -(w[0] * xs + b) / w[1], linestyle=style, color=PALETTE["black"], label=label)
    ax.set_ylim(X2[:, 1].min() - 0.5, X2[:, 1].max() + 0.5)
    ax.set(title="Decision boundary: where p = 0.5", xlabel=feature_names[0], ylabel=feature_names[1])
    ax.legend(loc="best", fontsize=8)
    return fig


def plot_loss_comparison(z_min=-10.0, z_max=10.0):
    """Log loss against squared error for a positive sample (y = 1): the loss, and its slope in z.

    Left: each loss as a function of the probability p. Right: the size of each
    loss's slope with respect to the logit z (from `lessons.cross_entropy.logit_slopes`):
    when the model is confidently wrong (z far below 0), the log loss still
    pushes with slope about 1 while squared error's slope fades to 0.

    Parameters
    ----------
    z_min, z_max : float
        Range of logits on the right panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_loss_comparison()
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['predicted probability p (true label y = 1)', 'logit z (true label y = 1)']
    """
    p = np.linspace(0.001, 1.0, 400)
    z = np.linspace(*check_increasing(z_min, z_max, "z_min", "z_max"), 401)
    log_slope, se_slope = logit_slopes(np.ones_like(z), z)
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=4.0)
    left.plot(p, -np.log(p), label="log loss  −ln p", linewidth=2)
    left.plot(p, (1 - p) ** 2, label="squared error  (1 − p)²", linewidth=2, linestyle="--")
    left.set(title="The loss: log loss explodes near p = 0", xlabel="predicted probability p (true label y = 1)",
             ylabel="loss for one sample", ylim=(0, 5))
    left.legend(loc="upper right")
    right.plot(z, np.abs(log_slope), label="log loss: |p − y|", linewidth=2)
    right.plot(z, np.abs(se_slope), label="squared error:\n|2(p − y) p (1 − p)|", linewidth=2, linestyle="--")
    right.axvline(0.0, color="grey", linewidth=0.8, linestyle=":")
    right.set(title="Its slope in z: squared error goes flat when wrong", xlabel="logit z (true label y = 1)",
              ylabel="size of the slope |∂loss/∂z|", ylim=(0, 1.05))
    right.legend(loc="upper right", fontsize=9)
    return fig


def plot_loss_slice(x, y, w, b=0.0):
    """Mean squared error and mean log loss of ``p = σ(w x + b)`` along the weight w, `b` held fixed.

    Two panels from `lessons.cross_entropy.loss_slice`: squared error on the left, log
    loss on the right. Where a curve bends downward (its second difference is
    negative: it is not convex there) the panel is shaded.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        The one feature.
    y : array-like of shape (n_samples,), labels 0 or 1
    w : array-like of shape (n_weights,)
        Increasing, evenly spaced weights (at least 3) for the x axis.
    b : float, default=0.0
        The intercept, held fixed.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_loss_slice([-1.0, 0.5, 2.0], [0, 1, 1], np.linspace(-5, 5, 11))
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['weight w (b = 0 held fixed)', 'weight w (b = 0 held fixed)']
    """
    log_losses, squared_errors = loss_slice(x, y, w, b)
    w = np.asarray(w, dtype=float)
    if len(w) < 3:
        raise ValueError(f"w must hold at least 3 weights (a curve and its bends), got {len(w)}.")
    if np.abs(w).max() > 1e6:
        raise ValueError(f"w must lie within ±1e6 to be drawn on an axis, got up to {np.abs(w).max():.3g}.")
    if not (np.diff(w) > 0).all():
        raise ValueError("w must be increasing, for the x axis.")
    if log_losses.max() > 1e300:
        raise ValueError("the log loss along w exceeds 1e300, too large to draw: x, w or b are too large.")
    b = float(b)
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=4.0)
    panels = ((left, squared_errors, "Mean squared error along w", "mean squared error", PALETTE["vermillion"], "--"),
              (right, log_losses, "Mean log loss along w", "mean log loss (nats)", PALETTE["blue"], "-"))
    for ax, values, title, ylabel, colour, style in panels:
        bends_down = np.diff(values, 2) < 0
        if bends_down.any():
            ax.fill_between(w[1:-1], 0, 1, where=bends_down, transform=ax.get_xaxis_transform(),
                            color=PALETTE["orange"], alpha=0.3, linewidth=0, label="bends downward: not convex")
        ax.plot(w, values, color=colour, linestyle=style, linewidth=2, label=ylabel)
        ax.set(title=title, xlabel=f"weight w (b = {b:g} held fixed)", ylabel=ylabel, ylim=(0, None))
        ax.legend(loc="upper right", fontsize=9)
    return fig


def plot_finite_difference_error(x=1.0, h_min=1e-13, h_max=1e-1):
    """How accurate are finite differences? Error of the slope of the sigmoid at `x`, against the step h.

    Compares the one-sided difference ``(σ(x + h) − σ(x)) / h`` and the central
    difference ``(σ(x + h) − σ(x − h)) / 2h`` with the exact slope σ(x)(1 − σ(x)),
    on log-log axes. For large h the truncation error dominates (slope 1 for
    one-sided, 2 for central); for tiny h the rounding error of about 1e-16 / h does.

    Parameters
    ----------
    x : float
        Where to take the slope.
    h_min, h_max : float > 0
        Range of step sizes.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_finite_difference_error()
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    """
    x = check_real(x, "x")
    h_min, h_max = check_increasing(h_min, h_max, "h_min", "h_max", positive=True)
    if abs(x) + h_max > 700:
        raise ValueError(f"x and h_max must keep x ± h within [-700, 700] (the sigmoid is flat beyond), got "
                         f"x={x!r}, h_max={h_max!r}.")
    h = np.logspace(np.log10(h_min), np.log10(h_max), 61)
    exact = sigmoid_derivative(x)
    one_sided = np.abs((sigmoid(x + h) - sigmoid(x)) / h - exact)
    central = np.abs((sigmoid(x + h) - sigmoid(x - h)) / (2 * h) - exact)
    floor = 1e-17  # an error of exactly 0 cannot be drawn on a log axis
    fig, ax = new_figure()
    ax.loglog(h, np.maximum(one_sided, floor), label="one-sided  (f(x + h) − f(x)) / h", linewidth=2)
    ax.loglog(h, np.maximum(central, floor), label="central  (f(x + h) − f(x − h)) / 2h", linewidth=2,
              linestyle="--")
    ax.set(title=f"Finite-difference error for the slope of σ at x = {x:g}", xlabel="step size h",
           ylabel="|estimate − exact slope|", ylim=(1e-13, 1))
    ax.legend(loc="upper left")
    return fig


def plot_threshold_curve(sweep, threshold=None, metrics=("accuracy", "precision", "recall", "f1")):
    """Metrics against the threshold, from a `threshold_sweep` DataFrame; a dotted line at `threshold`.

    Parameters
    ----------
    sweep : pandas.DataFrame
        As `threshold_sweep` returns it.
    threshold : float in [0, 1] or None
        Where to draw the dotted line.
    metrics : sequence of str
        Columns of `sweep` to plot.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(sweep, pd.DataFrame):
        raise TypeError(f"sweep must be the DataFrame threshold_sweep returns, got {type(sweep).__name__}.")
    metrics = (metrics,) if isinstance(metrics, str) else metrics
    if not isinstance(metrics, (tuple, list)) or not metrics:
        raise TypeError(f"metrics must be a non-empty tuple of column names of sweep, got {metrics!r}.")
    missing = [m for m in ["threshold", *metrics] if not isinstance(m, str) or m not in sweep.columns]
    if missing or sweep.empty:
        raise ValueError(f"sweep must be a non-empty threshold_sweep DataFrame with columns threshold and "
                         f"{list(metrics)}; missing {missing}.")
    if threshold is not None:
        threshold = check_threshold(threshold)
    fig, ax = new_figure()
    for metric, style in zip(metrics, line_styles(len(metrics))):
        ax.plot(sweep["threshold"], sweep[metric], label=metric, linestyle=style, linewidth=2)
    if threshold is not None:
        ax.axvline(threshold, color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.set(title="Every threshold trades precision for recall", xlabel="threshold", ylabel="score", ylim=(0, 1.02))
    ax.legend(loc="lower center", ncols=len(metrics), fontsize=8)
    return fig


def draw_confusion_matrix(ax, metrics, class_names=CLASS_NAMES):
    """Draw the 2×2 counts of a `threshold_metrics` dict on `ax` (rows: truth, columns: prediction).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    metrics : dict
        As `threshold_metrics` returns it.
    class_names : pair of str, default=CLASS_NAMES
        Names of class 0 and class 1.
    """
    check_metrics(metrics)
    class_names = check_names(class_names, "class_names")
    counts = np.array([[metrics["tn"], metrics["fp"]], [metrics["fn"], metrics["tp"]]])
    ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(1, counts.max()) * 1.6)
    names = [["TN", "FP (false alarm)"], ["FN (missed)", "TP"]]
    for i in range(2):
        for j in range(2):
            ax.text(j, i, f"{counts[i, j]}\n{names[i][j]}", ha="center", va="center", fontsize=10)
    ax.set_xticks([0, 1], [f"predicted {c}" for c in class_names])
    ax.set_yticks([0, 1], [f"truly {c}" for c in class_names])
    ax.set(title=f"Confusion matrix at threshold {metrics['threshold']:.2f}", xlabel="prediction", ylabel="truth")


def check_metrics(metrics):
    """Raise naming `metrics` unless it is a `threshold_metrics` dict: counts tp, fp, fn, tn and a threshold.

    Parameters
    ----------
    metrics : object
        What should be a `threshold_metrics` dict.
    """
    if not isinstance(metrics, dict):
        raise TypeError(f"metrics must be the dict threshold_metrics returns, got {type(metrics).__name__}.")
    missing = [key for key in ("tp", "fp", "fn", "tn", "threshold") if key not in metrics]
    if missing:
        raise ValueError(f"metrics must be the dict threshold_metrics returns; it has no {missing}.")
    for key in ("tp", "fp", "fn", "tn"):
        value = metrics[key]
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
            raise ValueError(f"metrics[{key!r}] must be a count (an integer >= 0), got {value!r}.")
    check_threshold(metrics["threshold"], "metrics['threshold']")


def plot_confusion_matrix(metrics, class_names=CLASS_NAMES):
    """The confusion matrix of a `threshold_metrics` dict as a Figure.

    Parameters
    ----------
    metrics : dict
        As `threshold_metrics` returns it.
    class_names : pair of str, default=CLASS_NAMES
        Names of class 0 and class 1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=4.8, height=4.0)
    draw_confusion_matrix(ax, metrics, class_names)
    return fig


def draw_roc_pr(roc_ax, pr_ax, y, p, threshold=None):
    """Draw the ROC curve on `roc_ax` and the precision-recall curve on `pr_ax`; markers at `threshold`.

    Parameters
    ----------
    roc_ax, pr_ax : matplotlib.axes.Axes
        Where to draw the ROC and the precision-recall curve.
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1
    threshold : float in [0, 1] or None
        Where to put the markers.
    """
    y, p = as_binary_labels(y), as_probabilities(p)
    check_same_length(y, p, "y", "p")
    check_both_classes(y)
    if threshold is not None:
        threshold = check_threshold(threshold)
    fpr, tpr, _ = roc_curve(y, p)
    precision, recall, _ = precision_recall_curve(y, p)
    roc_ax.plot(fpr, tpr, color=PALETTE["blue"], linewidth=2)
    roc_ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    roc_ax.set(title="ROC curve", xlabel="false positive rate", ylabel="true positive rate (recall)")
    pr_ax.plot(recall, precision, color=PALETTE["orange"], linewidth=2, drawstyle="steps-post")
    pr_ax.set(title="Precision-recall curve", xlabel="recall", ylabel="precision", ylim=(0, 1.02))
    if threshold is not None:
        m = threshold_metrics(y, p, threshold)
        label = f"threshold {threshold:.2f}"
        roc_ax.plot([m["fp"] / max(1, m["fp"] + m["tn"])], [m["recall"]], "o", color=PALETTE["vermillion"],
                    markersize=9, label=label)
        pr_ax.plot([m["recall"]], [m["precision"]], "o", color=PALETTE["vermillion"], markersize=9, label=label)
        roc_ax.legend(loc="lower right")
        pr_ax.legend(loc="lower left")


def plot_roc_pr(y, p, threshold=None):
    """ROC and precision-recall curves side by side; a marker where `threshold` sits on each.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1
    threshold : float in [0, 1] or None
        Where to put the markers.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (roc_ax, pr_ax) = new_figure(ncols=2, width=9.6, height=4.0)
    draw_roc_pr(roc_ax, pr_ax, y, p, threshold)
    return fig


def plot_weight_norms(n_iters, norms, reference=None):
    """Length ``||w||`` of the weights against the number of gradient steps (log x axis), one line per run.

    Parameters
    ----------
    n_iters : array-like of shape (n_points,), step counts
    norms : dict
        Maps a label (say ``"no penalty"``) to an array of shape (n_points,), as
        returned by `lessons.weight_norms`.
    reference : dict or None
        Maps a label to a number drawn as a horizontal dotted line (say, the
        norm of scikit-learn's solution).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_weight_norms([1, 10, 100], {"no penalty": [0.5, 2.0, 4.0]})
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_xlabel()
    ('log', 'gradient-descent steps (log scale)')
    """
    if not isinstance(norms, dict) or not isinstance({} if reference is None else reference, dict):
        raise TypeError("norms (and reference, if given) must be dicts mapping a label to values, "
                        f"got {type(norms).__name__} and {type(reference).__name__}.")
    n_iters = as_float_array(n_iters, "n_iters", ndim=1, shape="(n_points,)")
    if (n_iters <= 0).any():
        raise ValueError("n_iters must be step counts > 0 (they are drawn on a log scale).")
    fig, ax = new_figure()
    for (label, values), style in zip(norms.items(), line_styles(len(norms))):
        values = as_float_array(values, f"norms[{label!r}]")
        if values.shape != n_iters.shape:
            raise ValueError(f"norms[{label!r}] must have one value per entry of n_iters ({n_iters.shape}), "
                             f"got shape {values.shape}.")
        ax.plot(n_iters, values, label=label, linestyle=style, marker="o", linewidth=2)
    for label, value in ({} if reference is None else reference).items():
        value = check_real(value, f"reference[{label!r}]")
        ax.axhline(value, color=PALETTE["black"], linestyle=":", linewidth=1.5, label=label)
    ax.set_xscale("log")
    ax.set(title="Length of the weight vector as gradient descent runs", xlabel="gradient-descent steps (log scale)",
           ylabel="||w||", ylim=(0, None))
    ax.legend(loc="upper left")
    return fig


def plot_c_sweep(sweep):
    """Validation log loss and accuracy against C (log x axis), from a `lessons.c_sweep` DataFrame.

    Left: training and validation mean log loss. Right: validation accuracy. Log
    loss sees over-confident mistakes that accuracy, which only counts them, hides.

    Parameters
    ----------
    sweep : pandas.DataFrame
        As `c_sweep` returns it: columns ``C``, ``train_loss``, ``val_loss``, ``val_accuracy``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> fig = plot_c_sweep(pd.DataFrame({"C": [0.1, 1.0], "train_loss": [0.3, 0.1], "val_loss": [0.3, 0.2],
    ...                                  "val_accuracy": [0.9, 0.95], "weight_norm": [1.0, 3.0]}))
    >>> [ax.get_xscale() for ax in fig.axes]
    ['log', 'log']
    """
    missing = {"C", "train_loss", "val_loss", "val_accuracy"} - set(getattr(sweep, "columns", []))
    if missing:
        raise ValueError(f"sweep must be a DataFrame from lessons.c_sweep; missing columns {sorted(missing)}.")
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=4.0)
    left.plot(sweep["C"], sweep["train_loss"], marker="o", label="training", linewidth=2)
    left.plot(sweep["C"], sweep["val_loss"], marker="^", linestyle="--", label="validation", linewidth=2)
    left.set(title="Log loss against C", xlabel="C (log scale; larger = weaker penalty)",
             ylabel="mean log loss (nats)", xscale="log", ylim=(0, None))
    left.legend(loc="upper center")
    right.plot(sweep["C"], sweep["val_accuracy"], marker="o", color=PALETTE["green"], linewidth=2)
    right.set(title="Validation accuracy against C", xlabel="C (log scale; larger = weaker penalty)",
              ylabel="accuracy (threshold 0.5)", xscale="log", ylim=(0.5, 1.02))
    return fig


def plot_regularization_path(Cs, coefs, feature_names=None, highlight=()):
    """Every weight against C (log x axis): the regularization path.

    Parameters
    ----------
    Cs : array-like of shape (n_Cs,)
    coefs : array-like of shape (n_Cs, n_features), from `lessons.regularization_path`
    feature_names : sequence of str or None
    highlight : sequence of str
        Features drawn in colour and named in the legend; the others are grey.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_regularization_path([0.1, 1.0, 10.0], [[0.1, -0.1], [0.5, -0.2], [1.0, 0.1]], ["a", "b"], ["a"])
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_legend().get_texts()[0].get_text()
    ('log', 'a')
    """
    Cs, coefs = as_float_array(Cs, "Cs", ndim=1, shape="(n_Cs,)"), as_float_array(coefs, "coefs", ndim=2)
    if (Cs <= 0).any():
        raise ValueError(f"Cs must be penalty strengths C > 0 (a log axis), got {Cs[Cs <= 0][:3].tolist()}.")
    if coefs.ndim != 2 or coefs.shape[0] != Cs.shape[0]:
        raise ValueError(f"coefs must have shape (len(Cs), n_features) = ({len(Cs)}, ...), got {coefs.shape}.")
    names = (list(check_names(feature_names, "feature_names", coefs.shape[1])) if feature_names is not None
             else [f"feature {j}" for j in range(coefs.shape[1])])
    if isinstance(highlight, str) or not isinstance(highlight, (list, tuple)):
        raise TypeError(f"highlight must be a list of feature names, got {highlight!r}.")
    unknown = [h for h in highlight if h not in names]
    if unknown:
        raise ValueError(f"highlight names {unknown} are not among the feature names.")
    fig, ax = new_figure(width=7.0, height=4.5)
    for j, name in enumerate(names):
        if name not in highlight:
            ax.plot(Cs, coefs[:, j], color="grey", linewidth=0.8, alpha=0.6)
    for name, style, colour in zip(highlight, line_styles(len(highlight)), CYCLE):
        ax.plot(Cs, coefs[:, names.index(name)], color=colour, linestyle=style, linewidth=2.2, label=name)
    ax.axhline(0.0, color=PALETTE["black"], linewidth=0.8)
    ax.set(title="Regularization path: every weight against C", xlabel="C (log scale; larger = weaker penalty)",
           ylabel="weight (standardized features)", xscale="log")
    if highlight:
        ax.legend(loc="upper left", fontsize=8)
    return fig


def plot_reliability_diagram(table, title="Reliability diagram"):
    """Observed share of positives against mean predicted probability per bin, from `lessons.reliability_table`.

    Points on the diagonal are calibrated; each point is labelled with its count.

    Parameters
    ----------
    table : pandas.DataFrame
        As `reliability_table` returns it: ``count``, ``mean_predicted``, ``observed``.
    title : str
        The axes' title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"count": [5, 5], "mean_predicted": [0.1, 0.9], "observed": [0.0, 1.0]})
    >>> plot_reliability_diagram(table).axes[0].get_xlabel()
    'mean predicted probability in the bin'
    """
    missing = {"count", "mean_predicted", "observed"} - set(getattr(table, "columns", []))
    if missing:
        raise ValueError(f"table must be a DataFrame from lessons.reliability_table; missing {sorted(missing)}.")
    fig, ax = new_figure(width=5.0, height=4.5)
    ax.plot([0, 1], [0, 1], color=PALETTE["black"], linestyle=":", label="perfectly calibrated")
    ax.plot(table["mean_predicted"], table["observed"], marker="o", color=PALETTE["blue"], linewidth=2,
            label="the model")
    for x, y, n in zip(table["mean_predicted"], table["observed"], table["count"]):
        ax.annotate(f"{int(n)}", (x, y), textcoords="offset points", xytext=(4, -12), fontsize=8)
    ax.set(title=title, xlabel="mean predicted probability in the bin", ylabel="observed share of positives",
           xlim=(-0.02, 1.02), ylim=(-0.02, 1.02))
    ax.legend(loc="upper left", fontsize=8)
    return fig


def draw_digit(ax, image, title="", cmap="gray_r", vmin=None, vmax=None):
    """Draw one 8 × 8 image on `ax` without ticks; returns the AxesImage.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    image : array-like of 64 numbers, or of shape (8, 8)
    title : str
        The axes' title.
    cmap : str
        A matplotlib colormap name.
    vmin, vmax : float or None
        Ends of the colour scale; None uses the image's range.

    Returns
    -------
    matplotlib.image.AxesImage
    """
    shown = ax.imshow(np.asarray(image, dtype=float).reshape(8, 8), cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)
    return shown


def plot_digit_weights(w, negative="3", positive="8"):
    """The 64 weights of a digit classifier as an 8 × 8 image: which pixels vote for which digit.

    Orange pixels (w > 0) push towards `positive`, purple ones (w < 0) towards
    `negative`; the colour scale is symmetric around 0 (colour-blind-safe PuOr).

    Parameters
    ----------
    w : array-like of shape (64,)
        The weights of a model trained on 8 × 8 images.
    negative, positive : str
        Names of the digits of class 0 and class 1, used in the title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_digit_weights(np.linspace(-1, 1, 64))
    >>> fig.axes[0].get_title()
    'Pixel weights: orange votes 8, purple 3'
    """
    w = as_float_array(w, "w").ravel()
    if w.shape != (64,):
        raise ValueError(f"w must hold 64 weights (one per pixel of an 8 x 8 image), got {w.size}.")
    top = float(np.abs(w).max()) or 1.0
    fig, ax = new_figure(width=5.2, height=4.4)
    image = draw_digit(ax, w, cmap="PuOr_r", vmin=-top, vmax=top)
    ax.set_title(f"Pixel weights: orange votes {positive}, purple {negative}")
    ax.set(xlabel="pixel column", ylabel="pixel row")
    fig.colorbar(image, ax=ax, label="weight (standardized pixels)")
    return fig


def plot_digit_gallery(images, titles, suptitle="Digits"):
    """Up to 12 8 × 8 images side by side (rows of six), each with its title.

    Parameters
    ----------
    images : array-like of shape (n_images, 64)
        At most 12 images.
    titles : sequence of str
        One title per image.
    suptitle : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_digit_gallery(np.zeros((2, 64)), ["a", "b"], suptitle="Two blanks")
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['a', 'b']
    """
    images = as_float_array(images, "images")
    if images.size == 0 or images.size % 64:
        raise ValueError(f"images must be 8 x 8 images (64 pixels each), got shape {images.shape}.")
    images = images.reshape(-1, 64)
    if isinstance(titles, str) or not isinstance(titles, (list, tuple)):
        raise TypeError(f"titles must be a list of one title per image, got {titles!r}.")
    if len(titles) != len(images):
        raise ValueError(f"give one title per image: {len(images)} images, {len(titles)} titles.")
    n = min(len(images), 12)
    rows = 1 if n <= 6 else 2
    fig = Figure(figsize=(9.0, 0.6 + 1.8 * rows), layout="constrained")
    axes = fig.subplots(rows, 6).ravel()
    for k, ax in enumerate(axes):
        if k < n:
            draw_digit(ax, images[k], titles[k], vmin=0, vmax=16)
        else:
            ax.set_axis_off()
    fig.suptitle(suptitle)
    fig.supxlabel("pixel column")
    fig.supylabel("pixel row")
    return fig


def plot_class_weight_images(coef, class_names=None, suptitle="One weight image per class"):
    """The weight images of a ten-class (softmax) model: one 8 × 8 image per row of `coef`.

    Parameters
    ----------
    coef : array-like of shape (n_classes, 64)
        One row of weights per class, e.g. a softmax model's ``coef_``.
    class_names : sequence of str or None
        Titles of the images; None uses the row numbers.
    suptitle : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_class_weight_images(np.ones((10, 64)))
    >>> len([ax for ax in fig.axes if ax.images])
    10
    """
    coef = as_float_array(coef, "coef", ndim=2, shape="(n_classes, 64)")
    if coef.ndim != 2 or coef.shape[1] != 64:
        raise ValueError(f"coef must have shape (n_classes, 64), got {coef.shape}.")
    names = (check_names(class_names, "class_names", len(coef)) if class_names is not None
             else [str(k) for k in range(len(coef))])
    top = float(np.abs(coef).max()) or 1.0
    fig = Figure(figsize=(9.0, 4.0), layout="constrained")
    axes = fig.subplots(2, (len(coef) + 1) // 2).ravel()
    for ax, row, name in zip(axes, coef, names):
        image = draw_digit(ax, row, f"class {name}", cmap="PuOr_r", vmin=-top, vmax=top)
    fig.colorbar(image, ax=axes.tolist(), label="weight (orange: for the class)")
    fig.suptitle(suptitle)
    fig.supxlabel("pixel column")
    fig.supylabel("pixel row")
    return fig
