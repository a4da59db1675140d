"""The tutorial's mistakes, reproduced: each test states what the correct version gives instead."""

import warnings

import numpy as np
import pytest
from scipy.special import expit
from sklearn.metrics import log_loss

from lessons import binary_cross_entropy, load_course_data, sigmoid
from lessons.tutorial import (
    loop_binary_cross_entropy,
    naive_sigmoid,
    safe_log,
    tutorial_binary_cross_entropy,
    tutorial_fit,
)


def test_naive_sigmoid_overflows_where_the_stable_one_does_not():
    with pytest.warns(RuntimeWarning, match="overflow encountered in exp"):
        assert naive_sigmoid(-1000.0) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(-1000.0) == 0.0
    assert naive_sigmoid(-709.0) == pytest.approx(expit(-709.0), rel=1e-12)  # fine above -709.78


def test_safe_log_scores_a_certain_wrong_prediction_as_zero():
    assert safe_log(0.0) == 0 and safe_log(np.e) == pytest.approx(1.0)
    y, p = [1.0, 0.0], [0.0, 1.0]  # both certain and wrong
    assert tutorial_binary_cross_entropy(y, p) == 0.0
    assert binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p))  # 36 nats, as scikit-learn says


def test_loop_loss_equals_vectorized_and_sklearn():
    rng = np.random.default_rng(1)
    y, p = rng.integers(0, 2, 500).astype(float), rng.uniform(0, 1, 500)
    assert loop_binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-10)
    assert loop_binary_cross_entropy(y, p) == pytest.approx(binary_cross_entropy(y, p), rel=1e-10)


def test_unscaled_tutorial_run_saturates_and_its_loss_rises():
    raw = load_course_data(scaled=False)
    X = np.vstack([raw.X_train, raw.X_val])  # the tutorial trained on all 455 non-test rows
    y = np.concatenate([raw.y_train, raw.y_val])
    w, b, losses = tutorial_fit(X, y, learning_rate=0.1, n_iter=50)
    assert losses[0] == pytest.approx(np.log(2))
    assert losses[1] > 100 * losses[0]  # one step with lr 0.1 on raw areas in the thousands
    assert np.sum(np.diff(losses) > 0) >= 10  # and it keeps bouncing up
    with np.errstate(over="ignore"):
        p = naive_sigmoid(raw.X_test @ w + b)
    assert np.sum((p > 0.01) & (p < 0.99)) <= 5  # almost every probability is saturated
