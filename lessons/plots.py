"""Figures for the model: the sigmoid, loss curves, the loss surface, the decision boundary.

Every function returns a `matplotlib.figure.Figure` (not managed by pyplot, so
nothing is shown twice and widgets leave no figures behind) with a title and
labelled axes, drawn in the Okabe-Ito colour-blind-safe palette. Nothing here
changes matplotlib's global settings.
"""

import numpy as np
from matplotlib.figure import Figure

from .gradients import _loss_and_gradients
from .sigmoid import sigmoid

PALETTE = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
           "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000"}
"""Okabe & Ito (2008): distinguishable with every common colour-vision deficiency."""
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]
CLASS_COLOURS = (PALETTE["blue"], PALETTE["vermillion"])  # benign, malignant
CLASS_MARKERS = ("o", "^")  # shape as well as colour


def new_figure(ncols=1, width=6.4, height=4.0):
    """A Figure with `ncols` axes side by side, and the course's colour cycle."""
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    for ax in axes:
        ax.set_prop_cycle(color=CYCLE)
    return fig, (axes[0] if ncols == 1 else axes)


def plot_sigmoid(z_min=-8.0, z_max=8.0, show_derivative=True):
    """The S-curve p = σ(z), and its derivative σ(z)(1 − σ(z)) (largest, 0.25, at z = 0)."""
    z = np.linspace(z_min, z_max, 401)
    fig, ax = new_figure()
    ax.plot(z, sigmoid(z), label="σ(z)", linewidth=2)
    if show_derivative:
        ax.plot(z, sigmoid(z) * (1 - sigmoid(z)), label="σ′(z) = σ(z)(1 − σ(z))", linestyle="--")
    ax.axhline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.axvline(0.0, color="grey", linewidth=0.8, linestyle=":")
    ax.set(title="The sigmoid turns any logit z into a probability", xlabel="logit z", ylabel="probability p")
    ax.legend(loc="upper left")
    return fig


def plot_loss_curves(histories, title="Training loss per iteration", log_y=False):
    """One loss curve per run: `histories` maps a label to a 1-D array of losses."""
    fig, ax = new_figure()
    for (label, history), style in zip(histories.items(), ["-", "--", "-.", ":"] * 4):
        ax.plot(np.arange(len(history)), history, label=label, linestyle=style, linewidth=2)
    ax.set(title=title, xlabel="iteration", ylabel="training loss (nats)")
    if log_y:
        ax.set_yscale("log")
    ax.legend()
    return fig


def plot_loss_surface(x, y, w_range=(-6, 6), b_range=(-6, 6), path=None, n_grid=60, n_arrows=11):
    """Contours of the loss of a one-feature model p = σ(w x + b) over (w, b), with arrows along −gradient.

    `path`, an optional array of shape (n_steps, 2) of (w, b) pairs, is drawn on top.
    """
    X = np.asarray(x, dtype=float).reshape(-1, 1)
    y = np.asarray(y, dtype=float)
    ws, bs = np.linspace(*w_range, n_grid), np.linspace(*b_range, n_grid)
    L = np.array([[_loss_and_gradients(X, y, np.array([w]), b, None)[0] for w in ws] for b in bs])
    fig, ax = new_figure(width=6.4, height=5.0)
    contours = ax.contour(ws, bs, L, levels=15, cmap="viridis")
    ax.clabel(contours, fontsize=7, fmt="%.2f")
    aw, ab = np.linspace(*w_range, n_arrows), np.linspace(*b_range, n_arrows)
    grads = np.array([[_loss_and_gradients(X, y, np.array([w]), b, None)[1:] for w in aw] for b in ab], dtype=object)
    U = -np.array([[g[0][0] for g in row] for row in grads])
    V = -np.array([[g[1] for g in row] for row in grads])
    ax.quiver(aw, ab, U, V, color=PALETTE["black"], alpha=0.6, angles="xy")
    if path is not None:
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], color=PALETTE["vermillion"], marker=".", label="gradient descent")
        ax.legend(loc="upper right")
    ax.set(title="Loss surface: arrows point downhill (−gradient)", xlabel="weight w", ylabel="intercept b")
    return fig


def plot_decision_boundary(X2, y, boundaries, feature_names=("feature 1", "feature 2"),
                           class_names=("benign", "malignant")):
    """Samples on two features, coloured and shaped by class, and the lines w·x + b = 0.

    `boundaries` maps a label (say "iteration 10") to ``(w, b)`` with w of length 2.
    """
    X2 = np.asarray(X2, dtype=float)
    y = np.asarray(y)
    fig, ax = new_figure(width=6.4, height=5.0)
    for cls in (0, 1):
        ax.scatter(*X2[y == cls].T, s=18, c=CLASS_COLOURS[cls], marker=CLASS_MARKERS[cls],
                   alpha=0.7, label=class_names[cls])
    xs = np.linspace(X2[:, 0].min(), X2[:, 0].max(), 2)
    for (label, (w, b)), style in zip(boundaries.items(), ["-", "--", "-.", ":"] * 4):
        w = np.asarray(w, dtype=float).ravel()
        if abs(w[1]) > 1e-12:
            ax.plot(xs, -(w[0] * xs + b) / w[1], linestyle=style, color=PALETTE["black"], label=label)
    ax.set_ylim(X2[:, 1].min() - 0.5, X2[:, 1].max() + 0.5)
    ax.set(title="Decision boundary: where p = 0.5", xlabel=feature_names[0], ylabel=feature_names[1])
    ax.legend(loc="best", fontsize=8)
    return fig
