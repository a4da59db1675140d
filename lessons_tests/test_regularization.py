"""Notebook 07's maths against scikit-learn: the path, the C sweep, cross-validation, calibration, costs."""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.metrics import brier_score_loss, log_loss, precision_score, recall_score

from lessons import (
    brier_score,
    c_sweep,
    cost_threshold,
    cross_validate_C,
    load_course_data,
    odds_ratios,
    precision_at_prevalence,
    regularization_path,
    reliability_table,
    threshold_sweep,
)

CS = [0.01, 0.3, 1.0, 100.0]


@pytest.fixture(scope="module")
def data():
    return load_course_data()


def reference(data, C):
    return LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(data.X_train, data.y_train)


def test_odds_ratios_are_exp_of_the_weights_and_double_at_ln_2():
    assert odds_ratios(np.log(2)) == pytest.approx(2.0)
    w = np.array([-1.5, 0.0, 0.7])
    np.testing.assert_allclose(odds_ratios(w), [np.exp(-1.5), 1.0, np.exp(0.7)])
    # the model's odds really grow by e^w_j when feature j rises by one unit
    model_odds = lambda x: np.exp(x @ w + 0.2)  # noqa: E731  odds = p / (1 - p) = e^z
    x = np.array([0.3, -1.0, 2.0])
    assert model_odds(x + [0, 0, 1]) / model_odds(x) == pytest.approx(odds_ratios(w)[2])


def test_regularization_path_matches_scikit_learn(data):
    coefs, intercepts = regularization_path(data.X_train, data.y_train, CS)
    assert coefs.shape == (len(CS), 30)
    for C, w, b in zip(CS, coefs, intercepts):
        sk = reference(data, C)
        np.testing.assert_allclose(w, sk.coef_[0], atol=1e-6)
        assert b == pytest.approx(sk.intercept_[0], abs=1e-6)
    norms = np.linalg.norm(coefs, axis=1)
    assert np.all(np.diff(norms) > 0)  # a weaker penalty, longer weights


def test_c_sweep_scores_with_scikit_learns_metrics(data):
    sweep = c_sweep(data.X_train, data.y_train, data.X_val, data.y_val, CS)
    assert list(sweep.columns) == ["C", "train_loss", "val_loss", "val_accuracy", "weight_norm"]
    for C, row in zip(CS, sweep.itertuples()):
        sk = reference(data, C)
        assert row.train_loss == pytest.approx(log_loss(data.y_train, sk.predict_proba(data.X_train)), abs=1e-6)
        assert row.val_loss == pytest.approx(log_loss(data.y_val, sk.predict_proba(data.X_val)), abs=1e-6)
        assert row.val_accuracy == pytest.approx(sk.score(data.X_val, data.y_val))
        assert row.weight_norm == pytest.approx(np.linalg.norm(sk.coef_), abs=1e-6)
    swept, coefs, intercepts = c_sweep(data.X_train, data.y_train, data.X_val, data.y_val, CS, return_path=True)
    assert swept.equals(sweep) and coefs.shape == (len(CS), 30) and intercepts.shape == (len(CS),)


def test_cross_validate_C_chooses_what_LogisticRegressionCV_chooses(data):
    Cs = [0.01, 0.1, 1.0, 10.0]
    best, losses = cross_validate_C(data.X_train, data.y_train, Cs, n_folds=5)
    sk = LogisticRegressionCV(Cs=Cs, cv=5, scoring="neg_log_loss", solver="newton-cholesky", tol=1e-12,
                              max_iter=1000, l1_ratios=(0.0,), use_legacy_attributes=False,
                              ).fit(data.X_train, data.y_train)  # L2 only
    assert best == pytest.approx(np.ravel(sk.C_)[0])
    np.testing.assert_allclose(losses, -np.asarray(sk.scores_).reshape(losses.shape), atol=1e-6)


def test_brier_score_matches_scikit_learn():
    rng = np.random.default_rng(0)
    y, p = rng.integers(0, 2, 200), rng.uniform(0, 1, 200)
    assert brier_score(y, p) == pytest.approx(brier_score_loss(y, p))
    assert brier_score([1, 0], [0.5, 0.5]) == 0.25


@pytest.mark.parametrize("n_bins", [2, 5, 10])
def test_reliability_table_matches_calibration_curve(n_bins):
    rng = np.random.default_rng(1)
    p = np.r_[rng.uniform(0, 1, 300), 0.0, 1.0, 0.5, 0.2]  # edges included
    y = (rng.uniform(0, 1, len(p)) < p).astype(int)
    observed, predicted = calibration_curve(y, p, n_bins=n_bins)
    table = reliability_table(y, p, n_bins)
    np.testing.assert_allclose(table["observed"], observed)
    np.testing.assert_allclose(table["mean_predicted"], predicted)
    assert table["count"].sum() == len(p)


def test_reliability_table_leaves_out_empty_bins_like_calibration_curve():
    y, p = [0, 1, 1], [0.05, 0.95, 0.91]
    observed, _ = calibration_curve(y, p, n_bins=10)
    assert len(reliability_table(y, p)) == len(observed) == 2


def test_cost_threshold_minimizes_the_expected_cost_of_calibrated_probabilities():
    assert cost_threshold(1, 10) == pytest.approx(1 / 11)
    rng = np.random.default_rng(2)
    p = rng.uniform(0, 1, 200_000)
    y = (rng.uniform(0, 1, len(p)) < p).astype(int)  # calibrated by construction
    sweep = threshold_sweep(y, p, np.round(np.linspace(0, 1, 101), 2), cost_fn=10, cost_fp=1)
    best = sweep["threshold"][sweep["cost"].idxmin()]
    assert abs(best - 1 / 11) <= 0.02


def test_precision_at_prevalence_reproduces_the_measured_precision():
    rng = np.random.default_rng(3)
    y = (rng.uniform(0, 1, 500) < 0.37).astype(int)
    pred = np.where(y == 1, rng.uniform(0, 1, 500) < 0.9, rng.uniform(0, 1, 500) < 0.05).astype(int)
    recall = recall_score(y, pred)
    fpr = np.sum((pred == 1) & (y == 0)) / np.sum(y == 0)
    assert precision_at_prevalence(recall, fpr, y.mean()) == pytest.approx(precision_score(y, pred))
    # by hand: recall 0.9, fpr 0.05, 1 % prevalence: 0.009 / (0.009 + 0.0495)
    assert precision_at_prevalence(0.9, 0.05, 0.01) == pytest.approx(0.009 / 0.0585)
    assert precision_at_prevalence(0.0, 0.0, 0.5) == 0.0


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: odds_ratios("big"), TypeError, "w must be numbers"),
    (lambda: regularization_path([[1.0], [2.0]], [0, 1], [1.0, -1.0]), ValueError, "Cs must be penalty strengths"),
    (lambda: c_sweep([[1.0], [2.0]], [0, 1], [[1.0, 2.0]], [1], [1.0]), ValueError, "X_val must have the 1 features"),
    (lambda: c_sweep([[1.0], [2.0]], [0, 1], [[1.0]], [2], [1.0]), ValueError, "y_val must contain only 0 and 1"),
    (lambda: cross_validate_C([[1.0], [2.0]], [0, 1], [1.0], n_folds=1), ValueError, "n_folds must be at least 2"),
    (lambda: brier_score([0, 1], [0.5, 1.5]), ValueError, r"p must be probabilities in \[0, 1\]"),
    (lambda: brier_score([0, 1, 1], [0.5, 0.5]), ValueError, "same number of samples"),
    (lambda: reliability_table([0, 1], [0.2, 0.8], n_bins=0), ValueError, "n_bins must be an integer >= 1"),
    (lambda: cost_threshold(0, 10), ValueError, "cost_fp must be a number > 0"),
    (lambda: cost_threshold(1, "ten"), TypeError, "cost_fn must be a number > 0"),
    (lambda: precision_at_prevalence(0.9, 0.05, 1.0), ValueError, "prevalence must be strictly between 0 and 1"),
    (lambda: precision_at_prevalence(1.2, 0.05, 0.5), ValueError, r"recall must be in \[0, 1\]"),
])
def test_bad_input_raises_an_error_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_malformed_inputs_are_errors_naming_the_argument():
    X, y = np.array([[-1.0], [1.0], [0.5], [-0.5]]), np.array([0, 1, 1, 0])
    with pytest.raises(ValueError, match="n_folds = 3 is more folds than the 2 samples"):
        cross_validate_C(X, y, [1.0], n_folds=3)  # a fold would miss a class (scikit-learn only warns)
    with pytest.raises(ValueError, match=r"^X must be a 2D array"):  # its own name, not c_sweep's X_train
        regularization_path(X[:, 0], y, [1.0])
    with pytest.raises(ValueError, match="^w holds a weight too large"):
        odds_ratios([1.0, 710.0])  # e^710 overflows a float
    assert odds_ratios(709.0) == pytest.approx(np.exp(709.0))
    with pytest.raises(TypeError, match="return_path"):
        c_sweep(X, y, X, y, [1.0], return_path=np.ones(2))
    with pytest.raises(ValueError, match="cost_fp"):
        cost_threshold(10**400, 1)  # a Python int beyond any float
