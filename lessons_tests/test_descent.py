"""The descent explorer without a browser: move its controls, check the path against gradient_descent and the
contours against scikit-learn's log loss."""

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image
from scipy.special import expit
from sklearn.metrics import log_loss

from lessons import check_descent_predictions, descent_explorer, gradient_descent, load_course_data
from lessons.descent import LEARNING_RATES, _surface, path_verdict
from lessons.exercises import DESCENT_RUNS


@pytest.fixture(scope="module")
def radius():
    raw = load_course_data(scaled=False)
    return raw.X_train[:, raw.columns("mean radius")[0]], raw.y_train


@pytest.fixture(scope="module")
def box(radius):
    return descent_explorer(*radius, feature_name="mean radius", n_iter=400)


def controls(box):
    return box.children[0].children


def shown(box):
    return html.unescape(box.children[1].value), box.children[2].value


def pixels(img_tag):
    data = re.search(r'src="data:image/png;base64,([^"]*)"', img_tag).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))))


def test_controls_have_names_and_the_kinds_asked_for(box):
    mode, rate, step = controls(box)
    assert isinstance(mode, widgets.ToggleButtons) and mode.options == ("raw", "standardized")
    assert isinstance(rate, widgets.SelectionSlider) and isinstance(step, widgets.IntSlider)
    assert [c.description for c in (mode, rate, step)] == ["feature", "learning rate", "iteration"]
    assert tuple(rate.options[i][1] for i in range(len(rate.options))) == LEARNING_RATES
    assert step.max == step.value == 400 and step.min == 0


@pytest.mark.parametrize("scaled, rate", [(False, 0.035), (False, 0.1), (True, 0.1), (True, 3.0)])
def test_the_frame_is_a_run_of_gradient_descent_to_the_last_bit(radius, scaled, rate):
    x, y = radius
    X = ((x - x.mean()) / x.std() if scaled else x).reshape(-1, 1)
    w, b, history, path = gradient_descent(X, y, rate, 60, return_path=True)
    box = descent_explorer(x, y, learning_rate=rate, n_iter=60, scaled=scaled)
    _, _, step = controls(box)
    for k in (60, 7, 0):
        step.value = k
        text, image = shown(box)
        assert f"iteration {k} of 60: w = {path[k, 0]:.3g}, b = {path[k, 1]:.3g}, loss {history[k]:.3g}" in text
    frame = box.frames["standardized" if scaled else "raw"]  # the drawn line is the recorded path
    line_x, line_y = frame["line"].get_data()
    assert np.array_equal(line_x, path[:1, 0]) and np.array_equal(line_y, path[:1, 1])
    assert np.array_equal(frame["runs"][rate][1], path) and np.array_equal(frame["runs"][rate][0], history)


def test_moving_each_control_changes_the_text_and_the_figure(box):
    mode, rate, step = controls(box)
    before_text, before_image = shown(box)
    for control, value in ((step, 25), (rate, 0.1), (mode, "standardized"), (rate, 0.001)):
        control.value = value
        text, image = shown(box)
        assert text != before_text and image != before_image, control.description
        assert not np.array_equal(pixels(image), pixels(before_image))
        before_text, before_image = text, image
    assert "standardized mean radius, learning rate 0.001, iteration 25 of 400" in before_text
    assert re.search(r'alt="Loss contours over the weight w and the intercept b, and the gradient-descent path\. '
                     r"standardized mean radius, learning rate 0.001", before_image)
    mode.value, rate.value, step.value = "raw", 0.035, 400  # back to the start for the other tests


def test_the_contours_are_the_log_loss(radius):
    x, y = radius
    ws, bs, L = _surface(x.reshape(-1, 1), y, ((-0.1, 0.3), (-3.0, 0.5)))
    for i, j in ((0, 0), (17, 42), (59, 59)):
        assert L[i, j] == pytest.approx(log_loss(y, expit(ws[j] * x + bs[i]), labels=[0, 1]), rel=1e-10)


def test_crawl_zig_zag_divergence_and_the_straight_walk_are_each_reachable(radius):
    """The verdicts the notebook names, from gradient_descent's own runs, 1,000 steps as in the notebook."""
    x, y = radius
    X_raw, X_std = x.reshape(-1, 1), ((x - x.mean()) / x.std()).reshape(-1, 1)
    verdicts = {}
    for key, X in (("raw", X_raw), ("standardized", X_std)):
        for rate in (0.001, 0.035, 0.1):
            _, _, history, path = gradient_descent(X, y, rate, 1000, return_path=True)
            verdicts[f"{key} {rate:g}"] = path_verdict(history, path)[0]
            if verdicts[f"{key} {rate:g}"] == "diverges":  # a loss above its start, as the verdict says
                assert history.max() > np.log(2)
    assert verdicts["raw 0.001"] == "crawls" and verdicts["raw 0.035"] == "zig-zags"
    assert verdicts["raw 0.1"] == "diverges" and verdicts["standardized 0.1"] == "walks straight down"
    assert verdicts["standardized 0.035"] != "zig-zags"  # the same rate heads straight down the rounder valley
    # the exercise's answer is what the runs do
    assert check_descent_predictions({key: verdicts[key] for key in DESCENT_RUNS}).passed


def test_path_verdict_by_hand():
    assert path_verdict([0.7, 0.6, 0.8], [[0, 0], [1, 0], [2, 0]])[0] == "diverges"
    zig = [[0, 0], [1, 0], [0.5, 0], [0.8, 0], [0.6, 0], [0.7, 0]]
    assert path_verdict([0.7, 0.6, 0.5, 0.45, 0.42, 0.41], zig)[0] == "zig-zags"
    straight = [[k, 0] for k in range(11)]
    level = [0.69, 0.5, 0.4, 0.35, 0.34, 0.339, 0.3389, 0.3388, 0.33879, 0.33878, 0.33878]
    assert path_verdict(level, straight)[0] == "walks straight down"
    assert path_verdict(np.linspace(0.69, 0.5, 11), straight)[0] == "crawls"
    with pytest.raises(ValueError, match="one row per loss"):
        path_verdict([0.7, 0.6], [[0, 0]])


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(learning_rate=0.04), ValueError, "learning_rate must be one of the slider's values"),
    (dict(n_iter=5), ValueError, "n_iter"),
    (dict(scaled="yes"), TypeError, "scaled must be True or False"),
    (dict(feature_name=3), TypeError, "feature_name must be a string"),
])
def test_refuses_clearly(radius, kwargs, error, match):
    with pytest.raises(error, match=match):
        descent_explorer(*radius, **kwargs)


def test_refuses_a_constant_or_huge_feature():
    with pytest.raises(ValueError, match="x is constant"):
        descent_explorer(np.ones(6), [0, 1] * 3)
    with pytest.raises(ValueError, match="x has values beyond 1e150"):
        descent_explorer(np.array([1e200, 1.0] * 3), [0, 1] * 3)
