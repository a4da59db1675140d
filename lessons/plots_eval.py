"""Figures for decisions: threshold curves, the confusion matrix, ROC and precision-recall curves;
and (notebook 06) the length of the weights as gradient descent runs.

Introduced in notebook 05. Same conventions as `lessons.plots`: each returns a
Figure with a title, labelled axes and the colour-blind-safe palette.
"""

import numpy as np
from sklearn.metrics import precision_recall_curve, roc_curve

from .plots import PALETTE, new_figure
from .thresholds import _metrics


def plot_threshold_curve(sweep, threshold=None, metrics=("accuracy", "precision", "recall", "f1")):
    """Metrics against the threshold, from a `threshold_sweep` DataFrame; a dotted line at `threshold`."""
    fig, ax = new_figure()
    for metric, style in zip(metrics, ["-", "--", "-.", ":"], strict=False):
        ax.plot(sweep["threshold"], sweep[metric], label=metric, linestyle=style, linewidth=2)
    if threshold is not None:
        ax.axvline(threshold, color=PALETTE["black"], linestyle=":", linewidth=1)
    ax.set(title="Every threshold trades precision for recall", xlabel="threshold", ylabel="score", ylim=(0, 1.02))
    ax.legend(loc="lower center", ncols=len(metrics), fontsize=8)
    return fig


def draw_confusion_matrix(ax, metrics, class_names=("benign", "malignant")):
    """Draw the 2×2 counts of a `threshold_metrics` dict on `ax` (rows: truth, columns: prediction)."""
    counts = np.array([[metrics["tn"], metrics["fp"]], [metrics["fn"], metrics["tp"]]])
    ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(1, counts.max()) * 1.6)
    names = [["TN", "FP (false alarm)"], ["FN (missed)", "TP"]]
    for i in range(2):
        for j in range(2):
            ax.text(j, i, f"{counts[i, j]}\n{names[i][j]}", ha="center", va="center", fontsize=10)
    ax.set_xticks([0, 1], [f"predicted {c}" for c in class_names])
    ax.set_yticks([0, 1], [f"truly {c}" for c in class_names])
    ax.set(title=f"Confusion matrix at threshold {metrics['threshold']:.2f}", xlabel="prediction", ylabel="truth")


def plot_confusion_matrix(metrics, class_names=("benign", "malignant")):
    """The confusion matrix of a `threshold_metrics` dict as a Figure."""
    fig, ax = new_figure(width=4.8, height=4.0)
    draw_confusion_matrix(ax, metrics, class_names)
    return fig


def draw_roc_pr(roc_ax, pr_ax, y, p, threshold=None):
    """Draw the ROC curve on `roc_ax` and the precision-recall curve on `pr_ax`; markers at `threshold`."""
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    fpr, tpr, _ = roc_curve(y, p)
    precision, recall, _ = precision_recall_curve(y, p)
    roc_ax.plot(fpr, tpr, color=PALETTE["blue"], linewidth=2)
    roc_ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    roc_ax.set(title="ROC curve", xlabel="false positive rate", ylabel="true positive rate (recall)")
    pr_ax.plot(recall, precision, color=PALETTE["orange"], linewidth=2, drawstyle="steps-post")
    pr_ax.set(title="Precision-recall curve", xlabel="recall", ylabel="precision", ylim=(0, 1.02))
    if threshold is not None:
        m = _metrics(y, p, threshold, None, None)
        label = f"threshold {threshold:.2f}"
        roc_ax.plot([m["fp"] / max(1, m["fp"] + m["tn"])], [m["recall"]], "o", color=PALETTE["vermillion"],
                    markersize=9, label=label)
        pr_ax.plot([m["recall"]], [m["precision"]], "o", color=PALETTE["vermillion"], markersize=9, label=label)
        roc_ax.legend(loc="lower right")
        pr_ax.legend(loc="lower left")


def plot_roc_pr(y, p, threshold=None):
    """ROC and precision-recall curves side by side; a marker where `threshold` sits on each."""
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
        returned by `lessons.experiments.weight_norms`.
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
    if not isinstance(norms, dict) or not isinstance(reference or {}, dict):
        raise TypeError("norms (and reference, if given) must be dicts mapping a label to values, "
                        f"got {type(norms).__name__} and {type(reference).__name__}.")
    n_iters = np.asarray(n_iters, dtype=float)
    fig, ax = new_figure()
    for (label, values), style in zip(norms.items(), ["-", "--", "-.", ":"] * 4, strict=False):
        values = np.asarray(values, dtype=float)
        if values.shape != n_iters.shape:
            raise ValueError(f"norms[{label!r}] must have one value per entry of n_iters ({n_iters.shape}), "
                             f"got shape {values.shape}.")
        ax.plot(n_iters, values, label=label, linestyle=style, marker="o", linewidth=2)
    for label, value in (reference or {}).items():
        ax.axhline(value, color=PALETTE["black"], linestyle=":", linewidth=1.5, label=label)
    ax.set_xscale("log")
    ax.set(title="Length of the weight vector as gradient descent runs", xlabel="gradient-descent steps (log scale)",
           ylabel="||w||", ylim=(0, None))
    ax.legend(loc="upper left")
    return fig
