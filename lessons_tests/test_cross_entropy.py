"""Log loss against sklearn.metrics.log_loss, and the logits form against a hand computation."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit, log_expit
from sklearn.metrics import log_loss, mean_squared_error

from lessons import binary_cross_entropy, binary_cross_entropy_from_logits, logit_slopes, loss_slice, sigmoid

rng = np.random.default_rng(0)


@pytest.mark.parametrize("n", [1, 5, 1000])
def test_matches_sklearn_log_loss(n):
    y = rng.integers(0, 2, n)
    p = rng.uniform(0.001, 0.999, n)
    assert binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-12)


def test_matches_sklearn_when_probabilities_are_exactly_0_or_1():
    y = np.array([1, 0, 1, 0, 1])
    p = np.array([0.0, 1.0, 1.0, 0.0, 0.7])
    assert binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)


def test_tutorial_worked_examples():
    # -ln 0.9 = 0.10536, -ln 0.1 = 2.30259 (the tutorial's two examples)
    assert binary_cross_entropy([1], [0.9]) == pytest.approx(-np.log(0.9), rel=1e-15)
    assert binary_cross_entropy([1], [0.1]) == pytest.approx(np.log(10.0), rel=1e-15)


def test_confidently_wrong_costs_a_lot_but_is_finite():
    value = binary_cross_entropy([1, 0], [0.0, 1.0])
    assert value == pytest.approx(-np.log(np.finfo(float).eps), rel=1e-12)  # 36.04 nats
    assert np.isfinite(value) and value > 36


@pytest.mark.parametrize("z, y, expected", [
    (-1000.0, 1, 1000.0),   # softplus(-1000) + 1000 - ... = ln(1 + e^1000) ≈ 1000
    (1000.0, 0, 1000.0),
    (1000.0, 1, 0.0),
    (0.0, 1, np.log(2.0)),
    (-30.0, 0, np.log1p(np.exp(-30.0))),
])
def test_logits_form_exact_for_large_z(z, y, expected):
    assert binary_cross_entropy_from_logits([y], [z]) == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_logits_form_no_warning_at_extremes():
    z = np.array([-1e300, -1e4, 1e4, 1e300])
    assert np.isfinite(binary_cross_entropy_from_logits([1, 1, 0, 0], z))


labels_and_logits = st.integers(1, 40).flatmap(lambda n: st.tuples(
    arrays(np.int64, n, elements=st.integers(0, 1)),
    arrays(np.float64, n, elements=st.floats(-700, 700, allow_nan=False))))


@given(labels_and_logits)
def test_loss_nonnegative_and_forms_agree(data):
    y, z = data
    from_logits = binary_cross_entropy_from_logits(y, z)
    assert from_logits >= 0
    p = sigmoid(z)
    # Away from 0 and 1 both forms are accurate. Near 1, 1 - p keeps only ~1e-16 / (1 - p) relative
    # precision (the reason the logits form exists), so the comparison stops at 1e-6.
    assume(np.all((p > 1e-6) & (p < 1 - 1e-6)))
    assert binary_cross_entropy(y, p) == pytest.approx(from_logits, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("call, error, match", [
    (lambda: binary_cross_entropy([1, 0], [0.5, 1.5]), ValueError, r"p must be probabilities in \[0, 1\]"),
    (lambda: binary_cross_entropy([1, 0], [0.5, -0.1]), ValueError, "Did you pass logits"),
    (lambda: binary_cross_entropy([1, 2], [0.5, 0.5]), ValueError, "y must contain only 0 and 1"),
    (lambda: binary_cross_entropy([1, 0, 1], [0.5, 0.5]), ValueError, "same number of samples"),
    (lambda: binary_cross_entropy([], []), ValueError, "y is empty"),
    (lambda: binary_cross_entropy([1, 0], [0.5, np.nan]), ValueError, "p contains NaN"),
    (lambda: binary_cross_entropy([[1, 0]], [[0.5, 0.5]]), ValueError, "y must be a 1D array"),
    (lambda: binary_cross_entropy_from_logits([1], [np.inf]), ValueError, "z contains inf"),
    (lambda: binary_cross_entropy_from_logits([1], ["a"]), TypeError, "z must be numbers"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


Z = np.array([-30.0, -8.0, -2.0, -0.3, 0.0, 0.7, 4.0, 25.0])


def per_sample_log_loss(y, z):
    """-(y ln σ(z) + (1 - y) ln σ(-z)), from scipy."""
    return -(y * log_expit(z) + (1 - y) * log_expit(-z))


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_log_loss_slope_is_the_finite_difference_of_the_log_loss(label):
    y, h = np.full_like(Z, label), 1e-6
    numeric = (per_sample_log_loss(y, Z + h) - per_sample_log_loss(y, Z - h)) / (2 * h)
    log_slope, _ = logit_slopes(y, Z)
    np.testing.assert_allclose(log_slope, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_squared_error_slope_is_the_finite_difference_of_squared_error(label):
    y, h = np.full_like(Z, label), 1e-6
    numeric = ((expit(Z + h) - y) ** 2 - (expit(Z - h) - y) ** 2) / (2 * h)
    _, se_slope = logit_slopes(y, Z)
    np.testing.assert_allclose(se_slope, numeric, rtol=1e-6, atol=1e-9)


def test_slopes_at_zero_by_hand():
    # p = 0.5: log loss slope p - y; squared error 2 (p - y) p (1 - p) = 2 * (∓0.5) * 0.25.
    log_slope, se_slope = logit_slopes([1, 0], [0.0, 0.0])
    np.testing.assert_allclose(log_slope, [-0.5, 0.5])
    np.testing.assert_allclose(se_slope, [-0.25, 0.25])


def test_confidently_wrong_squared_error_goes_flat_but_log_loss_does_not():
    log_slope, se_slope = logit_slopes([1], [-30.0])
    assert log_slope[0] == pytest.approx(-1.0, abs=1e-12)
    assert abs(se_slope[0]) < 1e-12
    assert abs(se_slope[0]) == pytest.approx(2 * expit(-30.0) * (1 - expit(-30.0)) ** 2, rel=1e-9)


def test_logit_slopes_has_no_overflow_at_extreme_logits():
    log_slope, se_slope = logit_slopes([1, 0, 1, 0], [-1000.0, 1000.0, 1000.0, -1000.0])
    np.testing.assert_allclose(log_slope, [-1.0, 1.0, 0.0, 0.0])
    np.testing.assert_allclose(se_slope, [0.0, 0.0, 0.0, 0.0], atol=1e-300)


@pytest.mark.parametrize(("y", "z", "match"), [
    ([0, 2], [0.0, 1.0], "only 0 and 1"),
    ([0, 1], [0.0], "same number of samples"),
    ([0, 1], [0.0, np.nan], "NaN"),
])
def test_logit_slopes_rejects_bad_input_with_a_sentence(y, z, match):
    with pytest.raises(ValueError, match=match):
        logit_slopes(y, z)


def test_out_of_range_probability_is_shown_with_enough_digits():  # issue 10: was "from 1 to 1"
    with pytest.raises(ValueError, match=r"from 1\.0000001 to 1\.0000001"):
        binary_cross_entropy([1], [1.0000001])


SLICE_X = np.array([-1.5, -0.4, 0.3, 0.8, 2.0, -0.9, 1.1])
SLICE_Y = np.array([0, 1, 0, 1, 1, 0, 0])  # not separable along x: the log loss has a finite minimum


def test_loss_slice_matches_sklearn_at_every_weight():
    w = np.linspace(-4.0, 4.0, 9)
    log_losses, squared_errors = loss_slice(SLICE_X, SLICE_Y, w, b=0.3)
    for k, wk in enumerate(w):
        p = expit(wk * SLICE_X + 0.3)
        assert log_losses[k] == pytest.approx(log_loss(SLICE_Y, p, labels=[0, 1]), rel=1e-12)
        assert squared_errors[k] == pytest.approx(mean_squared_error(SLICE_Y, p), rel=1e-12)


def test_squared_error_bends_down_along_w_and_log_loss_never_does():
    # a bounded, non-constant function of w cannot be convex on the whole line; the log loss is convex
    w = np.linspace(-12.0, 12.0, 241)
    log_losses, squared_errors = loss_slice(SLICE_X, SLICE_Y, w)
    assert (np.diff(squared_errors, 2) < -1e-6).any()
    assert (np.diff(log_losses, 2) > 0).all()
    assert squared_errors.max() <= 1.0


def test_loss_slice_by_hand_at_zero_weight():
    log_losses, squared_errors = loss_slice([3.0, -1.0], [1, 0], [0.0])
    assert log_losses[0] == pytest.approx(np.log(2), rel=1e-15) and squared_errors[0] == 0.25


@pytest.mark.parametrize("call, error, match", [
    (lambda: loss_slice([1.0, 2.0], [0, 1, 1], [0.0]), ValueError, "x"),
    (lambda: loss_slice([1.0, 2.0], [0, 1], 0.5), ValueError, "w"),
    (lambda: loss_slice([1e300, 2.0], [0, 1], [1e10]), ValueError, "overflow"),
    (lambda: loss_slice([1.0, 2.0], [0, 1], [0.0], b="1"), TypeError, "b must be a number"),
])
def test_loss_slice_refuses_bad_input_with_a_sentence(call, error, match):
    with pytest.raises(error, match=match):
        call()
