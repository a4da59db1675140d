"""From probabilities to decisions: thresholds, their metrics, and choosing one on validation data.

Introduced in notebook 05 (``05_thresholds.ipynb``). Class 1 is the positive
class (in the course data: malignant).
"""

import numpy as np
import pandas as pd

from ._validation import as_binary_labels, as_probabilities, check_positive, check_same_length, check_threshold

DEFAULT_THRESHOLDS = np.round(np.linspace(0.0, 1.0, 101), 2)
"""0.00, 0.01, ..., 1.00."""


def apply_threshold(p, threshold=0.5):
    """Labels 1 where ``p >= threshold``, else 0 (the rule scikit-learn's `FixedThresholdClassifier` uses).

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
        check_positive(cost_fn, "cost_fn")
        check_positive(cost_fp, "cost_fp")
    return cost_fn is not None


def threshold_metrics(y, p, threshold=0.5, cost_fn=None, cost_fp=None):
    """Confusion counts and metrics at one threshold, as a dict.

    Keys: ``threshold, tp, fp, fn, tn, accuracy, precision, recall, f1`` and,
    when both costs are given, ``cost = cost_fn * fn + cost_fp * fp`` (total).
    Precision is 0.0 when nothing is predicted positive and recall is 0.0
    when there is no positive sample (scikit-learn's ``zero_division=0``).

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
    has_costs = _check_costs(cost_fn, cost_fp)
    return _metrics(y, p, check_threshold(threshold), cost_fn if has_costs else None, cost_fp)


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

    Examples
    --------
    >>> sweep = threshold_sweep([1, 0], [0.8, 0.3], thresholds=[0.2, 0.5, 0.9])
    >>> sweep["accuracy"].tolist()
    [0.5, 1.0, 0.5]
    """
    y = as_binary_labels(y)
    p = as_probabilities(p)
    check_same_length(y, p, "y", "p")
    has_costs = _check_costs(cost_fn, cost_fp)
    if thresholds is None:
        thresholds = DEFAULT_THRESHOLDS
    thresholds = as_probabilities(thresholds, "thresholds")
    rows = [_metrics(y, p, float(t), cost_fn if has_costs else None, cost_fp) for t in thresholds]
    return pd.DataFrame(rows)


def choose_threshold(y_val, p_val, metric="accuracy", thresholds=None, cost_fn=None, cost_fp=None):
    """Choose a threshold on **validation** data; never on the test set.

    Scores every threshold by `metric` (``"accuracy"``, ``"f1"``, or ``"cost"``,
    which needs `cost_fn` and `cost_fp` and is minimized). Ties are common with
    few samples, so the rule for them is fixed: among the best thresholds, take
    the one nearest 0.5 (the default, so a tie never moves the decision for
    nothing); if two are equally near, take the lower one (it misses fewer
    positives).

    Examples
    --------
    Every threshold from 0.3 to 0.8 separates these perfectly; 0.5 is nearest 0.5.

    >>> choose_threshold([0, 0, 1, 1], [0.1, 0.2, 0.85, 0.9])
    0.5
    """
    if metric not in ("accuracy", "f1", "cost"):
        raise ValueError(f"metric must be 'accuracy', 'f1' or 'cost', got {metric!r}.")
    if metric == "cost" and cost_fn is None:
        raise ValueError(
            "metric='cost' needs cost_fn and cost_fp (the cost of a false negative and of a false positive)."
        )
    sweep = threshold_sweep(y_val, p_val, thresholds, cost_fn, cost_fp)
    score = -sweep["cost"] if metric == "cost" else sweep[metric]
    best = sweep[np.isclose(score, score.max(), rtol=0, atol=1e-12)]
    distance = (best["threshold"] - 0.5).abs().round(12)
    return float(best[distance == distance.min()]["threshold"].min())
