"""From probabilities to decisions: thresholds, their metrics, choosing one on validation data,
and measuring over many splits what tuning it on the test set costs.

Introduced in notebook 05 (``05_thresholds.ipynb``). Class 1 is the positive
class (in the course data: malignant).
"""

import numbers

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold, train_test_split

from ._validation import (
    as_binary_labels,
    as_float_array,
    as_probabilities,
    check_both_classes,
    check_C,
    check_positive,
    check_real,
    check_same_length,
    check_threshold,
)
from .comparison import newton_method
from .logistic import sigmoid

DEFAULT_THRESHOLDS = np.round(np.linspace(0.0, 1.0, 101), 2)
"""0.00, 0.01, ..., 1.00."""


def apply_threshold(p, threshold=0.5):
    """Labels 1 where ``p >= threshold``, else 0 (the rule scikit-learn's `FixedThresholdClassifier` uses).

    Parameters
    ----------
    p : array-like of shape (n_samples,), probabilities of class 1
    threshold : float in [0, 1], default=0.5

    Returns
    -------
    ndarray of int of shape (n_samples,)
        Labels 0 or 1.

    Examples
    --------
    >>> apply_threshold([0.2, 0.5, 0.9]).tolist()
    [0, 1, 1]
    >>> apply_threshold([0.2, 0.5, 0.9], threshold=0.3).tolist()
    [0, 1, 1]
    """
    p = as_probabilities(p)
    return (p >= check_threshold(threshold)).astype(int)


def _check_costs(cost_fn, cost_fp):
    if (cost_fn is None) != (cost_fp is None):
        raise ValueError("cost_fn and cost_fp go together: give both (say cost_fn=10, cost_fp=1) or neither.")
    if cost_fn is not None:
        return float(check_positive(cost_fn, "cost_fn")), float(check_positive(cost_fp, "cost_fp"))
    return None, None


def threshold_metrics(y, p, threshold=0.5, cost_fn=None, cost_fp=None):
    """Confusion counts and metrics at one threshold, as a dict.

    Keys: ``threshold, tp, fp, fn, tn, accuracy, precision, recall, f1`` and,
    when both costs are given, ``cost = cost_fn * fn + cost_fp * fp`` (total).
    Precision is 0.0 when nothing is predicted positive and recall is 0.0
    when there is no positive sample (scikit-learn's ``zero_division=0``).

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1
    threshold : float in [0, 1], default=0.5
    cost_fn, cost_fp : float > 0 or None
        Cost of one false negative and of one false positive; both or neither.

    Returns
    -------
    dict
        The keys above, counts as int and the rest as float.

    Examples
    --------
    y = [1, 1, 0, 0] and p = [0.9, 0.4, 0.6, 0.1] at 0.5: one true positive,
    one false negative, one false positive, one true negative.

    >>> m = threshold_metrics([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], cost_fn=10, cost_fp=1)
    >>> m["tp"], m["fn"], m["fp"], m["tn"], m["accuracy"], m["cost"]
    (1, 1, 1, 1, 0.5, 11.0)
    """
    y = as_binary_labels(y)
    p = as_probabilities(p)
    check_same_length(y, p, "y", "p")
    cost_fn, cost_fp = _check_costs(cost_fn, cost_fp)
    return _metrics(y, p, check_threshold(threshold), cost_fn, cost_fp)


def _metrics(y, p, threshold, cost_fn, cost_fp):
    pred = p >= threshold
    pos = y == 1
    tp, fp = int(np.sum(pred & pos)), int(np.sum(pred & ~pos))
    fn, tn = int(np.sum(~pred & pos)), int(np.sum(~pred & ~pos))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    row = dict(threshold=threshold, tp=tp, fp=fp, fn=fn, tn=tn, accuracy=(tp + tn) / len(y),
               precision=precision, recall=recall, f1=f1)
    if cost_fn is not None:
        row["cost"] = float(cost_fn * fn + cost_fp * fp)
    return row


def threshold_sweep(y, p, thresholds=None, cost_fn=None, cost_fp=None):
    """`threshold_metrics` at every threshold, one row each, as a pandas DataFrame.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1
    thresholds : array-like of floats in [0, 1], default 0.00, 0.01, ..., 1.00
    cost_fn, cost_fp : float > 0 or None
        Cost of one false negative and of one false positive; both or neither.

    Returns
    -------
    pandas.DataFrame
        One row per threshold, one column per key of `threshold_metrics`.

    Examples
    --------
    >>> sweep = threshold_sweep([1, 0], [0.8, 0.3], thresholds=[0.2, 0.5, 0.9])
    >>> sweep["accuracy"].tolist()
    [0.5, 1.0, 0.5]
    """
    y = as_binary_labels(y)
    p = as_probabilities(p)
    check_same_length(y, p, "y", "p")
    cost_fn, cost_fp = _check_costs(cost_fn, cost_fp)
    if thresholds is None:
        thresholds = DEFAULT_THRESHOLDS
    thresholds = as_probabilities(thresholds, "thresholds")
    rows = [_metrics(y, p, float(t), cost_fn, cost_fp) for t in thresholds]
    return pd.DataFrame(rows)


def choose_threshold(y_val, p_val, metric="accuracy", thresholds=None, cost_fn=None, cost_fp=None):
    """Choose a threshold on **validation** data; never on the test set.

    Scores every threshold by `metric` (``"accuracy"``, ``"f1"``, or ``"cost"``,
    which needs `cost_fn` and `cost_fp` and is minimized). Ties are common with
    few samples, so the rule for them is fixed: among the best thresholds, take
    the one nearest 0.5 (the default, so a tie never moves the decision for
    nothing); if two are equally near, take the lower one (it misses fewer
    positives). A validation split with one class only cannot tell thresholds
    apart in any useful way: that raises a ValueError.

    Parameters
    ----------
    y_val : array-like of shape (n_samples,), labels 0 or 1
        Validation labels, with both classes.
    p_val : array-like of shape (n_samples,), probabilities of class 1
        The model's probabilities on the same samples.
    metric : {"accuracy", "f1", "cost"}, default="accuracy"
    thresholds : array-like of floats in [0, 1], default 0.00, 0.01, ..., 1.00
    cost_fn, cost_fp : float > 0 or None
        Cost of one false negative and of one false positive; needed by ``metric="cost"``.

    Returns
    -------
    float
        The chosen threshold.

    Examples
    --------
    Every threshold from 0.3 to 0.8 separates these perfectly; 0.5 is nearest 0.5.

    >>> choose_threshold([0, 0, 1, 1], [0.1, 0.2, 0.85, 0.9])
    0.5
    """
    if not isinstance(metric, str) or metric not in ("accuracy", "f1", "cost"):
        raise ValueError(f"metric must be 'accuracy', 'f1' or 'cost', got {metric!r}.")
    if metric == "cost" and cost_fn is None:
        raise ValueError(
            "metric='cost' needs cost_fn and cost_fp (the cost of a false negative and of a false positive)."
        )
    y_val, p_val = as_binary_labels(y_val, "y_val"), as_probabilities(p_val, "p_val")
    check_same_length(y_val, p_val, "y_val", "p_val")
    check_both_classes(y_val, "y_val")
    sweep = threshold_sweep(y_val, p_val, thresholds, cost_fn, cost_fp)
    score = -sweep["cost"] if metric == "cost" else sweep[metric]
    best = sweep[np.isclose(score, score.max(), rtol=0, atol=1e-12)]
    distance = (best["threshold"] - 0.5).abs().round(12)
    return float(best[distance == distance.min()]["threshold"].min())


def _fit_proba(X_fit, y_fit, X_eval, C):
    """Standardize with `X_fit`'s statistics, fit by Newton's method, return probabilities for `X_eval`."""
    mean, scale = X_fit.mean(axis=0), X_fit.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    w, b, _ = newton_method((X_fit - mean) / scale, y_fit, C=C)
    return sigmoid((X_eval - mean) / scale @ w + b)


def threshold_tuning_experiment(X, y, n_splits=100, test_size=0.2, n_folds=5, C=1.0, random_state=0):
    """Test accuracy over many random train/test splits, with three ways of setting the threshold.

    For split k (``train_test_split(..., random_state=random_state + k)``), the
    model is the penalized logistic regression fitted by `newton_method` on
    the standardized training split. Its test accuracy is measured at

    - ``accuracy_default``: threshold 0.5;
    - ``accuracy_cv``: the threshold `choose_threshold` picks on out-of-fold
      probabilities of the training split (`n_folds`-fold stratified
      cross-validation): honest, the test split is never looked at;
    - ``accuracy_test_tuned``: the threshold `choose_threshold` picks on the
      test split itself (the tutorial's mistake): the best test accuracy over
      0.00, 0.01, ..., 1.00, so optimistic by construction.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), raw (each split is standardized with its training statistics)
    y : array-like of shape (n_samples,), labels 0 or 1
    n_splits : int >= 1
    test_size : float in (0, 1)
    n_folds : int >= 2
    C : float > 0 (``np.inf``: no penalty)
        Inverse L2 penalty strength (a penalty is needed: some splits are linearly separable).
    random_state : int

    Returns
    -------
    pandas.DataFrame with one row per split and columns ``threshold_cv``,
    ``threshold_test``, ``accuracy_default``, ``accuracy_cv``, ``accuracy_test_tuned``.

    Examples
    --------
    However the split falls, tuning on the test set can only match or beat 0.5 there.

    >>> from sklearn.datasets import load_breast_cancer
    >>> bunch = load_breast_cancer()
    >>> result = threshold_tuning_experiment(bunch.data, 1 - bunch.target, n_splits=2)
    >>> bool((result["accuracy_test_tuned"] >= result["accuracy_default"]).all())
    True
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    check_both_classes(y)
    check_positive(n_splits, "n_splits", integer=True)
    check_positive(n_folds, "n_folds", integer=True)
    check_positive(C, "C", allow_inf=True)  # required: a penalty is the point
    C = check_C(C)
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise TypeError(f"random_state must be an integer (split k uses random_state + k), got {random_state!r}.")
    if not 0 <= random_state <= 2**32 - 1 - n_splits:  # split k seeds numpy with random_state + k
        raise ValueError(f"random_state must be from 0 to 2**32 - 1 - n_splits, got {random_state}.")
    if np.abs(X).max() > 1e150:
        raise ValueError("X has values beyond 1e150 in size: its standard deviation would overflow.")
    if n_folds < 2:
        raise ValueError(f"n_folds must be at least 2 for cross-validation, got {n_folds}.")
    if not 0.0 < check_real(test_size, "test_size") < 1.0:
        raise ValueError(f"test_size must be a fraction between 0 and 1, got {test_size!r}.")
    rows = []
    for k in range(n_splits):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, random_state=random_state + k)
        if np.bincount(y_tr.astype(int), minlength=2).min() < n_folds or np.unique(y_te).size < 2:
            raise ValueError(f"y has too few samples of one class: split {k} leaves fewer than n_folds={n_folds} of "
                             "a class in its training part, or one class only in its test part (test_size="
                             f"{test_size!r}). Use more data, a larger test_size or fewer n_folds.")
        oof = np.empty(len(y_tr))
        folds = StratifiedKFold(n_folds, shuffle=True, random_state=random_state + k)
        for fit_idx, val_idx in folds.split(X_tr, y_tr):
            oof[val_idx] = _fit_proba(X_tr[fit_idx], y_tr[fit_idx], X_tr[val_idx], C)
        p_te = _fit_proba(X_tr, y_tr, X_te, C)
        t_cv, t_test = choose_threshold(y_tr, oof), choose_threshold(y_te, p_te)
        rows.append(dict(threshold_cv=t_cv, threshold_test=t_test,
                         accuracy_default=float(np.mean((p_te >= 0.5) == y_te)),
                         accuracy_cv=float(np.mean((p_te >= t_cv) == y_te)),
                         accuracy_test_tuned=float(np.mean((p_te >= t_test) == y_te))))
    return pd.DataFrame(rows)
