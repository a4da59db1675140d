"""Analytic gradients against central finite differences (several shapes, with and without C)."""

import numpy as np
import pytest
from scipy.special import expit, log_expit
from sklearn.metrics import log_loss

from lessons import binary_cross_entropy_from_logits, gradients, loss, numerical_gradient, objective
from lessons.objective import BLOCK_ROWS, loss_and_gradients, sample_sums
from lessons.tutorial import tutorial_gradients


def problem(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, 2, n)
    return X, y, rng.normal(size=d), float(rng.normal())


@pytest.mark.parametrize("n, d", [(1, 1), (7, 3), (50, 10), (200, 30)])
@pytest.mark.parametrize("C", [None, 0.5, 10.0])
def test_gradients_match_finite_differences(n, d, C):
    X, y, w, b = problem(n, d, seed=n * d)
    dw, db = gradients(X, y, w, b, C)
    num_dw, num_db = numerical_gradient(X, y, w, b, C)
    np.testing.assert_allclose(dw, num_dw, rtol=1e-6, atol=1e-8)
    assert db == pytest.approx(num_db, rel=1e-6, abs=1e-8)


def test_gradients_are_the_textbook_formula():
    X, y, w, b = problem(30, 4, seed=1)
    r = expit(X @ w + b) - y
    dw, db = gradients(X, y, w, b, C=2.0)
    np.testing.assert_allclose(dw, X.T @ r / 30 + w / (30 * 2.0), rtol=1e-12)
    assert db == pytest.approx(r.mean(), rel=1e-12)


def test_loss_is_sklearn_log_loss_plus_sklearn_penalty():
    # scikit-learn's objective C * sum(loss) + ||w||² / 2, divided by n C
    X, y, w, b = problem(40, 5, seed=2)
    p = expit(X @ w + b)
    assert loss(X, y, w, b) == pytest.approx(log_loss(y, p), rel=1e-12)
    C = 0.7
    expected = (C * 40 * log_loss(y, p) + w @ w / 2) / (40 * C)
    assert loss(X, y, w, b, C) == pytest.approx(expected, rel=1e-12)


def test_tutorial_gradient_is_exactly_twice_the_true_one():
    X, y, w, b = problem(25, 3, seed=3)
    dw, db = gradients(X, y, w, b)
    tw, tb = tutorial_gradients(X, y, w, b)
    np.testing.assert_allclose(tw, 2 * dw, rtol=1e-12)
    assert tb == pytest.approx(2 * db, rel=1e-12)


def test_gradient_finite_for_huge_logits():
    X = np.array([[1000.0], [-1000.0]])
    dw, db = gradients(X, [0, 1], [5.0], 0.0)
    assert np.all(np.isfinite(dw)) and np.isfinite(db)
    assert dw[0] == pytest.approx(1000.0)  # p = [1, 0], r = [1, -1]: (1000 + 1000) / 2


X0, Y0, W0 = np.ones((3, 2)), np.array([0, 1, 1]), np.zeros(2)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(X=np.ones(3)), ValueError, "X must be a 2D array"),
    (dict(y=[0, 1]), ValueError, "X and y must have the same number of samples"),
    (dict(y=[0, 1, 3]), ValueError, "y must contain only 0 and 1"),
    (dict(w=np.zeros(3)), ValueError, "w must have one weight per feature"),
    (dict(b=[0.0, 1.0]), ValueError, "b must be a single number"),
    (dict(X=np.array([[1.0, np.inf]] * 3)), ValueError, "X contains inf"),
    (dict(X=np.array([[1.0, np.nan]] * 3)), ValueError, "X contains NaN"),
    (dict(X=np.ones((0, 2)), y=[]), ValueError, "X is empty"),
    (dict(C=0.0), ValueError, "C must be a number > 0"),
    (dict(C=-1.0), ValueError, "C must be a number > 0"),
    (dict(C="1"), TypeError, "C must be a number > 0"),
])
def test_bad_input(kwargs, error, match):
    args = dict(X=X0, y=Y0, w=W0, b=0.0, C=None) | kwargs
    for fn in (gradients, loss, numerical_gradient):
        with pytest.raises(error, match=match):
            fn(**args)


def scipy_reference(X, y, w, b):
    """(mean log loss, Xᵀ(p - y) / n, mean(p - y)) from scipy's expit and log_expit, without a penalty."""
    z = X @ w + b
    residual = expit(z) - y
    return -np.mean(y * log_expit(z) + (1 - y) * log_expit(-z)), X.T @ residual / len(y), residual.mean()


@pytest.mark.parametrize("scale", [1.0, 30.0, 400.0])  # logits up to about ±12, ±360 and ±4,800
@pytest.mark.parametrize("C", [None, 2.0])
def test_loss_and_gradients_match_scipy_at_extreme_logits(scale, C):
    rng = np.random.default_rng(int(scale))
    X, y = rng.normal(size=(500, 4)) * scale, rng.integers(0, 2, 500).astype(float)
    w, b = rng.normal(size=4), 0.3
    expected_loss, expected_dw, expected_db = scipy_reference(X, y, w, b)
    if C is not None:
        expected_loss, expected_dw = expected_loss + w @ w / (2 * len(y) * C), expected_dw + w / (len(y) * C)
    value, dw, db = loss_and_gradients(X, y, w, b, C)
    assert value == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(dw, expected_dw, rtol=1e-10, atol=1e-12 * scale)
    assert db == pytest.approx(expected_db, rel=1e-10, abs=1e-15)
    assert (value, dw.tolist(), db) == (loss(X, y, w, b, C), *[v.tolist() if hasattr(v, "tolist") else v
                                                               for v in gradients(X, y, w, b, C)])


# Issue 10: C = np.inf is scikit-learn's "no penalty"; overflow is a sentence, not a RuntimeWarning.
X_SMALL, Y_SMALL, W_SMALL = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -2.0]]), np.array([1, 0, 0]), np.array([0.2, -0.4])


@pytest.mark.parametrize("function", [loss, gradients, numerical_gradient])
def test_c_inf_means_no_penalty(function):
    with_inf = function(X_SMALL, Y_SMALL, W_SMALL, 0.1, C=np.inf)
    without = function(X_SMALL, Y_SMALL, W_SMALL, 0.1)
    flat = [np.hstack([np.ravel(part) for part in (r if isinstance(r, tuple) else (r,))]) for r in (with_inf, without)]
    assert np.array_equal(*flat)


@pytest.mark.parametrize("function", [loss, gradients])
@pytest.mark.parametrize("w, X", [([1e308, -1e308], X_SMALL), ([3.0, 3.0], X_SMALL * 5e307)])
def test_overflow_is_a_clear_error_without_warnings(function, w, X):
    with pytest.raises(ValueError, match=r"overflowed.*\bw\b or \bX\b"):
        function(X, Y_SMALL, w, 0.0)


@pytest.mark.parametrize("kwargs, match", [
    (dict(w=np.array([[0.2], [-0.4]])), r"w must be a 1D array of shape \(n_features,\).*w\.ravel\(\)"),
    (dict(X=np.empty((3, 0)), w=np.empty(0)), r"X has no features \(shape \(3, 0\)\)"),
    (dict(C=0.0), "C must be a number > 0"),
    (dict(C=1e-310), r"1 / C is finite"),
    (dict(C="1"), "C must be a number > 0"),
])
def test_unclear_errors_are_clear_now(kwargs, match):
    args = dict(X=X_SMALL, y=Y_SMALL, w=W_SMALL, b=0.0) | kwargs
    with pytest.raises((ValueError, TypeError), match=match):
        gradients(**args)


def test_the_loss_of_a_huge_logit_is_not_lost_to_cancellation():
    # One sample at z = 1e20 (y = 1: loss 0) and one at z = 1 (y = 0: loss ln(1 + e)); summing max(z, 0) over
    # samples before subtracting y z would cancel 1e20 against 1e20 and drop the second sample's 1.
    X, y = np.array([[1e20], [1.0]]), np.array([1.0, 0.0])
    expected = binary_cross_entropy_from_logits(y, X[:, 0])  # per sample, with np.logaddexp
    assert expected == pytest.approx(np.log1p(np.e) / 2, rel=1e-15)
    assert loss(X, y, [1.0], 0.0) == pytest.approx(expected, rel=1e-15)
    assert loss_and_gradients(X, y, np.array([1.0]), 0.0)[0] == pytest.approx(expected, rel=1e-15)


# Issue 9: the sums are added a block of BLOCK_ROWS rows at a time; the block boundaries must not show.
@pytest.mark.parametrize("n", [BLOCK_ROWS - 1, BLOCK_ROWS, BLOCK_ROWS + 1, 3 * BLOCK_ROWS + 5])
def test_several_blocks_give_the_reference_loss_and_gradients(n):
    rng = np.random.default_rng(n)
    X, y = rng.normal(size=(n, 4)) * 5, rng.integers(0, 2, n).astype(float)
    w, b = rng.normal(size=4), -0.2
    value, dw, db = loss_and_gradients(X, y, w, b)
    expected_loss, expected_dw, expected_db = scipy_reference(X, y, w, b)
    assert value == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(dw, expected_dw, rtol=1e-10, atol=1e-13)
    assert db == pytest.approx(expected_db, rel=1e-10, abs=1e-13)


@pytest.mark.parametrize("rows", [1, 7, 50, 10_000])
def test_the_block_size_changes_only_the_order_of_the_additions(rows, monkeypatch):
    X, y, w, b = problem(50, 3, seed=5)
    y = y.astype(float)
    whole = loss_and_gradients(X, y, w, b, 2.0)
    monkeypatch.setattr(objective, "BLOCK_ROWS", rows)
    blocked = loss_and_gradients(X, y, w, b, 2.0)
    assert blocked[0] == pytest.approx(whole[0], rel=1e-14)
    np.testing.assert_allclose(blocked[1], whole[1], rtol=1e-13, atol=1e-16)
    assert blocked[2] == pytest.approx(whole[2], rel=1e-13, abs=1e-16)


def test_sample_sums_are_sums_over_the_rows():
    X, y, w, b = problem(30, 3, seed=9)
    y = y.astype(float)
    loss_sum, residual_dot_X, residual_sum = sample_sums(X, y, w, b)
    expected_loss, expected_dw, expected_db = scipy_reference(X, y, w, b)
    assert loss_sum == pytest.approx(30 * expected_loss, rel=1e-13)
    np.testing.assert_allclose(residual_dot_X, 30 * expected_dw, rtol=1e-12, atol=1e-14)
    assert residual_sum == pytest.approx(30 * expected_db, rel=1e-12, abs=1e-14)


# Found by an adversarial review of the blocks: lengths, huge and tiny h.
def test_the_unchecked_core_still_refuses_x_and_y_of_different_lengths():
    X = np.random.default_rng(0).normal(size=(BLOCK_ROWS + 8, 2))
    with pytest.raises(ValueError, match=rf"X has {BLOCK_ROWS + 8} rows but y has {BLOCK_ROWS} labels"):
        loss_and_gradients(X, np.zeros(BLOCK_ROWS), np.array([0.3, -0.2]), 0.1)


def test_a_huge_h_is_a_clear_error_without_an_overflow_warning():
    with pytest.raises(ValueError, match=r"h=1e\+308 is too large"):
        numerical_gradient(X_SMALL, Y_SMALL, [1.7e308, 0.0], 0.0, h=1e308)


@pytest.mark.parametrize("h, w", [(1e-310, [0.2, -0.4]), (1e-6, [1e12, 0.0])])
def test_an_h_lost_to_rounding_is_an_error_not_a_zero_gradient(h, w):
    # w + h == w: the central difference would be exactly 0, whatever the true gradient is
    with pytest.raises(ValueError, match="is too small: w \\+ h or b \\+ h rounds back"):
        numerical_gradient(X_SMALL, Y_SMALL, w, 0.0, h=h)


def test_relative_gradient_error_by_hand():
    # ‖(3, 4) − (3, 3)‖ = 1; ‖(3, 4)‖ = 5, ‖(3, 3)‖ = √18
    assert objective.relative_gradient_error([3.0, 4.0], [3.0, 3.0]) == pytest.approx(1 / (5 + 18**0.5), rel=1e-14)
    assert objective.relative_gradient_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert objective.relative_gradient_error([2.0, 0.0], [0.0, 0.0]) == 1.0  # one of them is zero
    assert objective.relative_gradient_error([1.0, -2.0], [-1.0, 2.0]) == 1.0  # opposite directions


@pytest.mark.parametrize("scale", [1e-300, 1e-9, 1.0, 1e150, 1e300])
def test_relative_gradient_error_is_scale_free(scale):
    g, g_hat = np.array([0.3, -1.2, 0.7]), np.array([0.3001, -1.2, 0.69])
    expected = np.linalg.norm(g - g_hat) / (np.linalg.norm(g) + np.linalg.norm(g_hat))  # computed at scale 1
    assert objective.relative_gradient_error(scale * g, scale * g_hat) == pytest.approx(expected, rel=1e-12)


def test_relative_gradient_error_reads_the_course_gradient_as_right_and_the_tutorial_as_wrong():
    X, y, w, b = problem(60, 4, seed=5)
    right, low_high = np.r_[gradients(X, y, w, b)], objective.GRADIENT_CHECK_THRESHOLDS
    measured = np.r_[numerical_gradient(X, y, w, b)]
    assert objective.relative_gradient_error(right, measured) < low_high[0]
    twice = np.r_[tutorial_gradients(X, y, w, b)]
    assert objective.relative_gradient_error(twice, measured) == pytest.approx(1 / 3, rel=1e-6)  # ‖g‖ / 3‖g‖
    assert objective.relative_gradient_error(twice, measured) > low_high[1]


@pytest.mark.parametrize("g, g_hat, error, match", [
    ([1.0, 2.0], [1.0], ValueError, r"g and g_hat must have the same shape"),
    ([], [], ValueError, "g and g_hat are empty"),
    ([1.0, np.nan], [1.0, 2.0], ValueError, r"\bg\b"),
    ([1.0, 2.0], "ab", TypeError, r"g_hat must be numbers"),
    (None, [1.0], TypeError, r"g must be numbers"),
])
def test_relative_gradient_error_refuses_clearly(g, g_hat, error, match):
    with pytest.raises(error, match=match):
        objective.relative_gradient_error(g, g_hat)
