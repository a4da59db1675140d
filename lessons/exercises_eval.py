"""Exercise checks for scaling and decisions (notebooks 04 and 05)."""

import numpy as np

from .checks import as_array, call, compare, hint, passed
from .thresholds import apply_threshold

_TRAIN = np.array([[1.0, 10.0], [2.0, 30.0], [3.0, 20.0], [6.0, 40.0]])
_OTHER = np.array([[4.0, 25.0], [0.0, 50.0]])
_Y_TRUE = np.array([1, 1, 1, 0, 0, 0, 1, 0])
_Y_PRED = np.array([1, 1, 0, 0, 1, 0, 0, 0])  # tp 2, fn 2, fp 1, tn 3


def check_standardize(fn):
    """Notebook 04: ``fn(X_train, X_other)`` returns both standardized with the training mean and std."""
    result, problem = call(fn, _TRAIN.copy(), _OTHER.copy())
    if problem:
        return problem
    if not isinstance(result, tuple) or len(result) != 2:
        return hint("return a pair (X_train_scaled, X_other_scaled).")
    mean, std = _TRAIN.mean(axis=0), _TRAIN.std(axis=0)
    train, problem = as_array(result[0], "X_train_scaled", _TRAIN.shape)
    other, problem2 = as_array(result[1], "X_other_scaled", _OTHER.shape)
    if problem or problem2:
        return problem or problem2
    if np.allclose(other, (_OTHER - _OTHER.mean(axis=0)) / _OTHER.std(axis=0)):
        return hint("X_other was scaled with its own mean and std: use the training statistics for both.")
    problem = (compare(train, (_TRAIN - mean) / std, "X_train_scaled")
               or compare(other, (_OTHER - mean) / std, "X_other_scaled"))
    return problem or passed("both splits standardized with the training mean and standard deviation.")


def check_apply_threshold(fn):
    """Notebook 05: ``fn(p, threshold)`` labels 1 where p >= threshold, else 0."""
    p = np.array([0.1, 0.3, 0.5, 0.7, 0.3])
    for threshold in (0.5, 0.3):
        result, problem = call(fn, p.copy(), threshold)
        if problem:
            return problem
        labels, problem = as_array(result, "the labels", p.shape)
        if problem:
            return problem
        expected = apply_threshold(p, threshold)
        if np.array_equal(labels, (p > threshold).astype(int)) and not np.array_equal(labels, expected):
            return hint(f"at threshold {threshold}, p exactly equal to it should be labelled 1: use >=, not >.")
        problem = compare(labels, expected, f"the labels at threshold {threshold}")
        if problem:
            return problem
    return passed("labels are 1 exactly where p >= threshold.")


def check_confusion_counts(fn):
    """Notebook 05: ``fn(y_true, y_pred)`` returns ``(tp, fp, fn, tn)`` with 1 as the positive class."""
    result, problem = call(fn, _Y_TRUE.copy(), _Y_PRED.copy())
    if problem:
        return problem
    counts, problem = as_array(result, "(tp, fp, fn, tn)", (4,))
    if problem:
        return problem
    if np.array_equal(counts, [2, 2, 1, 3]):
        return hint("false positives and false negatives are swapped: a false negative is a positive (1) predicted 0.")
    return compare(counts, [2, 1, 2, 3], "(tp, fp, fn, tn)") or passed("(tp, fp, fn, tn) counted right.")
