"""Plots: every figure has a title and labelled axes, uses the colour-blind-safe palette, and leaves
matplotlib's global state (rcParams, pyplot's figure list) alone."""

import importlib
import subprocess
import sys

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy.special import expit, log_expit

import lessons
from lessons import (
    PALETTE,
    plot_finite_difference_error,
    plot_loss_comparison,
    plot_weight_norms,
)

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
    "line fits": lambda: lessons.plot_line_fits(x1, data.y_train, {"a": (0.3, 0.4), "b": (0.2, 0.3)}),
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


@pytest.mark.parametrize("name", ["sigmoid", "loss curves", "threshold curve", "roc and pr", "line fits"])
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


def test_line_fits_draw_each_line_and_mark_its_half_crossing():
    slope, intercept = np.polyfit(x1, data.y_train, 1)  # numpy's least squares: the reference line
    fig = lessons.plot_line_fits(x1, data.y_train, {"least squares": (slope, intercept), "flat": (0.0, 0.5)})
    lines = fig.axes[0].get_lines()
    xs, ys = lines[0].get_data()
    np.testing.assert_allclose(ys, slope * np.asarray(xs) + intercept)
    crossing = [line for line in lines if line.get_linestyle() == ":" and line.get_color() == lines[0].get_color()]
    assert len(crossing) == 1  # the flat line never crosses 0.5 at one point: no marker for it
    np.testing.assert_allclose(crossing[0].get_xdata()[0], (0.5 - intercept) / slope)
    with pytest.raises(TypeError, match=r"lines\['a'\] must be a pair"):
        lessons.plot_line_fits(x1, data.y_train, {"a": 0.3})


def test_modules_reload_without_side_effects():
    before = dict(matplotlib.rcParams)
    importlib.reload(lessons.plots)
    assert dict(matplotlib.rcParams) == before


def _labelled(fig):
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def _uses_palette(fig):
    palette = {c.lower() for c in PALETTE.values()}
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_label().startswith("_"):
                continue  # reference lines (grey)
            assert matplotlib.colors.to_hex(line.get_color()) in palette


def test_plot_loss_comparison_draws_both_losses_and_their_slopes():
    fig = plot_loss_comparison(z_min=-6.0, z_max=6.0)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    _labelled(fig)
    _uses_palette(fig)
    left, right = fig.axes
    log_line, se_line = left.get_lines()[:2]
    p = log_line.get_xdata()
    np.testing.assert_allclose(log_line.get_ydata(), -np.log(p))
    np.testing.assert_allclose(se_line.get_ydata(), (1 - p) ** 2)
    log_slope, se_slope = [line for line in right.get_lines() if not line.get_label().startswith("_")]
    z = log_slope.get_xdata()
    assert z.min() == -6.0 and z.max() == 6.0
    s = expit(z)
    np.testing.assert_allclose(log_slope.get_ydata(), 1 - s, atol=1e-15)
    np.testing.assert_allclose(se_slope.get_ydata(), 2 * (1 - s) * s * (1 - s), atol=1e-15)


def test_plot_loss_comparison_squared_error_slope_never_exceeds_its_maximum():
    # max over z of 2 (1 - s) s (1 - s) is 8/27 ≈ 0.296, at s = 1/3.
    right = plot_loss_comparison().axes[1]
    se_slope = [line for line in right.get_lines() if not line.get_label().startswith("_")][1]
    assert se_slope.get_ydata().max() == pytest.approx(8 / 27, rel=1e-3)


def test_plot_finite_difference_error_matches_the_truncation_error_of_the_sigmoid():
    x = 1.0
    fig = plot_finite_difference_error(x=x)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    _labelled(fig)
    _uses_palette(fig)
    ax = fig.axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    one_sided, central = ax.get_lines()
    h = one_sided.get_xdata()
    assert h[-1] == pytest.approx(0.1)
    s = expit(x)
    d1 = s * (1 - s)
    d2 = d1 * (1 - 2 * s)
    d3 = d1 * (1 - 6 * s + 6 * s**2)
    # Taylor: one-sided error ≈ |σ''| h / 2, central ≈ |σ'''| h² / 6 (within 10% at h = 0.1 and 0.01).
    for i in (-1, -6):  # h = 0.1 and h = 0.01 (0.2 decades apart)
        assert one_sided.get_ydata()[i] == pytest.approx(abs(d2) * h[i] / 2, rel=0.1)
        assert central.get_ydata()[i] == pytest.approx(abs(d3) * h[i] ** 2 / 6, rel=0.1)
    # The best central difference is far better than the best one-sided one.
    assert central.get_ydata().min() < 1e-9 < one_sided.get_ydata().min() * 1e2


def test_plot_finite_difference_error_is_not_managed_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plot_finite_difference_error()
    plot_loss_comparison()
    assert plt.get_fignums() == before


def test_plot_weight_norms_draws_what_it_is_given():
    fig = plot_weight_norms([1, 10, 100], {"a": [1.0, 2.0, 3.0], "b": [1.0, 1.5, 1.6]}, reference={"ref": 1.7})
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_title() and ax.get_ylabel() == "||w||"
    assert ax.lines[0].get_ydata().tolist() == [1.0, 2.0, 3.0]
    assert list(ax.lines[2].get_ydata()) == [1.7, 1.7]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "ref"]


def test_plot_weight_norms_errors():
    with pytest.raises(ValueError, match="one value per entry of n_iters"):
        plot_weight_norms([1, 10], {"a": [1.0, 2.0, 3.0]})
    with pytest.raises(TypeError, match="dicts"):
        plot_weight_norms([1, 10], [1.0, 2.0])


# Issue 10: every figure runs the same input checks as the maths, and none leaks a warning.
@pytest.mark.parametrize("draw, error, match", [
    (lambda: lessons.plot_loss_surface([-1.0, 0.5, 2.0], [-1, 1, 1]), ValueError, r"\by must contain only 0 and 1"),
    (lambda: lessons.plot_decision_boundary(np.ones((3, 3)), [0, 1, 0], {}), ValueError,
     "X2 must have exactly 2 columns"),
    (lambda: lessons.plot_decision_boundary(np.ones((3, 2)), [-1, 1, 1], {}), ValueError,
     r"\by must contain only 0 and 1"),
    (lambda: lessons.plot_decision_boundary(np.ones((3, 2)), [0, 1, 1], {"a": ([1.0, 2.0, 3.0], 0.0)}), ValueError,
     "must hold 2 weights"),
    (lambda: lessons.plot_roc_pr([0, 1, 1], [0.2, 3.0, 0.5]), ValueError, r"\bp must be probabilities"),
    (lambda: lessons.plot_roc_pr([0, 1, 1], [0.2, 0.3, 0.5], threshold=float("nan")), ValueError,
     "threshold must be in"),
    (lambda: lessons.plot_roc_pr([1, 1, 1], [0.2, 0.3, 0.5]), ValueError, r"\by holds only one class"),
    (lambda: lessons.plot_confusion_matrix({"tp": 1}), ValueError, r"metrics must be the dict .* no \['fp'"),
    (lambda: lessons.plot_confusion_matrix(lessons.threshold_metrics([0, 1], [0.2, 0.8]), ("benign",)), ValueError,
     "class_names must hold 2 names"),
    (lambda: lessons.plot_finite_difference_error(h_min=0), ValueError, "h_min must be > 0"),
    (lambda: lessons.plot_finite_difference_error(h_min=1.0, h_max=0.1), ValueError, "h_min must be smaller"),
    (lambda: lessons.plot_loss_curves({}), ValueError, "histories is empty"),
    (lambda: lessons.plot_loss_curves([0.7, 0.5]), TypeError, "histories must be a dict"),
    (lambda: lessons.plot_sigmoid(z_min=3.0, z_max=-3.0), ValueError, "z_min must be smaller than z_max"),
    (lambda: lessons.plot_threshold_curve([0.5]), TypeError, "sweep must be the DataFrame"),
])
def test_figures_check_their_input_like_the_maths(draw, error, match):
    with pytest.raises(error, match=match):
        draw()


# Notebooks 07 and 08: the C sweep, the regularization path, the reliability diagram, digit images.

def test_plot_c_sweep_draws_the_sweep_on_log_axes():
    sweep = lessons.c_sweep(data.X_train, data.y_train, data.X_val, data.y_val, [0.01, 1.0, 100.0])
    fig = lessons.plot_c_sweep(sweep)
    _labelled(fig)
    _uses_palette(fig)
    left, right = fig.axes
    assert left.get_xscale() == right.get_xscale() == "log"
    np.testing.assert_allclose(left.lines[1].get_ydata(), sweep["val_loss"])
    np.testing.assert_allclose(right.lines[0].get_ydata(), sweep["val_accuracy"])
    with pytest.raises(ValueError, match="missing columns"):
        lessons.plot_c_sweep(sweep.drop(columns="val_loss"))


def test_plot_regularization_path_highlights_the_named_features():
    Cs = [0.1, 1.0, 10.0]
    coefs, _ = lessons.regularization_path(data.X_train, data.y_train, Cs)
    fig = lessons.plot_regularization_path(Cs, coefs, data.feature_names, highlight=["worst texture"])
    _labelled(fig)
    ax = fig.axes[0]
    coloured = [line for line in ax.lines if line.get_label() == "worst texture"]
    np.testing.assert_allclose(coloured[0].get_ydata(), coefs[:, data.feature_names.index("worst texture")])
    assert len(ax.lines) == 30 + 1  # every weight, and the zero line
    with pytest.raises(ValueError, match="not among the feature names"):
        lessons.plot_regularization_path(Cs, coefs, data.feature_names, highlight=["no such"])
    with pytest.raises(ValueError, match="coefs must have shape"):
        lessons.plot_regularization_path(Cs, coefs[:2], data.feature_names)


def test_plot_reliability_diagram_draws_the_table():
    table = lessons.reliability_table(data.y_val, P_VAL, n_bins=5)
    fig = lessons.plot_reliability_diagram(table)
    _labelled(fig)
    _uses_palette(fig)
    model_line = [line for line in fig.axes[0].lines if line.get_label() == "the model"][0]
    np.testing.assert_allclose(model_line.get_xdata(), table["mean_predicted"])
    np.testing.assert_allclose(model_line.get_ydata(), table["observed"])
    with pytest.raises(ValueError, match="reliability_table"):
        lessons.plot_reliability_diagram(table.drop(columns="observed"))


def test_digit_weight_image_is_the_weights_reshaped_with_a_symmetric_scale():
    w = np.linspace(-2.0, 1.0, 64)
    fig = lessons.plot_digit_weights(w)
    image = fig.axes[0].images[0]
    np.testing.assert_array_equal(image.get_array(), w.reshape(8, 8))
    assert image.get_clim() == (-2.0, 2.0)
    assert fig.axes[0].get_title() and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    with pytest.raises(ValueError, match="64 weights"):
        lessons.plot_digit_weights(np.ones(30))


def test_digit_gallery_and_class_weight_images():
    images = np.arange(3 * 64, dtype=float).reshape(3, 64) % 17
    fig = lessons.plot_digit_gallery(images, ["a", "b", "c"], suptitle="three")
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == ["a", "b", "c"]
    np.testing.assert_array_equal(shown[1].images[0].get_array(), images[1].reshape(8, 8))
    assert fig.get_suptitle() == "three"
    with pytest.raises(ValueError, match="one title per image"):
        lessons.plot_digit_gallery(images, ["a"])
    coef = np.arange(640, dtype=float).reshape(10, 64)
    fig = lessons.plot_class_weight_images(coef)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 10 and shown[9].get_title() == "class 9"
    np.testing.assert_array_equal(shown[3].images[0].get_array(), coef[3].reshape(8, 8))
    with pytest.raises(ValueError, match=r"shape \(n_classes, 64\)"):
        lessons.plot_class_weight_images(np.ones((10, 30)))


def test_plot_loss_surface_marks_the_optimum_where_it_is_given():
    x, y = np.array([-1.0, -1.0, 1.0, 1.0]), np.array([0, 1, 1, 0])
    fig = lessons.plot_loss_surface(x, y, n_grid=5, n_arrows=3, optimum=(0.5, -0.25))
    stars = [line for line in fig.axes[0].get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1 and list(stars[0].get_xydata()[0]) == [0.5, -0.25]
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["minimum"]


def test_notebook_07_and_08_plots_name_a_malformed_argument():
    with pytest.raises(ValueError, match="Cs must be penalty strengths"):
        lessons.plot_regularization_path([0.0, 1.0], [[0.1], [0.2]])
    with pytest.raises(TypeError, match="highlight"):
        lessons.plot_regularization_path([0.1, 1.0], [[0.1], [0.2]], ["a"], highlight="a")
    with pytest.raises(ValueError, match="^images must be 8 x 8"):
        lessons.plot_digit_gallery(np.zeros((2, 8)), ["a", "b"])
    with pytest.raises(TypeError, match="^titles"):
        lessons.plot_digit_gallery(np.zeros((1, 64)), None)
    with pytest.raises(TypeError, match="^w must be numbers"):
        lessons.plot_digit_weights("abc")
    with pytest.raises(ValueError, match="^class_names must hold 2 names"):
        lessons.plot_class_weight_images(np.zeros((2, 64)), class_names=("a",))


def test_loss_surface_with_rows_far_on_their_labels_side_draws_without_warnings():
    # Found by an adversarial review: X @ w overflows to ±inf for both rows (warnings are errors in this suite),
    # yet every loss and gradient on the grid is finite: each row is on its label's side.
    fig = lessons.plot_loss_surface([1e308, -1e308], [1, 0], w_range=(2, 6), b_range=(-1, 1))
    assert isinstance(fig, Figure) and len(fig.axes[0].collections) > 0


def test_plot_loss_slice_draws_both_losses_and_shades_where_squared_error_bends_down():
    x, y = data.X_train[:, data.columns("mean radius")[0]], data.y_train
    w = np.linspace(-10.0, 10.0, 201)
    fig = lessons.plot_loss_slice(x, y, w, b=-0.75)
    _labelled(fig)
    _uses_palette(fig)
    squared_ax, log_ax = fig.axes
    z = np.outer(w, x) - 0.75
    np.testing.assert_allclose(squared_ax.get_lines()[0].get_ydata(), ((expit(z) - y) ** 2).mean(axis=1), rtol=1e-12)
    log_reference = -(y * log_expit(z) + (1 - y) * log_expit(-z)).mean(axis=1)
    np.testing.assert_allclose(log_ax.get_lines()[0].get_ydata(), log_reference, rtol=1e-9)
    assert len(squared_ax.collections) == 1 and not log_ax.collections  # shaded only where the curve bends down


def test_plot_loss_slice_refuses_a_w_that_is_not_an_increasing_axis():
    with pytest.raises(ValueError, match="w must be increasing"):
        lessons.plot_loss_slice([1.0, -1.0], [1, 0], [0.0, 2.0, 1.0])
    with pytest.raises(ValueError, match="at least 3"):
        lessons.plot_loss_slice([1.0, -1.0], [1, 0], [0.0, 1.0])
