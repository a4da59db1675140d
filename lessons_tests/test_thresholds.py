"""Threshold tools against scikit-learn's metrics, and the tie rule of choose_threshold."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from lessons import (
    apply_threshold,
    choose_threshold,
    threshold_metrics,
    threshold_sweep,
    threshold_tuning_experiment,
)

rng = np.random.default_rng(0)
Y = rng.integers(0, 2, 200)
P = np.clip(0.35 * Y + rng.uniform(0, 0.65, 200), 0, 1)


@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.37, 0.5, 0.99, 1.0])
def test_metrics_match_sklearn(threshold):
    pred = (P >= threshold).astype(int)
    m = threshold_metrics(Y, P, threshold, cost_fn=5, cost_fp=2)
    tn, fp, fn, tp = confusion_matrix(Y, pred, labels=[0, 1]).ravel()
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (tp, fp, fn, tn)
    assert m["accuracy"] == pytest.approx(accuracy_score(Y, pred))
    assert m["precision"] == pytest.approx(precision_score(Y, pred, zero_division=0))
    assert m["recall"] == pytest.approx(recall_score(Y, pred, zero_division=0))
    assert m["f1"] == pytest.approx(f1_score(Y, pred, zero_division=0))
    assert m["cost"] == 5 * fn + 2 * fp


def test_apply_threshold_is_at_least():
    assert apply_threshold([0.49, 0.5, 0.51], 0.5).tolist() == [0, 1, 1]
    assert apply_threshold([0.0, 1.0], 0.0).tolist() == [1, 1]
    assert apply_threshold([0.0, 0.999], 1.0).tolist() == [0, 0]


def test_sweep_rows_equal_single_metrics():
    sweep = threshold_sweep(Y, P, cost_fn=10, cost_fp=1)
    assert len(sweep) == 101 and sweep["threshold"].iloc[0] == 0.0 and sweep["threshold"].iloc[-1] == 1.0
    assert list(sweep.columns) == ["threshold", "tp", "fp", "fn", "tn", "accuracy", "precision", "recall", "f1", "cost"]
    row = sweep.iloc[37]
    assert row.to_dict() == pytest.approx(threshold_metrics(Y, P, row["threshold"], 10, 1))
    assert "cost" not in threshold_sweep(Y, P).columns


def test_choose_threshold_tie_rule():
    y, p = [0, 0, 1, 1], [0.1, 0.2, 0.85, 0.9]
    assert choose_threshold(y, p) == 0.5  # 0.21 ... 0.85 all perfect: nearest 0.5
    # perfect from 0.61 to 0.80 only: nearest 0.5 is 0.61
    assert choose_threshold([0, 0, 1], [0.1, 0.6, 0.8]) == 0.61
    # equal distance from 0.5 (0.4 and 0.6 both best): the lower one
    assert choose_threshold([0, 1], [0.35, 0.7], thresholds=[0.4, 0.6, 0.8]) == 0.4


def test_choose_threshold_by_cost_prefers_fewer_misses():
    # By hand: thresholds 0.21-0.30 flag 0.3, 0.4, 0.9 (one false alarm); 0.41-0.90 flag only 0.9
    # (one miss). Both are 4/5 accurate, so accuracy keeps the tie nearest 0.5. A miss costs 10 and
    # a false alarm 1, so cost picks the 0.21-0.30 plateau, and within it the value nearest 0.5.
    y, p = [0, 0, 0, 1, 1], [0.1, 0.2, 0.4, 0.3, 0.9]
    assert choose_threshold(y, p, metric="accuracy") == 0.5
    assert choose_threshold(y, p, metric="cost", cost_fn=10, cost_fp=1) == 0.3


@pytest.mark.parametrize("call, error, match", [
    (lambda: apply_threshold([0.2, 0.7], 1.5), ValueError, r"threshold must be in \[0, 1\]"),
    (lambda: apply_threshold([0.2, 0.7], "0.5"), TypeError, "threshold must be a number"),
    (lambda: apply_threshold([0.2, 1.7]), ValueError, r"p must be probabilities in \[0, 1\]"),
    (lambda: threshold_metrics([0, 1], [0.2]), ValueError, "same number of samples"),
    (lambda: threshold_metrics([0, 1], [0.2, 0.3], cost_fn=5), ValueError, "cost_fn and cost_fp go together"),
    (lambda: threshold_metrics([0, 1], [0.2, 0.3], cost_fn=-5, cost_fp=1), ValueError,
     "cost_fn must be a number > 0"),
    (lambda: threshold_sweep([0, 1], [0.2, 0.3], thresholds=[0.5, 2.0]), ValueError,
     "thresholds must be probabilities"),
    (lambda: choose_threshold([0, 1], [0.2, 0.3], metric="auc"), ValueError, "metric must be"),
    (lambda: choose_threshold([0, 1], [0.2, 0.3], metric="cost"), ValueError, "needs cost_fn and cost_fp"),
    (lambda: threshold_sweep([0, 1, 2], [0.2, 0.3, 0.4]), ValueError, "y must contain only 0 and 1"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


X_SMALL, Y_SMALL = make_classification(n_samples=120, n_features=4, n_informative=3, n_redundant=0,
                                       flip_y=0.1, random_state=0)


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


@pytest.mark.parametrize("y_val", [[0, 0, 0, 0], [1, 1, 1, 1]])
def test_choose_threshold_refuses_one_class(y_val):  # issue 10: returned a number without a word
    with pytest.raises(ValueError, match="y_val holds only one class"):
        choose_threshold(y_val, [0.1, 0.4, 0.6, 0.9])


def test_threshold_tuning_experiment_accepts_c_inf_and_refuses_one_class():
    X, y = make_classification(n_samples=80, n_features=3, n_informative=2, n_redundant=0, flip_y=0.3,
                               random_state=1)
    assert len(threshold_tuning_experiment(X, y, n_splits=1, C=np.inf)) == 1
    with pytest.raises(ValueError, match=r"\by\b holds only one class"):
        threshold_tuning_experiment(X, np.zeros(80), n_splits=1)
