"""Additions for notebooks 04-06: weight_norms, threshold_tuning_experiment, plot_weight_norms, hessian.

Checked against references: a hand computation, scikit-learn's newton-cholesky
solution, and the same experiment rebuilt from scikit-learn's own pieces.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from lessons import (
    gradient_descent,
    gradients,
    hessian,
    newton_method,
    plot_weight_norms,
    threshold_tuning_experiment,
    weight_norms,
)

X_SMALL, Y_SMALL = make_classification(n_samples=120, n_features=4, n_informative=3, n_redundant=0,
                                       flip_y=0.1, random_state=0)


def test_weight_norms_first_step_by_hand():
    # From w = 0 every p is 0.5, so one step gives w = -lr * Xᵀ(0.5 - y) / n.
    lr = 0.7
    expected = np.linalg.norm(-lr * X_SMALL.T @ (0.5 - Y_SMALL) / len(Y_SMALL))
    assert weight_norms(X_SMALL, Y_SMALL, [1], learning_rate=lr)[0] == pytest.approx(expected, rel=1e-12)


def test_weight_norms_two_steps_by_hand():
    # x = ±1, y = (0, 1), lr = 1: w1 = 0.5, then p = σ(±0.5) and w2 = 0.5 + (1 - σ(0.5)).
    second = 0.5 + 1 - 1 / (1 + np.exp(-0.5))
    assert weight_norms([[-1.0], [1.0]], [0, 1], [1, 2], learning_rate=1.0) == pytest.approx([0.5, second])


def test_weight_norms_reach_sklearn_penalized_solution():
    reference = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12).fit(X_SMALL, Y_SMALL)
    norms = weight_norms(X_SMALL, Y_SMALL, [10, 20_000], learning_rate=1.0, C=1.0)
    assert norms[-1] == pytest.approx(np.linalg.norm(reference.coef_), rel=1e-6)
    assert abs(norms[0] - np.linalg.norm(reference.coef_)) > 1e-3  # and it was not there from the start


def test_weight_norms_follow_gradient_descent_path():
    norms = weight_norms(X_SMALL, Y_SMALL, [3, 50, 400], learning_rate=0.3, C=2.0)
    for n, norm in zip([3, 50, 400], norms, strict=True):
        w_n, _, _ = gradient_descent(X_SMALL, Y_SMALL, learning_rate=0.3, n_iter=n, C=2.0)
        assert norm == pytest.approx(np.linalg.norm(w_n), rel=1e-12)


def test_weight_norms_grow_without_bound_on_separable_data():
    # Separable: sklearn with almost no penalty ends far beyond where gradient descent is after 10 steps.
    X, y = [[-2.0], [-1.0], [1.0], [2.0]], [0, 0, 1, 1]
    norms = weight_norms(X, y, [10, 100, 1000, 10_000], learning_rate=1.0)
    assert np.all(np.diff(norms) > 0.5)
    weak = LogisticRegression(C=1e6, solver="newton-cholesky", tol=1e-12).fit(X, y)
    assert np.linalg.norm(weak.coef_) > norms[-1]


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(n_iters=[5, 5]), ValueError, "strictly increasing"),
    (dict(n_iters=[0, 5]), ValueError, "strictly increasing"),
    (dict(n_iters=[1.5, 3.0]), TypeError, "n_iters"),
    (dict(n_iters=[]), TypeError, "n_iters"),
    (dict(n_iters=[1], learning_rate=0.0), ValueError, "learning_rate"),
    (dict(n_iters=[1], C=-1.0), ValueError, "C must be"),
])
def test_weight_norms_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        weight_norms(X_SMALL, Y_SMALL, **kwargs)


def _sklearn_experiment_row(X, y, k):
    """One split of the experiment rebuilt from scikit-learn: pipeline, cross_val_predict, accuracy_score."""
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=k)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12))
    folds = StratifiedKFold(5, shuffle=True, random_state=k)
    oof = cross_val_predict(model, X_tr, y_tr, cv=folds, method="predict_proba")[:, 1]
    p_te = model.fit(X_tr, y_tr).predict_proba(X_te)[:, 1]
    thresholds = np.round(np.linspace(0, 1, 101), 2)
    oof_acc = np.array([accuracy_score(y_tr, oof >= t) for t in thresholds])
    best = thresholds[np.isclose(oof_acc, oof_acc.max())]
    t_cv = min(best, key=lambda t: (round(abs(t - 0.5), 9), t))  # nearest 0.5, then the lower one
    test_acc = [accuracy_score(y_te, p_te >= t) for t in thresholds]
    return t_cv, accuracy_score(y_te, p_te >= 0.5), accuracy_score(y_te, p_te >= t_cv), max(test_acc)


def test_threshold_tuning_experiment_matches_sklearn():
    bunch = load_breast_cancer()
    X, y = bunch.data, 1 - bunch.target
    result = threshold_tuning_experiment(X, y, n_splits=3, random_state=4)
    assert list(result.columns) == ["threshold_cv", "threshold_test", "accuracy_default", "accuracy_cv",
                                    "accuracy_test_tuned"]
    for k, row in result.iterrows():
        t_cv, acc_default, acc_cv, acc_best = _sklearn_experiment_row(X, y, 4 + k)
        assert row["threshold_cv"] == pytest.approx(t_cv)
        assert row["accuracy_default"] == pytest.approx(acc_default)
        assert row["accuracy_cv"] == pytest.approx(acc_cv)
        assert row["accuracy_test_tuned"] == pytest.approx(acc_best)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(C=None), TypeError, "C must be"),
    (dict(n_folds=1), ValueError, "n_folds"),
    (dict(test_size=1.5), ValueError, "test_size"),
    (dict(n_splits=0), ValueError, "n_splits"),
    (dict(random_state=-1), ValueError, "random_state"),
    (dict(random_state=0.5), TypeError, "random_state"),
])
def test_threshold_tuning_experiment_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        threshold_tuning_experiment(X_SMALL, Y_SMALL, **kwargs)


def test_plot_weight_norms_draws_what_it_is_given():
    fig = plot_weight_norms([1, 10, 100], {"a": [1.0, 2.0, 3.0], "b": [1.0, 1.5, 1.6]}, reference={"ref": 1.7})
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_title() and ax.get_ylabel() == "||w||"
    assert ax.lines[0].get_ydata().tolist() == [1.0, 2.0, 3.0]
    assert list(ax.lines[2].get_ydata()) == [1.7, 1.7]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "ref"]


def test_plot_weight_norms_errors():
    with pytest.raises(ValueError, match="one value per entry of n_iters"):
        plot_weight_norms([1, 10], {"a": [1.0, 2.0, 3.0]})
    with pytest.raises(TypeError, match="dicts"):
        plot_weight_norms([1, 10], [1.0, 2.0])


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
