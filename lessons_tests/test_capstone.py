"""Notebook 08's digits and milestone checks, against scikit-learn's own loader, scaler, metrics and solver."""

import numpy as np
import pytest
from scipy.special import expit
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, precision_score, recall_score
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
    numerical_gradient,
    report_card,
)


@pytest.fixture(scope="module")
def raw():
    return load_digit_pair(3, 8)


@pytest.fixture(scope="module")
def scaled():
    return load_digit_pair(3, 8, scaled=True)


@pytest.fixture(scope="module")
def model(scaled):
    return LogisticRegressionGD(C=1.0, learning_rate=0.5, n_iter=5000).fit(scaled.X_train, scaled.y_train)


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


def test_gradient_gap_milestone(scaled):
    X, y = scaled.X_train[:60], scaled.y_train[:60]
    w, b = np.random.default_rng(0).normal(scale=0.1, size=64), 0.1
    gap = float(np.abs(gradients(X, y, w, b, C=1.0)[0] - numerical_gradient(X, y, w, b, C=1.0)[0]).max())
    assert check_gradient_gap(gap).passed
    for wrong in (1e-3, -1e-9, "small", float("nan"), True):
        assert not check_gradient_gap(wrong).passed


def test_learning_rate_milestone(scaled):
    X, y = scaled.X_train, scaled.y_train
    # reference: the same descent written with scipy, at 0.5 the loss falls at every step
    w, b, losses = np.zeros(64), 0.0, []
    for _ in range(500):
        p = expit(X @ w + b)
        losses.append(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)) + w @ w / (2 * len(y)))
        w, b = w - 0.5 * (X.T @ (p - y) / len(y) + w / len(y)), b - 0.5 * np.mean(p - y)
    assert np.all(np.diff(losses) < 0)
    assert check_learning_rate(0.5, X, y, C=1.0).passed
    crawling = check_learning_rate(1e-4, X, y, C=1.0)
    assert not crawling.passed and "Crawls" in crawling.message
    assert not check_learning_rate(300.0, X, y, C=1.0).passed  # far past the stability edge
    assert not check_learning_rate(-1.0, X, y, C=1.0).passed
    assert "same number of samples" in check_learning_rate(0.5, X, y[:10], C=1.0).message


def test_fitted_model_milestone(scaled, model):
    assert check_fitted_model(model, scaled.X_val, scaled.y_val).passed
    assert accuracy_score(scaled.y_val, model.predict(scaled.X_val)) >= 0.9
    assert "not fitted" in check_fitted_model(LogisticRegressionGD(C=1.0), scaled.X_val, scaled.y_val).message
    unpenalized = LogisticRegressionGD(n_iter=50).fit(scaled.X_train, scaled.y_train)
    assert "separable" in check_fitted_model(unpenalized, scaled.X_val, scaled.y_val).message
    assert not check_fitted_model(LogisticRegression(), scaled.X_val, scaled.y_val).passed
    short = LogisticRegressionGD(C=1.0, learning_rate=1e-3, n_iter=50).fit(scaled.X_train, scaled.y_train)
    assert "Crawls" in check_fitted_model(short, scaled.X_val, scaled.y_val).message


def test_threshold_milestone(scaled, model):
    p_val = model.predict_proba(scaled.X_val)[:, 1]
    assert check_validation_threshold(choose_threshold(scaled.y_val, p_val), scaled.y_val, p_val).passed
    accuracies = {t: accuracy_score(scaled.y_val, p_val >= t) for t in np.round(np.linspace(0, 1, 101), 2)}
    worst = min(accuracies, key=accuracies.get)
    assert accuracies[worst] < max(accuracies.values())
    assert not check_validation_threshold(float(worst), scaled.y_val, p_val).passed
    assert not check_validation_threshold(1.5, scaled.y_val, p_val).passed


def test_test_report_milestone_uses_scikit_learns_metrics(scaled, model):
    p_test = model.predict_proba(scaled.X_test)[:, 1]
    pred = (p_test >= 0.5).astype(int)
    report = {"accuracy": accuracy_score(scaled.y_test, pred), "precision": precision_score(scaled.y_test, pred),
              "recall": recall_score(scaled.y_test, pred)}
    assert check_test_report(report, scaled.y_test, p_test, 0.5).passed
    swapped = dict(report, precision=report["recall"] - 0.1)
    assert "precision" in check_test_report(swapped, scaled.y_test, p_test, 0.5).message
    assert not check_test_report([0.9], scaled.y_test, p_test, 0.5).passed


def test_sklearn_milestone(scaled, model):
    X, y = scaled.X_train, scaled.y_train
    tight = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10).fit(X, y)
    assert np.abs(model.coef_ - tight.coef_).max() < 1e-3  # the reference itself
    assert check_sklearn_agreement(model, tight, X, y).passed
    other_C = LogisticRegression(C=10.0, solver="newton-cholesky").fit(X, y)
    assert "different objectives" in check_sklearn_agreement(model, other_C, X, y).message
    early = LogisticRegressionGD(C=1.0, learning_rate=0.5, n_iter=100).fit(X, y)
    assert "yours" in check_sklearn_agreement(early, tight, X, y).message
    assert not check_sklearn_agreement(model, LogisticRegression(C=1.0), X, y).passed  # not fitted


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
