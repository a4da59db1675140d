"""The explorers without a browser: move a slider, check the shown numbers against scikit-learn/scipy."""

import re

import ipywidgets as widgets
import numpy as np
import pytest
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, log_loss, precision_score, recall_score

from lessons import learning_rate_explorer, load_course_data, threshold_explorer


@pytest.fixture(scope="module")
def data():
    return load_course_data()


def parts(box):
    kinds = (widgets.FloatLogSlider, widgets.FloatSlider, widgets.IntSlider)
    sliders = [w for w in box.children[0].children if isinstance(w, kinds)]
    return sliders, box.children[1], box.children[2]


def reference_losses(X, y, lr, n_iter, C):
    """Gradient descent written out with scipy and scikit-learn: first and last loss."""
    w, b, n = np.zeros(X.shape[1]), 0.0, len(y)
    losses = []
    for _ in range(n_iter):
        p = expit(X @ w + b)
        losses.append(log_loss(y, p) + w @ w / (2 * n * C))
        w, b = w - lr * (X.T @ (p - y) / n + w / (n * C)), b - lr * np.mean(p - y)
    return losses[0], losses[-1]


def test_learning_rate_slider_updates_text_and_figure(data):
    box = learning_rate_explorer(data.X_train, data.y_train, learning_rate=0.1, n_iter=200, C=1.0)
    (lr, steps), text, image = parts(box)
    assert isinstance(lr, widgets.FloatLogSlider) and isinstance(steps, widgets.IntSlider)
    before_text, before_image = text.value, image.value
    assert "learning rate 0.1, 200 iterations" in before_text and "<img" in before_image
    lr.value = 100.0
    assert text.value != before_text and image.value != before_image
    first, last = reference_losses(data.X_train, data.y_train, 100.0, 200, 1.0)
    assert "Diverges" in text.value
    assert f"({first:.3f} → {last:.3f})" in text.value
    lr.value = 1e-4
    assert "Crawls" in text.value
    steps.value = 50
    assert "50 iterations" in text.value
    assert 'alt="Loss curve. learning rate 0.0001, 50 iterations' in image.value


def test_threshold_slider_updates_counts_and_figure(data):
    model = LogisticRegression(C=1.0).fit(data.X_train, data.y_train)
    y, p = data.y_val, model.predict_proba(data.X_val)[:, 1]
    box = threshold_explorer(y, p, cost_fn=10, cost_fp=1)
    (slider,), text, image = parts(box)
    assert slider.description == "threshold" and slider.value == 0.5
    before = image.value
    for threshold in (0.3, 0.05, 0.9):
        slider.value = threshold
        pred = (p >= threshold).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
        shown = text.value
        assert f"threshold {threshold:.2f}:" in shown
        assert f"true positives {tp}, false negatives {fn}" in shown
        assert f"false positives {fp}, true negatives {tn}" in shown
        assert f"precision {precision_score(y, pred, zero_division=0):.3f}" in shown
        assert f"recall {recall_score(y, pred):.3f}" in shown
        assert f"cost {10 * fn + fp:g}" in shown
        assert image.value != before
        before = image.value
        assert re.search(r'alt="Confusion matrix, ROC and precision-recall curves\. threshold', image.value)


def test_explorers_reject_bad_input(data):
    with pytest.raises(ValueError, match=r"p must be probabilities in \[0, 1\]"):
        threshold_explorer([0, 1], [0.5, 2.0])
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        threshold_explorer([0, 1], [0.5, 0.2], threshold=2.0)
    with pytest.raises(ValueError, match="X and y must have the same number of samples"):
        learning_rate_explorer(data.X_train, data.y_val)
