"""Plots: every figure has a title and labelled axes, uses the colour-blind-safe palette, and leaves
matplotlib's global state (rcParams, pyplot's figure list) alone."""

import importlib
import subprocess
import sys

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

import lessons
from lessons import PALETTE

data = lessons.load_course_data()
_model = lessons.LogisticRegressionGD(C=1.0, n_iter=200).fit(data.X_train, data.y_train)
P_VAL = _model.predict_proba(data.X_val)[:, 1]
x1 = data.X_train[:, 0]

FIGURES = {
    "sigmoid": lambda: lessons.plot_sigmoid(),
    "loss curves": lambda: lessons.plot_loss_curves({"lr 0.1": _model.loss_history_}),
    "loss surface": lambda: lessons.plot_loss_surface(x1, data.y_train, path=[[0, 0], [1, -0.5]], n_grid=15),
    "decision boundary": lambda: lessons.plot_decision_boundary(data.X_train[:, :2], data.y_train,
                                                                {"fit": ([1.0, 0.5], 0.1)}),
    "threshold curve": lambda: lessons.plot_threshold_curve(lessons.threshold_sweep(data.y_val, P_VAL), 0.5),
    "confusion matrix": lambda: lessons.plot_confusion_matrix(lessons.threshold_metrics(data.y_val, P_VAL)),
    "roc and pr": lambda: lessons.plot_roc_pr(data.y_val, P_VAL, threshold=0.5),
}
OKABE_ITO = {c.lower() for c in PALETTE.values()}


@pytest.mark.parametrize("name", FIGURES)
def test_every_axes_has_title_and_labels(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue
        assert ax.get_title(), f"{name}: an axes without a title"
        assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: unlabelled axes"


@pytest.mark.parametrize("name", ["sigmoid", "loss curves", "threshold curve", "roc and pr"])
def test_lines_use_the_colour_blind_safe_palette(name):
    fig = FIGURES[name]()
    colours = {matplotlib.colors.to_hex(line.get_color()) for ax in fig.axes for line in ax.get_lines()}
    grey = {matplotlib.colors.to_hex(c) for c in ("grey", "black")}
    assert colours - grey <= OKABE_ITO, colours - grey - OKABE_ITO


def test_palette_is_okabe_ito():
    # Okabe & Ito (2008), "Color Universal Design": the published hex values
    assert OKABE_ITO == {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}


def test_importing_lessons_changes_no_global_state():
    code = ("import matplotlib, copy; before = copy.deepcopy(dict(matplotlib.rcParams)); import lessons; "
            "import matplotlib.pyplot as plt; lessons.plot_sigmoid(); "
            "assert dict(matplotlib.rcParams) == before; assert plt.get_fignums() == []; print('ok')")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_decision_boundary_line_is_where_p_is_one_half():
    w, b = np.array([2.0, -1.0]), 0.5
    fig = lessons.plot_decision_boundary(data.X_train[:, :2], data.y_train, {"fit": (w, b)})
    xs, ys = fig.axes[0].get_lines()[0].get_data()
    np.testing.assert_allclose(lessons.sigmoid(w[0] * xs + w[1] * ys + b), 0.5)


def test_modules_reload_without_side_effects():
    before = dict(matplotlib.rcParams)
    importlib.reload(lessons.plots)
    assert dict(matplotlib.rcParams) == before
