"""Notebook 08's digits and milestone checks, against scikit-learn's own loader, scaler, metrics and solver."""

import numpy as np
import pytest
from scipy.special import expit
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, log_loss, precision_score, recall_score
from sklearn.preprocessing import StandardScaler

from lessons import (
    CheckResult,
    LogisticRegressionGD,
    ReportCard,
    check_fitted_model,
    check_gradient_gap,
    check_learning_rate,
    check_sklearn_agreement,
    check_standardize_splits,
    check_test_report,
    check_validation_threshold,
    choose_threshold,
    gradients,
    load_digit_pair,
    loss_curves,
    newton_method,
    numerical_gradient,
    report_card,
)


@pytest.fixture(scope="module")
def raw():
    return load_digit_pair(3, 8)


@pytest.fixture(scope="module")
def scaled():
    return load_digit_pair(3, 8, scaled=True)


def test_the_pair_is_every_three_and_eight_once(raw):
    digits = load_digits()
    parts = (raw.X_train, raw.X_val, raw.X_test)
    mine = np.concatenate(parts)
    theirs = digits.data[np.isin(digits.target, (3, 8))]
    assert len(mine) == len(theirs) == 357
    assert sorted(map(tuple, mine)) == sorted(map(tuple, theirs))
    labels = np.concatenate((raw.y_train, raw.y_val, raw.y_test))
    assert labels.sum() == np.sum(digits.target == 8)  # y = 1 for the eights
    for X, y in zip(parts, (raw.y_train, raw.y_val, raw.y_test)):  # stratified: about 49 % eights everywhere
        assert abs(y.mean() - 174 / 357) < 0.02
        eights = X[y == 1]
        assert all(tuple(row) in set(map(tuple, digits.data[digits.target == 8])) for row in eights)


def test_scaled_pair_equals_standard_scaler_fitted_on_training(raw, scaled):
    scaler = StandardScaler().fit(raw.X_train)
    for mine, original in ((scaled.X_train, raw.X_train), (scaled.X_val, raw.X_val), (scaled.X_test, raw.X_test)):
        np.testing.assert_allclose(mine, scaler.transform(original), atol=1e-12)
    assert np.isfinite(scaled.X_train).all() and (scaled.scale == 1.0).any()  # blank pixels kept finite


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"negative": 3, "positive": 3}, ValueError, "two different digits"),
    ({"negative": 10}, ValueError, "negative must be a digit from 0 to 9"),
    ({"positive": True}, ValueError, "positive must be a digit"),
    ({"scaled": "yes"}, TypeError, "scaled must be True or False"),
])
def test_loader_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_digit_pair(**kwargs)


def standard_scaler_splits(X_train, X_val, X_test):
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_val), scaler.transform(X_test)


def test_standardize_milestone_passes_scikit_learns_scaler_and_names_the_mistakes():
    assert check_standardize_splits(standard_scaler_splits).passed

    def divides_by_zero(X_train, X_val, X_test):
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        return tuple((X - mean) / std for X in (X_train, X_val, X_test))

    def own_statistics(X_train, X_val, X_test):
        return tuple(StandardScaler().fit_transform(X) for X in (X_train, X_val, X_test))

    def not_written(X_train, X_val, X_test):
        raise NotImplementedError("scale them")

    result = check_standardize_splits(divides_by_zero)
    assert not result.passed and "scale of 1" in result.message
    result = check_standardize_splits(own_statistics)
    assert not result.passed and "its own statistics" in result.message
    assert "not written yet" in check_standardize_splits(not_written).message
    assert "three arrays" in check_standardize_splits(lambda a, b, c: a).message


def gap_by_hand(X, y, w, b, C):
    return float(np.abs(gradients(X, y, w, b, C)[0] - numerical_gradient(X, y, w, b, C)[0]).max())


def test_gradient_gap_milestone(scaled):
    X, y = scaled.X_train[:40], scaled.y_train[:40]
    w = 0.1 * np.random.default_rng(1).normal(size=64)
    # the reference: central differences of scikit-learn's log loss plus the penalty agree with the analytic dw
    def objective(v):
        return log_loss(y, expit(X @ v + 0.2), labels=[0, 1]) + v @ v / (2 * len(y))
    h, numeric = 1e-6, np.empty(64)
    for j in range(64):
        step = np.zeros(64)
        step[j] = h
        numeric[j] = (objective(w + step) - objective(w - step)) / (2 * h)
    assert np.abs(gradients(X, y, w, 0.2, 1.0)[0] - numeric).max() < 1e-6
    assert check_gradient_gap(gap_by_hand).passed
    assert "exactly 0" in check_gradient_gap(lambda X, y, w, b, C: 0.0).message
    for wrong in (lambda *a: 1e-3, lambda *a: -1e-9, lambda *a: "small", lambda *a: float("nan"), lambda *a: True):
        assert not check_gradient_gap(wrong).passed


def steepest_smooth(curves):
    smooth = [lr for lr, h in curves.items() if np.all(np.diff(h) <= 0) and h[-20] - h[-1] < 1e-4]
    return max(smooth)


def test_learning_rate_milestone(scaled):
    X, y = scaled.X_train, scaled.y_train
    curves = loss_curves(X, y, n_iter=500)
    assert list(curves) == [0.001, 0.01, 0.1, 0.5, 100.0]
    # reference: the same descent written with scipy; at 0.5 the loss falls at every step and levels off
    w, b, losses = np.zeros(64), 0.0, []
    for _ in range(501):
        p = expit(X @ w + b)
        losses.append(log_loss(y, p) + w @ w / (2 * len(y)))
        w, b = w - 0.5 * (X.T @ (p - y) / len(y) + w / len(y)), b - 0.5 * np.mean(p - y)
    np.testing.assert_allclose(curves[0.5], losses, rtol=1e-9)
    assert np.all(np.diff(losses) < 0)
    assert steepest_smooth(curves) == 0.5
    assert check_learning_rate(steepest_smooth).passed
    assert "Crawls" in check_learning_rate(lambda curves: 0.001).message
    assert "a larger rate converges too" in check_learning_rate(lambda curves: 0.1).message
    assert not check_learning_rate(lambda curves: 100.0).passed  # far past the stability edge
    assert "one of the learning rates" in check_learning_rate(lambda curves: 0.3).message


def fit_model(X_train, y_train, learning_rate):
    return LogisticRegressionGD(C=1.0, learning_rate=learning_rate, n_iter=5000).fit(X_train, y_train)


def test_fitted_model_milestone(scaled):
    model = fit_model(scaled.X_train, scaled.y_train, 0.5)
    tight = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10).fit(scaled.X_train, scaled.y_train)
    assert np.abs(model.coef_ - tight.coef_).max() < 1e-3  # what the check asks, against scikit-learn
    assert accuracy_score(scaled.y_val, model.predict(scaled.X_val)) >= 0.9
    assert check_fitted_model(fit_model).passed
    assert "not fitted" in check_fitted_model(lambda X, y, lr: LogisticRegressionGD(C=1.0)).message
    unpenalized = check_fitted_model(lambda X, y, lr: LogisticRegressionGD(learning_rate=lr, n_iter=50).fit(X, y))
    assert "separable" in unpenalized.message
    assert not check_fitted_model(lambda X, y, lr: LogisticRegression().fit(X, y)).passed
    short = check_fitted_model(lambda X, y, lr: LogisticRegressionGD(C=1.0, learning_rate=lr, n_iter=100).fit(X, y))
    assert "more iterations" in short.message


def sorting_costs(y, p):
    """{threshold: cost} on a 0.01 grid; a 3 read as an 8 (false positive) costs 4, an 8 read as a 3 costs 1."""
    costs = {}
    for t in np.round(np.linspace(0, 1, 101), 2):
        tn, fp, fn, tp = confusion_matrix(y, p >= t, labels=[0, 1]).ravel()
        costs[float(t)] = 4 * fp + fn
    return costs


def test_threshold_milestone(scaled):
    def cheapest(y, p):  # found with scikit-learn's confusion matrix, not with lessons
        costs = sorting_costs(y, p)
        return min(costs, key=costs.get)

    assert check_validation_threshold(cheapest).passed
    assert check_validation_threshold(lambda y, p: choose_threshold(y, p, metric="cost", cost_fn=1, cost_fp=4)).passed
    w, b, _ = newton_method(scaled.X_train, scaled.y_train, C=1.0)
    costs = sorting_costs(scaled.y_val, expit(scaled.X_val @ w + b))
    accuracy_best = check_validation_threshold(choose_threshold)  # accuracy counts both mistakes alike: 0.5 here
    assert costs[0.5] > min(costs.values()) and not accuracy_best.passed and "false positive" in accuracy_best.message
    worst = max(costs, key=costs.get)
    assert not check_validation_threshold(lambda y, p: worst).passed
    assert not check_validation_threshold(lambda y, p: 1.5).passed


def report(y_test, p_test, threshold):
    pred = (p_test >= threshold).astype(int)
    return {"accuracy": accuracy_score(y_test, pred), "precision": precision_score(y_test, pred, zero_division=0),
            "recall": recall_score(y_test, pred)}


def test_test_report_milestone_uses_scikit_learns_metrics():
    assert check_test_report(report).passed
    at_half = check_test_report(lambda y, p, t: report(y, p, 0.5))
    assert not at_half.passed and "threshold" in at_half.message
    assert not check_test_report(lambda y, p, t: [0.9]).passed


def test_sklearn_milestone(scaled):
    def tight(X, y, C):
        return LogisticRegression(C=C, solver="newton-cholesky", tol=1e-10).fit(X, y)

    w, _, _ = newton_method(scaled.X_train, scaled.y_train, C=1.0)
    assert np.abs(tight(scaled.X_train, scaled.y_train, 1.0).coef_[0] - w).max() < 1e-8  # the reference agrees
    assert check_sklearn_agreement(tight).passed
    assert "different objectives" in check_sklearn_agreement(lambda X, y, C: tight(X, y, 10.0)).message
    early = check_sklearn_agreement(lambda X, y, C: LogisticRegression(C=C, max_iter=5).fit(X, y))
    assert "from the optimum" in early.message
    assert not check_sklearn_agreement(lambda X, y, C: LogisticRegression(C=C)).passed  # not fitted


def test_report_card_lists_every_milestone_and_counts_the_passes():
    results = {"M1 scale": CheckResult(True, "✓ Correct: scaled."), "M2 fit": CheckResult(False, "✗ Not yet: fit.")}
    card = report_card(results)
    assert isinstance(card, ReportCard) and (card.passed, card.total) == (1, 2)
    assert repr(card).splitlines() == ["Report card: 1 of 2 milestones pass", "M1 scale: ✓ Correct: scaled.",
                                       "M2 fit: ✗ Not yet: fit."]
    assert card.as_dict()["milestones"][1] == {"name": "M2 fit", "passed": False, "message": "✗ Not yet: fit."}
    with pytest.raises(TypeError, match="must be a CheckResult"):
        report_card({"M1": True})
    with pytest.raises(TypeError, match="non-empty dict"):
        report_card({})


def test_loss_curves_and_report_card_name_a_malformed_argument():
    X, y = [[-1.0], [1.0]], [0, 1]
    for rates in (None, [0.1, -1.0], [[0.1]], "0.1"):
        with pytest.raises((TypeError, ValueError), match="learning_rates"):
            loss_curves(X, y, learning_rates=rates, n_iter=2)
    assert list(loss_curves(X, y, learning_rates=np.array([0.5]), n_iter=2)) == [0.5]
    for results in (None, [("M1", CheckResult(True, "✓ Correct"))], {"M1": True}):
        with pytest.raises(TypeError, match="results"):
            ReportCard(results)
