"""Tests for the helpers added for notebooks 01-03: `lessons.logit_slopes`.

References: scipy's `expit` / `log_expit` and central finite differences, never our own output.
"""

import numpy as np
import pytest
from scipy.special import expit, log_expit

from lessons import logit_slopes

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
