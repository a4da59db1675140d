"""Experiments that repeat a fit many times: weights growing without a penalty, threshold tuning over splits.

Used in notebook 05 (``threshold_tuning_experiment``) and notebook 06 (``weight_norms``).
"""

import numbers

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold, train_test_split

from ._validation import as_binary_labels, as_float_array, check_positive, check_same_length
from .comparison import newton_method
from .fast import BLOCK_ROWS, blocked_loss_and_gradients
from .sigmoid import sigmoid
from .thresholds import choose_threshold


def weight_norms(X, y, n_iters, learning_rate=0.1, C=None):
    """Length ``||w||`` of gradient descent's weights after each number of steps in `n_iters`, from one run.

    The run is the same as `lessons.gradient_descent` (start at ``w = 0, b = 0``,
    step against the gradient of the mean log loss, plus the L2 term when C is
    given; computed by the faster path of `lessons.fast`, as `LogisticRegressionGD`
    does); it simply records ``||w||`` along the way.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    n_iters : array-like of int >= 1, strictly increasing
        Step counts at which to record the norm.
    learning_rate : float > 0
    C : float > 0 or None
        Inverse L2 penalty strength as in scikit-learn; None means no penalty.

    Returns
    -------
    norms : ndarray of shape (len(n_iters),)

    Examples
    --------
    Two samples at x = -1 and x = 1: the first step from w = 0 (every p = 0.5) has
    dw = (-1 * 0.5 + 1 * -0.5) / 2 = -0.5, so with learning_rate 1, w = 0.5.

    >>> weight_norms([[-1.0], [1.0]], [0, 1], [1, 2], learning_rate=1.0).round(4).tolist()
    [0.5, 0.8775]
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    check_positive(learning_rate, "learning_rate")
    check_positive(C, "C", allow_none=True)
    steps = np.asarray(n_iters)
    if steps.ndim != 1 or steps.size == 0 or not np.issubdtype(steps.dtype, np.integer):
        raise TypeError(f"n_iters must be a non-empty 1D list of integers (step counts), got {n_iters!r}.")
    if steps[0] < 1 or np.any(np.diff(steps) <= 0):
        raise ValueError(f"n_iters must be strictly increasing step counts >= 1, got {steps.tolist()}.")
    w, b, norms = np.zeros(X.shape[1]), 0.0, []
    for step in range(1, int(steps[-1]) + 1):
        _, dw, db = blocked_loss_and_gradients(X, y, w, b, C, BLOCK_ROWS)
        w, b = w - learning_rate * dw, b - learning_rate * db
        if step == steps[len(norms)]:
            norms.append(float(np.linalg.norm(w)))
    return np.array(norms)


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
    C : float > 0
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
    check_positive(n_splits, "n_splits", integer=True)
    check_positive(n_folds, "n_folds", integer=True)
    check_positive(C, "C")
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise TypeError(f"random_state must be an integer (split k uses random_state + k), got {random_state!r}.")
    if random_state < 0:
        raise ValueError(f"random_state must be >= 0, got {random_state}.")
    if n_folds < 2:
        raise ValueError(f"n_folds must be at least 2 for cross-validation, got {n_folds}.")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be a fraction between 0 and 1, got {test_size!r}.")
    rows = []
    for k in range(n_splits):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, random_state=random_state + k)
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
