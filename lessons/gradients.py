"""Gradients of the mean log loss, and a finite-difference check.

Introduced in notebook 03 (``03_gradients.ipynb``).
"""

import numpy as np

from ._validation import as_binary_labels, check_model, check_positive, check_same_length
from .cross_entropy import _mean_loss_from_logits
from .sigmoid import sigmoid


def _check_problem(X, y, w, b, C):
    X, w, b = check_model(X, w, b, C)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    return X, y, w, b


def loss(X, y, w, b, C=None):
    """The objective gradient descent minimizes: mean log loss, plus ``||w||² / (2 n C)`` when C is given.

    This is scikit-learn's ``C * sum(loss) + ||w||² / 2`` divided by ``n C``: the
    same minimizer. The intercept `b` is not penalized.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    w : array-like of shape (n_features,)
    b : float
    C : float > 0 or None
        Inverse penalty strength, as in scikit-learn; None means no penalty.

    Examples
    --------
    >>> round(loss([[1.0], [2.0]], [0, 1], [0.0], 0.0), 4)   # all p = 0.5: ln 2
    0.6931
    """
    X, y, w, b = _check_problem(X, y, w, b, C)
    return _loss_and_gradients(X, y, w, b, C)[0]


def gradients(X, y, w, b, C=None):
    """Gradient of `loss` with respect to `w` and `b`.

    ``dw = Xᵀ(p - y) / n (+ w / (n C))`` and ``db = mean(p - y)``, where
    ``p = sigmoid(X w + b)``. There is no factor 2: that belongs to squared error.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    w : array-like of shape (n_features,)
    b : float
    C : float > 0 or None
        Inverse penalty strength; None means no penalty.

    Returns
    -------
    dw : ndarray of shape (n_features,)
    db : float

    Examples
    --------
    Two samples, w = 0 and b = 0 so p = 0.5: p - y = [0.5, -0.5] and
    dw = (1 * 0.5 + 2 * -0.5) / 2 = -0.25, db = 0.

    >>> dw, db = gradients([[1.0], [2.0]], [0, 1], [0.0], 0.0)
    >>> dw.tolist(), db
    ([-0.25], 0.0)
    """
    X, y, w, b = _check_problem(X, y, w, b, C)
    return _loss_and_gradients(X, y, w, b, C)[1:]


def _loss_and_gradients(X, y, w, b, C):
    """`loss` and `gradients` from one evaluation of ``z = X w + b``, without input checks."""
    n = len(y)
    z = X @ w + b
    value = _mean_loss_from_logits(y, z)
    residual = sigmoid(z) - y
    dw = X.T @ residual / n
    if C is not None:
        value += w @ w / (2 * n * C)
        dw = dw + w / (n * C)
    return value, dw, float(np.mean(residual))


def numerical_gradient(X, y, w, b, C=None, h=1e-6):
    """Gradient of `loss` by central differences, ``(L(θ + h) - L(θ - h)) / 2h``, one parameter at a time.

    Slow (two loss evaluations per parameter) but obviously right: use it to
    check `gradients`. The error is of order h² plus rounding of order 1e-16 / h.

    Returns
    -------
    dw : ndarray of shape (n_features,)
    db : float

    Examples
    --------
    >>> dw, db = numerical_gradient([[1.0], [2.0]], [0, 1], [0.0], 0.0)
    >>> round(float(dw[0]), 6), round(db, 6)
    (-0.25, 0.0)
    """
    X, y, w, b = _check_problem(X, y, w, b, C)
    check_positive(h, "h")
    dw = np.empty_like(w)
    for j in range(len(w)):
        step = np.zeros_like(w)
        step[j] = h
        dw[j] = (loss(X, y, w + step, b, C) - loss(X, y, w - step, b, C)) / (2 * h)
    db = (loss(X, y, w, b + h, C) - loss(X, y, w, b - h, C)) / (2 * h)
    return dw, float(db)
