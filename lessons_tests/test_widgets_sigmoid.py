"""Tests for the w and b sliders of notebook 01 (`lessons.sigmoid_explorer`).

Move a slider, read the text and the image's alt text, and compare the numbers
with scikit-learn's `log_loss` / `accuracy_score` on scipy's `expit`.
"""

import html
import re

import ipywidgets as widgets
import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import accuracy_score, log_loss

from lessons import load_course_data, sigmoid_explorer


@pytest.fixture(scope="module")
def radius():
    data = load_course_data()
    return data.X_train[:, data.columns("mean radius")[0]], data.y_train


def _alt(box):
    return html.unescape(re.search(r'alt="([^"]*)"', box.children[2].value).group(1))


def _expected(x, y, w, b):
    p = expit(w * x + b)
    return f"mean log loss {log_loss(y, p, labels=[0, 1]):.4f} nats", f"accuracy {accuracy_score(y, p > 0.5):.3f}"


def test_layout_is_sliders_text_image(radius):
    box = sigmoid_explorer(*radius)
    assert isinstance(box, widgets.VBox)
    sliders = box.children[0].children
    assert [s.description for s in sliders] == ["w", "b"]
    assert all(isinstance(s, widgets.FloatSlider) for s in sliders)
    assert box.children[2].value.startswith('<img src="data:image/png;base64,')


def test_initial_text_shows_the_loss_of_the_initial_w_and_b(radius):
    x, y = radius
    box = sigmoid_explorer(x, y, w=1.0, b=0.0)
    loss_text, accuracy_text = _expected(x, y, 1.0, 0.0)
    text = html.unescape(box.children[1].value)
    assert loss_text in text and accuracy_text in text
    assert "p = 0.5 at x = −b/w = 0.00" in text


def test_moving_the_sliders_updates_text_and_image(radius):
    x, y = radius
    box = sigmoid_explorer(x, y)
    w_slider, b_slider = box.children[0].children
    before_image = box.children[2].value
    w_slider.value = 2.0
    b_slider.value = -0.5
    loss_text, accuracy_text = _expected(x, y, 2.0, -0.5)
    for shown in (html.unescape(box.children[1].value), _alt(box)):
        assert "w = 2.00, b = -0.50" in shown
        assert loss_text in shown and accuracy_text in shown
        assert "p = 0.5 at x = −b/w = 0.25" in shown  # 0.5 / 2
    assert box.children[2].value != before_image


def test_a_better_fit_shows_a_smaller_loss(radius):
    x, y = radius
    box = sigmoid_explorer(x, y, w=1.0, b=0.0)
    first = float(re.search(r"mean log loss ([0-9.]+)", box.children[1].value).group(1))
    box.children[0].children[0].value = 3.3
    box.children[0].children[1].value = -0.7
    second = float(re.search(r"mean log loss ([0-9.]+)", box.children[1].value).group(1))
    assert second == pytest.approx(log_loss(y, expit(3.3 * x - 0.7)), abs=1e-4)
    assert second < first


def test_w_zero_gives_a_flat_curve(radius):
    x, y = radius
    box = sigmoid_explorer(x, y, w=1.0, b=0.0)
    box.children[0].children[0].value = 0.0
    box.children[0].children[1].value = 1.0
    text = html.unescape(box.children[1].value)
    assert f"every sample gets p = σ(b) = {expit(1.0):.3f}" in text
    assert f"mean log loss {log_loss(y, np.full(len(y), expit(1.0))):.4f}" in text


def test_small_example_by_hand():
    # w = 0, b = 0: p = 0.5 for both samples, loss ln 2; accuracy: z = 0 is not > 0, so both are called 0.
    box = sigmoid_explorer([-1.0, 1.0], [0, 1], w=0.0, b=0.0)
    assert f"mean log loss {np.log(2):.4f}" in box.children[1].value
    assert "accuracy 0.500" in box.children[1].value


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"w": 50.0}, ValueError, "w must be between"),
    ({"b": -9.0}, ValueError, "b must be between"),
])
def test_out_of_range_start_values_raise(radius, kwargs, error, match):
    with pytest.raises(error, match=match):
        sigmoid_explorer(*radius, **kwargs)


def test_bad_labels_raise():
    with pytest.raises(ValueError, match="only 0 and 1"):
        sigmoid_explorer([0.0, 1.0], [0, 3])


def test_no_pyplot_figures_are_left_behind(radius):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    sigmoid_explorer(*radius)
    assert plt.get_fignums() == before
