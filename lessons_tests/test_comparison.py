"""Newton's method against scikit-learn's newton-cholesky, penalized and unpenalized."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

import lessons
from lessons import (
    gradients,
    hessian,
    load_course_data,
    max_coef_difference,
    newton_method,
)

X_SMALL, Y_SMALL = make_classification(n_samples=120, n_features=4, n_informative=3, n_redundant=0,
                                       flip_y=0.1, random_state=0)


@pytest.fixture(scope="module")
def data():
    return load_course_data()


def test_newton_matches_newton_cholesky_at_C_1(data):
    w, b, n_iter = newton_method(data.X_train, data.y_train, C=1.0)
    ref = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12).fit(data.X_train, data.y_train)
    assert max_coef_difference(w, ref.coef_[0]) < 1e-8
    assert b == pytest.approx(ref.intercept_[0], abs=1e-8)
    assert n_iter <= 15


def test_unpenalized_newton_on_the_non_separable_mean_features(data):
    cols = list(range(10))  # the ten "mean ..." features are not linearly separable
    w, b, _ = newton_method(data.X_train[:, cols], data.y_train)
    ref = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=100)  # no penalty
    ref.fit(data.X_train[:, cols], data.y_train)
    assert max_coef_difference(w, ref.coef_[0]) < 1e-5


def test_unpenalized_separable_data_has_no_finite_optimum(data):
    # On separable data the gradient only vanishes as |w| grows without bound: each tighter
    # tolerance buys a longer weight vector. With C=1 the optimum is finite and does not move.
    norms = [np.linalg.norm(newton_method(data.X_train, data.y_train, tol=tol)[0]) for tol in (1e-4, 1e-8)]
    assert norms[1] > 2 * norms[0]
    penalized = [np.linalg.norm(newton_method(data.X_train, data.y_train, C=1.0, tol=tol)[0]) for tol in (1e-4, 1e-8)]
    assert penalized[1] == pytest.approx(penalized[0], rel=1e-2)


def test_newton_gives_up_with_a_clear_message(data):
    with pytest.raises(ValueError, match="did not reach tol=1e-10 in n_iter=3 steps"):
        newton_method(data.X_train, data.y_train, n_iter=3)


def test_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        max_coef_difference([1.0, 2.0], [[1.0, 2.0]])
    with pytest.raises(ValueError, match="n_iter must be an integer >= 1"):
        newton_method([[0.0], [1.0]], [0, 1], C=1.0, n_iter=0)


def _finite_difference_hessian(X, y, w, b, C, h=1e-5):
    """Central differences of the analytic gradient, one parameter at a time."""
    theta = np.r_[w, b]
    columns = []
    for j in range(len(theta)):
        step = np.zeros_like(theta)
        step[j] = h
        plus = np.r_[gradients(X, y, (theta + step)[:-1], (theta + step)[-1], C)]
        minus = np.r_[gradients(X, y, (theta - step)[:-1], (theta - step)[-1], C)]
        columns.append((plus - minus) / (2 * h))
    return np.column_stack(columns)


@pytest.mark.parametrize("n_samples, n_features, C", [(5, 1, None), (40, 3, 1.0), (120, 4, 0.05)])
def test_hessian_matches_finite_differences_of_the_gradient(n_samples, n_features, C):
    rng = np.random.default_rng(n_samples)
    X = rng.normal(size=(n_samples, n_features))
    y = rng.integers(0, 2, n_samples).astype(float)
    w, b = rng.normal(size=n_features), 0.3
    H = hessian(X, w, b, C)
    assert H.shape == (n_features + 1, n_features + 1)
    np.testing.assert_allclose(H, _finite_difference_hessian(X, y, w, b, C), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(H, H.T)
    assert np.linalg.eigvalsh(H).min() > 0


def test_newton_step_with_hessian_is_exact_on_sklearn_optimum():
    # At scikit-learn's optimum the gradient vanishes; one Newton step from a nearby point lands on it.
    reference = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12).fit(X_SMALL, Y_SMALL)
    w_opt, b_opt = reference.coef_[0], reference.intercept_[0]
    w0, b0 = w_opt + 1e-3, b_opt - 1e-3
    grad = np.r_[gradients(X_SMALL, Y_SMALL, w0, b0, 1.0)]
    theta = np.r_[w0, b0] - np.linalg.solve(hessian(X_SMALL, w0, b0, 1.0), grad)
    np.testing.assert_allclose(theta, np.r_[w_opt, b_opt], atol=1e-5)
    w_newton, b_newton, _ = newton_method(X_SMALL, Y_SMALL, C=1.0)
    np.testing.assert_allclose(np.r_[w_newton, b_newton], np.r_[w_opt, b_opt], atol=1e-8)


@pytest.mark.parametrize("args, error, match", [
    (([[1.0, 2.0]], [1.0], 0.0), ValueError, "one weight per feature"),
    (([[1.0]], [1.0], [0.0, 1.0]), ValueError, "single number"),
    (([1.0, 2.0], [1.0], 0.0), ValueError, "2D array"),
    (([[1.0]], [1.0], 0.0, 0.0), ValueError, "C must be"),
])
def test_hessian_errors(args, error, match):
    with pytest.raises(error, match=match):
        hessian(*args)


# Issue 10: Newton's method once hung in LAPACK on a Hessian holding inf; now it says why and returns.
@pytest.mark.parametrize("X, y, C, names", [
    ([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1, 0, 0], 1e-310, "C"),
    (np.array([[1.0, -2.0], [-1.5, 0.5], [2.0, 1.0], [-0.5, -1.0]]) * 1e160, [1, 0, 1, 0], 1.0, "X"),
])
def test_newton_refuses_non_finite_curvature(X, y, C, names):
    with pytest.raises(ValueError, match=rf"\b{names}\b"):
        lessons.newton_method(X, y, C=C)


def test_hessian_refuses_non_finite_curvature():
    with pytest.raises(ValueError, match="Hessian .* not finite"):
        lessons.hessian(np.full((3, 2), 1e160), [0.0, 0.0], 0.0)


def test_c_inf_means_no_penalty_in_newton_and_hessian():
    X, y = np.array([[-1.0], [-1.0], [-1.0], [1.0], [1.0], [1.0]]), np.array([0, 0, 1, 1, 1, 0])
    assert np.array_equal(lessons.newton_method(X, y, C=np.inf)[0], lessons.newton_method(X, y)[0])
    assert np.array_equal(lessons.hessian(X, [0.3], 0.1, C=np.inf), lessons.hessian(X, [0.3], 0.1))
    reference = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12).fit(X, y)
    assert np.allclose(lessons.newton_method(X, y, C=np.inf)[0], reference.coef_[0], atol=1e-6)
