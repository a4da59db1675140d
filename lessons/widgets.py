"""Interactive explorers: a learning-rate slider (notebook 04) and a threshold slider (notebook 05).

Each explorer returns an ``ipywidgets.VBox``: ``children[0]`` holds the
sliders, ``children[1]`` is an HTML widget with the numbers in words, and
``children[2]`` an HTML widget with the figure as a PNG ``<img>`` whose ``alt``
text repeats those numbers. Callbacks only set widget values (no ``print``), so
a notebook that displays an explorer passes strict nbval, and a test can move a
slider and read what is shown, with or without a browser.
"""

from html import escape

import ipywidgets as widgets
import numpy as np

from .fast import BLOCK_ROWS
from .fit_loop import describe_run, gradient_descent
from .plots import PALETTE, new_figure
from .plots_eval import draw_confusion_matrix, draw_roc_pr
from .render import FigureRenderer
from .thresholds import threshold_metrics


def _explorer(sliders, update):
    text, image = widgets.HTML(), widgets.HTML()

    def refresh(_change=None):
        text.value, image.value = update()

    for slider in sliders:
        slider.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox(sliders), text, image])


def _nice_top(value):
    """The smallest of 0.8, 1, 2, 5, 10, 20, 50, ... that is at least `value` (a stable y-axis limit)."""
    ladder = [0.8] + [m * 10.0**k for k in range(7) for m in (1, 2, 5)]
    return next((top for top in ladder if top >= value), float(value))


def learning_rate_explorer(X, y, learning_rate=0.1, n_iter=1000, C=None):
    """Slide the learning rate (log scale, 1e-4 to 100) and the number of iterations; see the loss curve.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), standardized
    y : array-like of shape (n_samples,), labels 0 or 1
    learning_rate : float, initial slider value
    n_iter : int, initial number of iterations (10 to 2000)
    C : float > 0 or None, passed to `gradient_descent`
    """
    lr = widgets.FloatLogSlider(value=learning_rate, base=10, min=-4, max=2, step=0.25,
                                description="learning rate", readout_format=".4g", continuous_update=False,
                                style={"description_width": "initial"})
    steps = widgets.IntSlider(value=n_iter, min=10, max=2000, step=10, description="iterations",
                              continuous_update=False, style={"description_width": "initial"})
    fig, ax = new_figure(width=6.4, height=3.6)
    (line,) = ax.plot([], [], color=PALETTE["blue"], linewidth=2)
    ax.set(xlabel="iteration", ylabel="training loss (nats)", title=" ", xlim=(0, n_iter), ylim=(0, 0.8))
    renderer = FigureRenderer(fig, [line, ax.title])

    def update():
        _, _, history = gradient_descent(X, y, lr.value, steps.value, C=C, block_rows=BLOCK_ROWS)
        verdict, sentence = describe_run(history)
        limits = ((0, max(1, len(history) - 1)), (0, _nice_top(1.05 * float(history.max()))))
        if limits != (ax.get_xlim(), ax.get_ylim()):
            ax.set(xlim=limits[0], ylim=limits[1])
            renderer.redraw_background()
        line.set_data(np.arange(len(history)), history)
        ax.title.set_text(f"learning rate {lr.value:.4g}: {verdict}")
        summary = f"learning rate {lr.value:.4g}, {steps.value} iterations. {sentence}"
        return f"<b>{escape(summary)}</b>", renderer.html("Loss curve. " + summary)

    return _explorer([lr, steps], update)


def threshold_explorer(y, p, threshold=0.5, cost_fn=None, cost_fp=None, class_names=("benign", "malignant")):
    """Slide the threshold; see the confusion matrix, precision, recall, accuracy, the cost, and ROC/PR markers.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1 (1 = positive)
    p : array-like of shape (n_samples,), probabilities of class 1
    threshold : float in [0, 1], initial slider value
    cost_fn, cost_fp : float > 0 or None, cost of one false negative / false positive
    """
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    first = threshold_metrics(y, p, threshold, cost_fn, cost_fp)  # validates everything once
    slider = widgets.FloatSlider(value=threshold, min=0.0, max=1.0, step=0.01, description="threshold",
                                 readout_format=".2f", continuous_update=False)
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

    return _explorer([slider], update)
