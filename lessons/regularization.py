"""Reading and regularizing the model: odds ratios, choosing C, trusting the probabilities, prevalence.

Introduced in notebook 07 (``07_regularization.ipynb``). Every fit here runs
`newton_method` (notebook 06) on the course's penalized objective, the mean log
loss plus ``||w||² / (2 n C)``: scikit-learn's ``LogisticRegression(C=C)``.
"""

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from ._validation import (
    as_binary_labels,
    as_float_array,
    as_probabilities,
    check_positive,
    check_same_length,
    check_threshold,
    scalar_or_array,
)
from .comparison import newton_method
from .cross_entropy import binary_cross_entropy_from_logits


def _check_Cs(Cs):
    Cs = as_float_array(Cs, "Cs", ndim=1)
    if (Cs <= 0).any():
        raise ValueError(f"Cs must be penalty strengths C > 0, got {Cs[Cs <= 0][:3].tolist()}.")
    return Cs


def _check_split(X, y, name):
    x_name, y_name = (f"X_{name}", f"y_{name}") if name else ("X", "y")
    X = as_float_array(X, x_name, ndim=2)
    y = as_binary_labels(y, y_name)
    check_same_length(X, y, x_name, y_name)
    return X, y


def odds_ratios(w):
    """``e^w``: how many times the odds of class 1 grow when a feature rises by one unit.

    On standardized features one unit is one standard deviation. A weight of 0
    leaves the odds alone (ratio 1); ``ln 2 ≈ 0.693`` doubles them; a negative
    weight shrinks them.

    Parameters
    ----------
    w : array-like of shape (n_features,), or a float

    Returns
    -------
    ndarray of the same shape (a float for a float)

    Examples
    --------
    >>> odds_ratios([0.0, np.log(2), -np.log(4)]).round(4).tolist()
    [1.0, 2.0, 0.25]
    """
    w = as_float_array(w, "w")
    if (w > np.log(np.finfo(np.float64).max)).any():
        raise ValueError(f"w holds a weight too large for its odds ratio e^w to be a float: {w.max()!r} > 709.7.")
    return scalar_or_array(np.exp(w))


def regularization_path(X, y, Cs):
    """The weights of the penalized optimum at every C, fitted by `newton_method`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), standardized
    y : array-like of shape (n_samples,), labels 0 or 1
    Cs : array-like of shape (n_Cs,), each > 0

    Returns
    -------
    coefs : ndarray of shape (n_Cs, n_features)
    intercepts : ndarray of shape (n_Cs,)

    Examples
    --------
    One feature, samples at -1 (one positive in three) and 1 (two in three): the
    weight grows towards its unpenalized value ln 2 ≈ 0.693 as C grows.

    >>> coefs, _ = regularization_path([[-1.0]] * 3 + [[1.0]] * 3, [0, 0, 1, 1, 1, 0], [0.01, 1.0, 1e6])
    >>> coefs.ravel().round(3).tolist()
    [0.01, 0.403, 0.693]
    """
    X, y = _check_split(X, y, "")
    fits = [newton_method(X, y, C=C) for C in _check_Cs(Cs)]
    return np.array([w for w, _, _ in fits]), np.array([b for _, b, _ in fits])


def c_sweep(X_train, y_train, X_val, y_val, Cs, return_path=False):
    """Fit at every C on the training split and score on the validation split, one row per C.

    Columns: ``C``, ``train_loss`` and ``val_loss`` (mean log loss, without the
    penalty), ``val_accuracy`` (threshold 0.5) and ``weight_norm`` (``||w||``).

    Parameters
    ----------
    X_train : array-like of shape (n_samples, n_features), standardized
    y_train : array-like of shape (n_samples,), labels 0 or 1
    X_val : array-like of shape (n_val_samples, n_features), standardized the same way
    y_val : array-like of shape (n_val_samples,), labels 0 or 1
    Cs : array-like of shape (n_Cs,), each > 0
    return_path : bool, default=False
        Also return the fitted weights and intercepts (as `regularization_path` does).

    Returns
    -------
    pandas.DataFrame, or ``(sweep, coefs, intercepts)`` when `return_path`

    Examples
    --------
    A tiny C shrinks the weight to almost 0, so every p is near the training
    share of positives (1/2 here) and the loss is near ln 2 ≈ 0.693.

    >>> X, y = [[-1.0], [-0.5], [0.5], [1.0]], [0, 1, 0, 1]
    >>> c_sweep(X, y, X, y, [1e-6]).round(3)[["train_loss", "val_accuracy"]].values.tolist()
    [[0.693, 0.5]]
    """
    X_train, y_train = _check_split(X_train, y_train, "train")
    X_val, y_val = _check_split(X_val, y_val, "val")
    if X_val.shape[1] != X_train.shape[1]:
        raise ValueError(f"X_val must have the {X_train.shape[1]} features of X_train, got {X_val.shape[1]}.")
    Cs = _check_Cs(Cs)
    if not isinstance(return_path, (bool, np.bool_)):
        raise TypeError(f"return_path must be True or False, got {return_path!r}.")
    coefs, intercepts = regularization_path(X_train, y_train, Cs)
    rows = []
    for C, w, b in zip(Cs, coefs, intercepts):
        z_val = X_val @ w + b
        rows.append(dict(C=C, train_loss=binary_cross_entropy_from_logits(y_train, X_train @ w + b),
                         val_loss=binary_cross_entropy_from_logits(y_val, z_val),
                         val_accuracy=float(np.mean((z_val >= 0) == (y_val == 1))),
                         weight_norm=float(np.linalg.norm(w))))
    return (pd.DataFrame(rows), coefs, intercepts) if return_path else pd.DataFrame(rows)


def cross_validate_C(X, y, Cs, n_folds=5):
    """Choose C by k-fold cross-validation on the mean log loss: ``(best_C, fold_losses)``.

    The folds are scikit-learn's ``StratifiedKFold(n_folds)`` (no shuffling), as
    in ``LogisticRegressionCV(cv=n_folds, scoring="neg_log_loss")``; each fold is
    fitted by `newton_method`. The best C has the smallest loss averaged over the
    folds (the first one on a tie).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), standardized
    y : array-like of shape (n_samples,), labels 0 or 1
    Cs : array-like of shape (n_Cs,), each > 0
    n_folds : int >= 2

    Returns
    -------
    best_C : float
    fold_losses : ndarray of shape (n_folds, n_Cs), held-out mean log loss

    Examples
    --------
    >>> X = [[-2.0], [-1.0], [-0.5], [0.5], [1.0], [2.0], [-1.5], [1.5]]
    >>> best_C, losses = cross_validate_C(X, [0, 0, 1, 0, 1, 1, 0, 1], [0.01, 1.0], n_folds=2)
    >>> best_C, losses.shape
    (1.0, (2, 2))
    """
    X, y = _check_split(X, y, "")
    Cs = _check_Cs(Cs)
    check_positive(n_folds, "n_folds", integer=True)
    if n_folds < 2:
        raise ValueError(f"n_folds must be at least 2, got {n_folds}.")
    smallest = int(min(y.sum(), len(y) - y.sum()))
    if n_folds > smallest:
        raise ValueError(f"n_folds = {n_folds} is more folds than the {smallest} samples of y's smaller class: "
                         "every fold needs samples of both classes.")
    losses = np.empty((n_folds, len(Cs)))
    for k, (fit, held_out) in enumerate(StratifiedKFold(n_folds).split(X, y)):
        coefs, intercepts = regularization_path(X[fit], y[fit], Cs)
        losses[k] = [binary_cross_entropy_from_logits(y[held_out], X[held_out] @ w + b)
                     for w, b in zip(coefs, intercepts)]
    return float(Cs[np.argmin(losses.mean(axis=0))]), losses


def brier_score(y, p):
    """Mean squared difference between probability and outcome, ``mean((p - y)²)``: 0 is perfect.

    Always predicting 0.5 scores 0.25; a confident mistake costs at most 1.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> brier_score([1, 0], [0.5, 0.5])
    0.25
    >>> brier_score([1, 0, 1], [1.0, 0.0, 0.0])       # (0 + 0 + 1) / 3
    0.3333333333333333
    """
    y, p = as_binary_labels(y), as_probabilities(p)
    check_same_length(y, p, "y", "p")
    return float(np.mean((p - y) ** 2))


def reliability_table(y, p, n_bins=10):
    """Calibration by bins of predicted probability: does "p = 0.8" come true 8 times in 10?

    The bins split [0, 1] into `n_bins` equal widths (``[0, 0.1], (0.1, 0.2], ...``,
    the rule of ``sklearn.calibration.calibration_curve``); empty bins are left out.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1
    n_bins : int >= 1

    Returns
    -------
    pandas.DataFrame
        One row per non-empty bin: ``bin_low``, ``bin_high``, ``count``,
        ``mean_predicted`` (average p) and ``observed`` (share of y = 1).

    Examples
    --------
    >>> table = reliability_table([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], n_bins=2)
    >>> table[["count", "mean_predicted", "observed"]].values.round(2).tolist()
    [[2.0, 0.15, 0.0], [2.0, 0.8, 1.0]]
    """
    y, p = as_binary_labels(y), as_probabilities(p)
    check_same_length(y, p, "y", "p")
    check_positive(n_bins, "n_bins", integer=True)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.searchsorted(edges[1:-1], p)  # p equal to an inner edge goes to the lower bin
    rows = [dict(bin_low=edges[k], bin_high=edges[k + 1], count=int(np.sum(which == k)),
                 mean_predicted=float(p[which == k].mean()), observed=float(y[which == k].mean()))
            for k in range(n_bins) if np.any(which == k)]
    return pd.DataFrame(rows)


def cost_threshold(cost_fp, cost_fn):
    """The threshold that minimizes the expected cost when the probabilities are calibrated.

    Flag a sample when the expected cost of not flagging it, ``p · cost_fn``,
    is at least that of flagging it, ``(1 − p) · cost_fp``: when
    ``p >= cost_fp / (cost_fp + cost_fn)``.

    Parameters
    ----------
    cost_fp : float > 0, the cost of one false positive (a false alarm)
    cost_fn : float > 0, the cost of one false negative (a missed positive)

    Returns
    -------
    float in (0, 1)

    Examples
    --------
    Equal costs give 0.5; a missed positive ten times as costly as a false alarm gives 1/11.

    >>> cost_threshold(1, 1)
    0.5
    >>> round(cost_threshold(cost_fp=1, cost_fn=10), 4)
    0.0909
    """
    check_positive(cost_fp, "cost_fp")
    check_positive(cost_fn, "cost_fn")
    return cost_fp / (cost_fp + cost_fn)


def precision_at_prevalence(recall, false_positive_rate, prevalence):
    """The precision the same model would have where a share `prevalence` of the samples is positive.

    Recall and the false-positive rate are rates within each class, so they do
    not depend on how common the classes are; precision does (Bayes' rule):
    ``recall · π / (recall · π + fpr · (1 − π))`` with ``π = prevalence``.

    Parameters
    ----------
    recall : float in [0, 1], true-positive rate
    false_positive_rate : float in [0, 1]
    prevalence : float in (0, 1), share of positive samples

    Returns
    -------
    float in [0, 1] (0.0 when nothing would be flagged)

    Examples
    --------
    Recall 0.9 and a 5 % false-positive rate: at 50 % prevalence 0.9 / 0.95; at 1 %
    only 0.009 / (0.009 + 0.0495), about one flagged sample in six is positive.

    >>> round(precision_at_prevalence(0.9, 0.05, 0.5), 4), round(precision_at_prevalence(0.9, 0.05, 0.01), 4)
    (0.9474, 0.1538)
    """
    recall = check_threshold(recall, "recall")
    fpr = check_threshold(false_positive_rate, "false_positive_rate")
    prevalence = check_threshold(prevalence, "prevalence")
    if not 0.0 < prevalence < 1.0:
        raise ValueError(f"prevalence must be strictly between 0 and 1, got {prevalence!r}.")
    flagged = recall * prevalence + fpr * (1 - prevalence)
    return recall * prevalence / flagged if flagged > 0 else 0.0
