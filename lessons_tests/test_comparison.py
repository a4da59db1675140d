"""Newton's method against scikit-learn's newton-cholesky, penalized and unpenalized."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from lessons import load_course_data, max_coef_difference, newton_method


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
    with pytest.raises(ValueError, match="did not reach tol=1e-10 in max_iter=3 steps"):
        newton_method(data.X_train, data.y_train, max_iter=3)


def test_bad_input():
    with pytest.raises(ValueError, match="same shape"):
        max_coef_difference([1.0, 2.0], [[1.0, 2.0]])
    with pytest.raises(ValueError, match="max_iter must be an integer >= 1"):
        newton_method([[0.0], [1.0]], [0, 1], C=1.0, max_iter=0)
