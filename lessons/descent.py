"""The descent path on the loss surface: gradient descent's steps over the contours of the loss in (w, b).

Introduced in notebook 03 (``03_gradients.ipynb``), used again in notebook 04. One feature, so the model
has two parameters, its weight w and the intercept b, and the loss is a surface we can draw. A toggle
chooses the raw feature or the same feature standardized; a slider the learning rate; another moves
along the path, step by step.

Every path is one run of `gradient_descent` (``return_path=True``), made when the explorer is built, for
every learning rate of the slider and both versions of the feature; the contours are `loss_and_gradients`
at each point of a grid. Moving a control then only redraws (`FigureRenderer`): tens of milliseconds at
most (`make bench`'s slider table).
"""

import warnings
from html import escape

import ipywidgets as widgets
import numpy as np

from ._validation import as_binary_labels, as_float_array, check_in_range, check_same_length
from .fit_loop import describe_run, gradient_descent
from .objective import loss_and_gradients
from .plots import PALETTE, new_figure
from .widgets import FigureRenderer, explorer_box

LEARNING_RATES = (0.001, 0.003, 0.01, 0.02, 0.03, 0.035, 0.05, 0.1, 0.3, 1.0, 3.0, 10.0)
"""The learning-rate slider's values."""
N_ITER_RANGE = (10, 2000)
MODES = ("raw", "standardized")
GRID = 60
"""Grid points per axis of the contours."""


def path_verdict(loss_history, path):
    """What one run did, judged from its losses and its path: ``(verdict, sentence)``.

    In this order: ``"unstable"`` or ``"oscillates"`` when `describe_run` says so (the loss rose on
    more than 5% of the steps: they overshoot the valley floor; unstable if the loss spent most of the
    second half above its start); ``"zig-zags"`` when the weight w reversed its direction at least 3
    times (counting steps longer than 1/1000 of the longest: the path crosses the valley floor back
    and forth) while the loss kept falling; ``"crawls"`` when `describe_run` finds the loss still
    falling at the end; otherwise ``"walks straight down"``. No run diverges: the gradient of the log
    loss is bounded, so every step is, and the loss stays finite.

    Parameters
    ----------
    loss_history : array-like of shape (n_steps + 1,)
        The loss at the start and after each step, as `gradient_descent` returns it.
    path : array-like of shape (n_steps + 1, 2)
        ``(w, b)`` at each of those points (``gradient_descent(..., return_path=True)``).

    Returns
    -------
    verdict : str
    sentence : str
        One sentence for the learner.

    Examples
    --------
    >>> path_verdict([0.69, 0.9, 2.0], [[0.0, 0.0], [1.0, 0.0], [-2.0, 0.0]])[0]
    'unstable'
    """
    h = as_float_array(loss_history, "loss_history", ndim=1)
    path = as_float_array(path, "path", ndim=2, shape="(n_steps + 1, 2)")
    if len(path) != len(h):
        raise ValueError(f"path must have one row per loss, got {len(path)} rows for {len(h)} losses.")
    first, last = h[0], h[-1]
    run = describe_run(h)[0]
    steps = np.diff(path[:, 0])
    long = np.abs(steps) > 1e-3 * np.abs(steps).max() if len(steps) else steps.astype(bool)
    reversals = int(np.sum((np.sign(steps[1:]) != np.sign(steps[:-1])) & long[1:] & long[:-1]))
    if run == "unstable":
        return "unstable", (f"Unstable: each step overshoots the valley floor, w jumps from wall to wall "
                            f"({reversals} reversals), and the loss goes up and down, mostly above its start "
                            f"({first:.3f}), up to {h.max():.2g}; finite, as the gradient is bounded.")
    if run == "oscillates":
        return "oscillates", (f"Oscillates: each step overshoots the valley floor, w jumps from wall to wall "
                              f"({reversals} reversals), and the loss goes up and down, mostly below its start "
                              f"({first:.3f} → {last:.3f}).")
    if reversals >= 3:
        return "zig-zags", (f"Zig-zags: w changes direction {reversals} times, each step overshooting the valley "
                            f"floor and landing on the other wall; the loss still falls ({first:.3f} → {last:.3f}).")
    if run == "crawls":
        return "crawls", (f"Crawls: no zig-zag, but after {len(h) - 1} steps the loss is still falling "
                          f"({first:.3f} → {last:.3f}): the steps are short, or the valley floor is flat.")
    return "walks straight down", (f"Walks straight down: no zig-zag, and the loss has levelled off "
                                   f"({first:.3f} → {last:.3f}).")


BOUNCING = ("unstable", "oscillates")
"""`path_verdict`'s verdicts for a loss that goes up and down."""


def _runs(X, y, n_iter):
    """``{learning rate: (history, path) or the error message}``: one `gradient_descent` run each."""
    runs = {}
    for rate in LEARNING_RATES:
        try:
            _, _, history, path = gradient_descent(X, y, rate, n_iter, return_path=True)
            runs[rate] = (history, path, *path_verdict(history, path))
        except ValueError as error:  # the weights overflowed: the explorer says so instead of drawing
            runs[rate] = str(error)
    return runs


def _minimum(X, y):
    """The minimum of the loss in (w, b), by gradient descent on the standardized feature; None if not reached."""
    with warnings.catch_warnings(record=True) as caught:  # separable data: no minimum, a ConvergenceWarning
        warnings.simplefilter("always")
        w, b, _ = gradient_descent(X, y, learning_rate=1.0, n_iter=20_000, tol=1e-9)
    return None if caught else (float(w[0]), b)


def _view(runs, minimum):
    """Axis limits holding the start, every path whose loss does not bounce, the bouncing paths of rates up to
    3 times the largest of those (w swinging from wall to wall), and the minimum when it is near."""
    tuples = {rate: run for rate, run in runs.items() if isinstance(run, tuple)}
    calm = [rate for rate, run in tuples.items() if run[2] not in BOUNCING]
    largest = max(calm, default=min(tuples, default=0.0))
    points = np.vstack([np.zeros((1, 2))] + [run[1] for rate, run in tuples.items() if rate <= 3 * largest])
    low, high = points.min(axis=0), points.max(axis=0)
    if minimum is not None:
        span = high - low
        near = np.all((np.array(minimum) >= low - 0.5 * span) & (np.array(minimum) <= high + 0.5 * span))
        if near:
            low, high = np.minimum(low, minimum), np.maximum(high, minimum)
    pad = 0.12 * np.maximum(high - low, 1e-3 * np.maximum(1.0, np.abs(high)))
    return (low[0] - pad[0], high[0] + pad[0]), (low[1] - pad[1], high[1] + pad[1])


def _surface(X, y, view):
    """The loss at every point of a GRID x GRID grid over `view` (w along columns, b along rows)."""
    ws, bs = np.linspace(*view[0], GRID), np.linspace(*view[1], GRID)
    with np.errstate(over="ignore", invalid="ignore"):
        L = np.array([[loss_and_gradients(X, y, np.array([w]), b)[0] for w in ws] for b in bs])
    if not np.isfinite(L).all():
        raise ValueError("x: the loss overflows on the grid of (w, b) around the paths; x is far too large.")
    return ws, bs, L


def _frame(X, y, n_iter, feature_name, mode, minimum):
    """The figure of one mode, its renderer, its moving artists and its runs."""
    runs = _runs(X, y, n_iter)
    view = _view(runs, minimum)
    if mode == "standardized":  # the grid fills the equal-aspect axes below: b spans 0.75 of w's span
        (w0, w1), (b0, b1) = view
        extra_w, extra_b = max(0.0, (b1 - b0) / 0.75 - (w1 - w0)) / 2, max(0.0, 0.75 * (w1 - w0) - (b1 - b0)) / 2
        view = (w0 - extra_w, w1 + extra_w), (b0 - extra_b, b1 + extra_b)
    ws, bs, L = _surface(X, y, view)
    fig, ax = new_figure(width=6.4, height=4.8)
    low, high = L.min(), L.max()
    levels = low + (high - low) * np.geomspace(2e-3, 1.0, 14)  # dense near the floor: the valley's shape
    contours = ax.contour(ws, bs, L, levels=levels, cmap="viridis", linewidths=1)
    ax.clabel(contours, contours.levels[::2], fontsize=7, fmt="%.2f")
    ax.plot([0.0], [0.0], linestyle="none", marker="o", color=PALETTE["black"], label="start (0, 0)")
    if minimum is not None:
        inside = view[0][0] <= minimum[0] <= view[0][1] and view[1][0] <= minimum[1] <= view[1][1]
        if inside:
            ax.plot(*minimum, linestyle="none", marker="*", markersize=14, color=PALETTE["blue"], label="minimum")
        else:
            ax.text(0.02, 0.02, f"minimum at w = {minimum[0]:.3g}, b = {minimum[1]:.3g}:\nfar down the valley, "
                    "off the plot", transform=ax.transAxes, ha="left", va="bottom", fontsize=8,
                    color=PALETTE["blue"])
    # see-through, so that the contours show through a path bouncing from wall to wall
    (line,) = ax.plot([], [], color=PALETTE["vermillion"], linewidth=1.2, alpha=0.6, label="gradient descent")
    (marker,) = ax.plot([], [], linestyle="none", marker="D", markersize=8, color=PALETTE["yellow"],
                        markeredgecolor=PALETTE["black"], zorder=5, label="current step")
    ax.set(xlim=view[0], ylim=view[1], xlabel="weight w", ylabel="intercept b", title=" ")
    if mode == "standardized":  # w and b to the same scale: the valley's true shape (raw, it would be a thin line)
        ax.set_aspect("equal", adjustable="box")
    ax.legend(loc="upper right", fontsize=8)
    return dict(runs=runs, renderer=FigureRenderer(fig, [line, marker, ax.title]), line=line, marker=marker,
                ax=ax, name=f"{mode} {feature_name}")


def descent_explorer(x, y, feature_name="x", learning_rate=0.035, n_iter=1000, scaled=False):
    """Gradient descent's path over the loss contours in (w, b), for one feature, raw or standardized.

    Controls: ``feature`` (raw or standardized: ``(x - mean) / std``), ``learning rate`` (the values
    of `LEARNING_RATES`) and ``iteration`` (0 to `n_iter`: the path up to that step). Each path is one
    run of ``gradient_descent(..., return_path=True)``; the text says what the run does
    (`path_verdict`): crawls, zig-zags, oscillates, unstable or walks straight down.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        One feature, raw (as measured); the explorer standardizes it itself.
    y : array-like of shape (n_samples,), labels 0 or 1
    feature_name : str
        The feature's name, for the title and the text.
    learning_rate : float
        Initial learning rate, one of `LEARNING_RATES`.
    n_iter : int
        Steps of every run, 10 to 2000; the iteration slider's maximum and initial value.
    scaled : bool
        Start with the standardized feature (True) or the raw one (False).

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` holds the toggle and the two sliders, ``children[1]`` the text,
        ``children[2]`` the figure as an ``<img>`` whose alt text repeats the text. ``frames``
        maps ``"raw"`` and ``"standardized"`` to the runs (``runs[learning_rate]`` is
        ``(loss_history, path, verdict, sentence)``, or the error message of a run that overflowed).

    Examples
    --------
    >>> box = descent_explorer([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 1], learning_rate=0.1, n_iter=10)
    >>> [control.description for control in box.children[0].children]
    ['feature', 'learning rate', 'iteration']
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_binary_labels(y)
    check_same_length(x, y, "x", "y")
    if np.abs(x).max() > 1e150:
        raise ValueError("x has values beyond 1e150 in size: w x + b would overflow on the loss surface.")
    if not x.std() > 0:
        raise ValueError("x is constant: it cannot be standardized, and its weight cannot be told from b.")
    if not isinstance(feature_name, str):
        raise TypeError(f"feature_name must be a string (the feature's name), got {type(feature_name).__name__}.")
    numeric = isinstance(learning_rate, (int, float, np.integer, np.floating))
    if not numeric or isinstance(learning_rate, (bool, np.bool_)) or learning_rate not in LEARNING_RATES:
        raise ValueError(f"learning_rate must be one of the slider's values {list(LEARNING_RATES)}, "
                         f"got {learning_rate!r}.")
    check_in_range(n_iter, "n_iter", N_ITER_RANGE[0], N_ITER_RANGE[1], integer=True)
    if not isinstance(scaled, (bool, np.bool_)):
        raise TypeError(f"scaled must be True or False, got {scaled!r}.")
    mean, std = x.mean(), x.std()
    X_std = ((x - mean) / std).reshape(-1, 1)
    minimum = _minimum(X_std, y)  # (w, b) of the standardized feature; in raw units w / std, b - w mean / std
    raw_minimum = None if minimum is None else (minimum[0] / std, minimum[1] - minimum[0] * mean / std)
    frames = {"raw": _frame(x.reshape(-1, 1), y, n_iter, feature_name, "raw", raw_minimum),
              "standardized": _frame(X_std, y, n_iter, feature_name, "standardized", minimum)}

    mode = widgets.ToggleButtons(options=MODES, value=MODES[int(bool(scaled))], description="feature",
                                 tooltip="Run on the raw feature or on the standardized one",
                                 tooltips=["the feature as measured", "(x - mean) / std"],
                                 style={"description_width": "initial", "button_width": "130px"})
    rate = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in LEARNING_RATES], value=learning_rate,
                                   description="learning rate", continuous_update=False,
                                   tooltip="The learning rate of the run",
                                   style={"description_width": "initial"})
    step = widgets.IntSlider(value=n_iter, min=0, max=n_iter, step=1, description="iteration",
                             continuous_update=False, tooltip="Which step of the gradient-descent run to show",
                             style={"description_width": "initial"})

    def update():
        frame = frames[mode.value]
        run, k = frame["runs"][rate.value], step.value
        head = f"{frame['name']}, learning rate {rate.value:g}"
        if isinstance(run, str):  # the weights overflowed: say so, keep the contours
            frame["line"].set_data([], [])
            frame["marker"].set_data([], [])
            frame["ax"].title.set_text(f"{head}: overflow")
            message = f"{head}: {run}"
            return f"<b>{escape(message)}</b>", frame["renderer"].html("Loss contours, no path drawn. " + message)
        history, path, verdict, sentence = run
        frame["line"].set_data(path[:k + 1, 0], path[:k + 1, 1])
        frame["marker"].set_data(path[k:k + 1, 0], path[k:k + 1, 1])
        frame["ax"].title.set_text(f"{head}: {verdict}")
        summary = (f"{head}, iteration {k} of {n_iter}: w = {path[k, 0]:.3g}, b = {path[k, 1]:.3g}, "
                   f"loss {history[k]:.3g}. The whole run: {sentence}")
        alt = f"Loss contours over the weight w and the intercept b, and the gradient-descent path. {summary}"
        return escape(summary), frame["renderer"].html(alt)

    box = explorer_box([mode, rate, step], update)
    box.frames = frames  # per mode: the runs, the renderer and the drawn artists (the tests read them)
    return box
