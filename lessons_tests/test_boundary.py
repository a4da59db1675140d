"""The boundary explorer without a browser: move its sliders, check the frame against gradient descent,
scipy and scikit-learn."""

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image
from scipy.special import expit
from sklearn.metrics import accuracy_score, log_loss

import lessons.boundary as module
from lessons import boundary_explorer, gradient_descent, load_course_data
from lessons.boundary import BAND, BoundaryPanel
from lessons.plots import new_figure
from lessons.widgets import FigureRenderer

FEATURES = ("worst area", "worst smoothness")


@pytest.fixture(scope="module")
def two():
    data = load_course_data()
    return data.X_train[:, data.columns(*FEATURES)], data.y_train


def parts(box):
    (step, lr), text, image = box.children[0].children, box.children[1], box.children[2]
    return step, lr, text, image


def alt(image):
    return html.unescape(re.search(r'alt="([^"]*)"', image.value).group(1))


def pixels_of(img_tag):
    data = re.search(r'base64,([^"]+)"', img_tag).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))


def reference_path(X, y, lr, n_iter):
    """Gradient descent on the mean log loss written out with scipy: (w, b) before each step."""
    w, b, rows = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_iter + 1):
        rows.append(np.append(w, b))
        p = expit(X @ w + b)
        w, b = w - lr * X.T @ (p - y) / len(y), b - lr * np.mean(p - y)
    return np.array(rows)


def test_layout_sliders_with_descriptions_and_tooltips(two):
    step, lr, text, image = parts(boundary_explorer(*two, n_iter=100, feature_names=FEATURES))
    assert isinstance(step, widgets.IntSlider) and isinstance(lr, widgets.FloatLogSlider)
    assert (step.description, lr.description) == ("iteration", "learning rate")
    assert step.tooltip and lr.tooltip  # the label's title: what the control does
    assert (step.min, step.max, step.value) == (0, 100, 100)  # starts at the end of the run
    assert image.value.startswith('<img src="data:image/png;base64,')


def test_every_frame_is_a_row_of_one_gradient_descent_path(two):
    X2, y = two
    box = boundary_explorer(X2, y, learning_rate=1.0, n_iter=200, feature_names=FEATURES)
    step, lr, text, image = parts(box)
    _, _, history, path = gradient_descent(X2, y, 1.0, 200, return_path=True)
    np.testing.assert_allclose(path, reference_path(X2, y, 1.0, 200), rtol=1e-9, atol=1e-12)
    before = (text.value, image.value)
    for k in (0, 1, 7, 60, 200):
        step.value = k
        frame = box.frame
        assert frame["iteration"] == k and frame["learning_rate"] == 1.0
        np.testing.assert_array_equal(frame["w"], path[k, :2])  # bit for bit: the same run, replayed
        assert frame["b"] == path[k, 2] and frame["loss"] == history[k]
        w, b = frame["w"], frame["b"]
        p = expit(X2 @ w + b)
        assert frame["loss"] == pytest.approx(log_loss(y, p, labels=[0, 1]), abs=1e-12)
        shown = html.unescape(text.value)
        assert f"iteration {k} of 200" in shown and f"training loss {log_loss(y, p, labels=[0, 1]):.3f}" in shown
        assert f"training accuracy {accuracy_score(y, X2 @ w + b > 0):.3f}" in shown
        assert alt(image).startswith("Decision boundary over the samples, and the loss curve. learning rate 1,")
        earlier = [j for j in (1, 3, 10, 30, 100) if j < k]
        assert (f"dashed: the boundary at iterations {', '.join(map(str, earlier))}" in shown) == bool(earlier)
        assert (text.value, image.value) != before
        before = (text.value, image.value)
    step.value = 0
    assert "w = 0: every point gets p = σ(b) = 0.500, there is no boundary yet" in html.unescape(text.value)


def test_one_run_per_learning_rate_cached(two, monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[2])
        return gradient_descent(*args, **kwargs)

    monkeypatch.setattr(module, "gradient_descent", counting)
    box = boundary_explorer(*two, learning_rate=1.0, n_iter=50)
    step, lr, text, _ = parts(box)
    for value in (10, 20, 30):
        step.value = value
    lr.value = 0.1
    shown = html.unescape(text.value)
    assert "learning rate 0.1, iteration 30 of 50" in shown
    step.value = 40
    lr.value = 1.0
    step.value = 5
    assert calls == [1.0, 0.1]  # every iteration of a learning rate comes from its one recorded run
    _, _, history, path = gradient_descent(*two, 0.1, 50, return_path=True)
    lr.value = 0.1
    np.testing.assert_array_equal(box.frame["w"], path[5, :2])


def test_a_larger_learning_rate_gets_further_in_the_same_steps(two):
    box = boundary_explorer(*two, learning_rate=0.01, n_iter=100)
    _, lr, _, image = parts(box)
    slow, before = box.frame["loss"], image.value
    lr.value = 1.0
    assert box.frame["loss"] < slow and image.value != before


def test_panel_draws_the_model_it_is_given():
    rng = np.random.default_rng(1)
    X2, y = rng.normal(size=(40, 2)), np.array([0, 1] * 20)
    fig, ax = new_figure()
    panel = BoundaryPanel(ax, X2, y, ("u", "v"), ("a", "b"), n_earlier=2)
    renderer = FigureRenderer(fig, panel.moving)
    w, b = np.array([1.5, -2.0]), 0.4
    words = panel.show(w, b, earlier=[(np.array([0.5, 0.2]), -0.1)])
    np.testing.assert_allclose(np.column_stack(panel.earlier[0].get_data()) @ [0.5, 0.2] - 0.1, 0.0, atol=1e-12)
    assert not panel.earlier[1].get_visible()  # only one earlier model was given
    for line, level in ((panel.boundary, 0.0), (panel.bands[0], -BAND), (panel.bands[1], BAND)):
        points = np.column_stack(line.get_data())
        np.testing.assert_allclose(points @ w + b, level, atol=1e-12)  # the line w·x + b = level
        np.testing.assert_allclose(expit(points @ w + b), expit(level))  # p = 0.5, 0.1, 0.9 there
    start, tip = np.array(panel.arrow.xyann), np.array(panel.arrow.xy)
    assert start @ w + b == pytest.approx(0.0, abs=1e-12)  # the arrow starts on the boundary
    step = tip - start
    assert step @ w == pytest.approx(np.linalg.norm(step) * np.linalg.norm(w))  # along w: where p rises
    np.testing.assert_allclose(panel.image.get_array().ravel(), expit(panel.grid @ w + b))
    assert f"{np.degrees(np.arctan2(-2.0, 1.5)):.0f}°" in words and f"{2 * np.log(9) / 2.5:.2g} wide" in words
    moved = pixels_of(renderer.html("a boundary"))
    for artist in fig.findobj():
        artist.set_animated(False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # the fast redraw shows what a full redraw shows
    np.testing.assert_array_equal(moved, np.asarray(canvas.buffer_rgba())[..., :3])


def test_the_stored_frame_shows_the_fitted_boundary_without_a_kernel(two):
    X2, y = two
    box = boundary_explorer(X2, y, learning_rate=1.0, n_iter=300, feature_names=FEATURES)
    description = alt(box.children[2])
    w = gradient_descent(X2, y, 1.0, 300)[0]
    assert "iteration 300 of 300" in description and f"||w|| = {np.linalg.norm(w):.3g}" in description
    assert "w points at" in description and "band from p = 0.1 to 0.9" in description
    rgb = pixels_of(box.children[2].value).astype(int)
    bluish = (rgb[..., 2] - rgb[..., 0] > 40).mean()
    reddish = (rgb[..., 0] - rgb[..., 2] > 40).mean()
    assert bluish > 0.02 and reddish > 0.02  # both sides of the boundary are shaded


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(X2=np.ones((4, 3))), ValueError, "X2 must have exactly 2 columns"),
    (dict(y=np.zeros(4)), ValueError, r"\by holds only one class"),
    (dict(y=np.array([0, 1, 1])), ValueError, "X2 and y must have the same number of samples"),
    (dict(X2=np.full((4, 2), 1e9)), ValueError, "standardize"),
    (dict(learning_rate=0.0), ValueError, r"learning_rate must be between 0\.01 and 31\.6"),
    (dict(learning_rate=100.0), ValueError, "learning_rate must be between"),
    (dict(learning_rate="1"), TypeError, "learning_rate must be a number"),
    (dict(n_iter=0), ValueError, "n_iter must be between 1 and 2000"),
    (dict(n_iter=10.0), TypeError, "n_iter must be an integer"),
    (dict(feature_names=("a",)), ValueError, "feature_names must hold 2 names"),
    (dict(class_names="ab"), TypeError, "class_names must be a tuple of 2 strings"),
])
def test_refuses_clearly(kwargs, error, match):
    args = dict(X2=np.array([[-1.0, 0.5], [0.5, -0.2], [1.5, 1.0], [-0.3, -1.2]]), y=np.array([0, 1, 1, 0]))
    with pytest.raises(error, match=match):
        boundary_explorer(**(args | kwargs))


def test_no_pyplot_figures_are_left_behind(two):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    boundary_explorer(*two, n_iter=10)
    assert plt.get_fignums() == before
