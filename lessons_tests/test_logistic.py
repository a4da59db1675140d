"""lessons.sigmoid against scipy.special.expit, at ordinary and extreme logits."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit
from scipy.special import logit as scipy_logit

from lessons import logit, sigmoid, sigmoid_derivative

EXTREMES = [-np.inf, -1e308, -1e4, -1000.0, -745.2, -709.79, -36.8, 0.0, 36.8, 709.79, 1000.0, 1e4, 1e308, np.inf]
any_float = st.floats(allow_nan=False, allow_infinity=True, width=64)


def test_matches_scipy_expit_at_extremes():
    z = np.array(EXTREMES)
    np.testing.assert_allclose(sigmoid(z), expit(z), rtol=1e-15, atol=1e-300)  # subnormals may differ


def test_matches_scipy_expit_on_a_grid():
    z = np.linspace(-50, 50, 10001)
    np.testing.assert_allclose(sigmoid(z), expit(z), rtol=1e-14, atol=1e-300)


def test_known_values():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(np.inf) == 1.0 and sigmoid(-np.inf) == 0.0
    assert sigmoid(np.log(3.0)) == pytest.approx(0.75, rel=1e-15)  # e^z = 3: 3 / (1 + 3)


def test_scalar_in_scalar_out_and_shape_kept():
    assert isinstance(sigmoid(1.0), float)
    assert sigmoid(np.zeros((2, 3, 4))).shape == (2, 3, 4)
    assert sigmoid([1, 2]).dtype == np.float64


@given(arrays(np.float64, st.integers(1, 50), elements=any_float))
def test_range_no_warning_and_symmetry(z):
    p = sigmoid(z)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(sigmoid(-z), 1 - p, rtol=0, atol=1e-15)


@given(any_float, any_float)
def test_monotone(a, b):
    lo, hi = min(a, b), max(a, b)
    assert sigmoid(lo) <= sigmoid(hi)


def test_derivative_matches_central_difference():
    z = np.linspace(-10, 10, 41)
    h = 1e-5  # truncation error ~h² = 1e-10, rounding ~1e-16 / h = 1e-11
    numeric = (expit(z + h) - expit(z - h)) / (2 * h)
    np.testing.assert_allclose(sigmoid_derivative(z), numeric, rtol=1e-6, atol=1e-10)
    assert sigmoid_derivative(0.0) == 0.25
    assert sigmoid_derivative(np.array([-1e4, 1e4])).tolist() == [0.0, 0.0]


def test_logit_inverts_sigmoid_and_matches_scipy():
    p = np.array([1e-12, 0.01, 0.3, 0.5, 0.9, 1 - 1e-9])
    np.testing.assert_allclose(logit(p), scipy_logit(p), rtol=1e-12)
    np.testing.assert_allclose(sigmoid(logit(p)), p, rtol=1e-12)
    assert logit(0.0) == -np.inf and logit(1.0) == np.inf


@pytest.mark.parametrize("bad, error, match", [
    (np.nan, ValueError, "z contains NaN"),
    ([1.0, np.nan], ValueError, "z contains NaN"),
    ("3", TypeError, "z must be numbers"),
    (None, TypeError, "z must be numbers"),
    ([[1.0], [1.0, 2.0]], TypeError, "z must be numbers"),
])
def test_bad_input(bad, error, match):
    with pytest.raises(error, match=match):
        sigmoid(bad)


def test_logit_rejects_non_probabilities():
    with pytest.raises(ValueError, match=r"p must be probabilities in \[0, 1\]"):
        logit([0.5, 1.5])


def test_an_int_too_large_for_a_float_names_z():  # issue 10: was an OverflowError that named nothing
    with pytest.raises(ValueError, match="z holds a number too large for a float"):
        sigmoid(10**400)


@pytest.mark.parametrize("z", [np.array([1j]), "0.5", np.array(["1"])])
def test_complex_and_text_are_refused_without_a_complex_warning(z):
    with pytest.raises(TypeError, match="z must be numbers"):
        sigmoid(z)
