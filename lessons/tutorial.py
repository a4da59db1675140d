"""The blog tutorial's code, reproduced faithfully so the notebooks can show its mistakes.

Do not use these functions for real work: each one is paired with the correct
version elsewhere in `lessons`, and the notebooks compare the two.

- ``naive_sigmoid`` overflows for z < -709.78 (notebook 01).
- ``safe_log`` returns 0 for log(0), so ``tutorial_binary_cross_entropy`` scores a
  confidently wrong prediction as zero loss (notebook 02).
- ``loop_binary_cross_entropy`` is the tutorial's Python loop (notebook 02, timing).
- ``tutorial_gradients`` carries a stray factor 2 from squared error (notebook 03).
- ``tutorial_fit`` trains on unscaled features with the naive sigmoid (notebook 04).
"""

import math

import numpy as np

from ._validation import as_float_array, scalar_or_array
from .cross_entropy import EPS, binary_cross_entropy_from_logits


def naive_sigmoid(z):
    """The tutorial's sigmoid, ``1 / (1 + np.exp(-z))``: overflows for z < -709.78.

    It still returns the right limit (0.0) after numpy warns
    ``RuntimeWarning: overflow encountered in exp``; notebook 01 shows the warning.

    Parameters
    ----------
    z : float or array-like of any shape
        Logits.

    Returns
    -------
    float or ndarray of the same shape as `z`

    Examples
    --------
    >>> naive_sigmoid(0.0)
    0.5
    """
    z = as_float_array(z, "z", allow_inf=True)
    p = 1 / (1 + np.exp(-z))
    return scalar_or_array(p)


def safe_log(x):
    """The tutorial's "safe" log: ``log(x)`` if x > 0, else 0. The bug: log(0) is -inf, not 0.

    Parameters
    ----------
    x : float

    Returns
    -------
    float
        ``log(x)``, or 0 when ``x <= 0``.

    Examples
    --------
    >>> safe_log(1.0)
    0.0
    >>> safe_log(0.0)   # should be -inf: a certain, wrong prediction
    0
    """
    return math.log(x) if x > 0 else 0


def tutorial_binary_cross_entropy(y, p):
    """The tutorial's loss: ``-mean(y log p + (1 - y) log(1 - p))`` with ``safe_log``.

    A prediction p = 0.0 for a positive sample costs 0 here instead of infinity.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1

    Returns
    -------
    float

    Examples
    --------
    >>> tutorial_binary_cross_entropy([1.0], [0.0])   # confidently wrong, scored as perfect
    0.0
    """
    y = as_float_array(y, "y", ndim=1)
    p = as_float_array(p, "p", ndim=1)
    total = 0.0
    for yi, pi in zip(y, p):
        total += yi * safe_log(pi) + (1 - yi) * safe_log(1 - pi)
    return float(-total / len(y) + 0.0)


def loop_binary_cross_entropy(y, p, eps=EPS):
    """Clipped cross-entropy written as a Python loop, one sample at a time (slow).

    The same numbers as `lessons.binary_cross_entropy`; kept to time against it.

    Parameters
    ----------
    y : array-like of shape (n_samples,), labels 0 or 1
    p : array-like of shape (n_samples,), probabilities of class 1
    eps : float, default=EPS
        p is clipped to ``[eps, 1 - eps]``.

    Returns
    -------
    float

    Examples
    --------
    >>> round(loop_binary_cross_entropy([1.0], [0.5]), 4)
    0.6931
    """
    total = 0.0
    for yi, pi in zip(y, p):
        pi = min(max(pi, eps), 1 - eps)
        total += yi * math.log(pi) + (1 - yi) * math.log(1 - pi)
    return -total / len(y)


def tutorial_gradients(X, y, w, b):
    """The tutorial's gradient, with the stray factor 2 from squared error.

    Returns ``(2 Xᵀ(p - y) / n, 2 mean(p - y))``: exactly twice the true gradient.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    w : array-like of shape (n_features,)
    b : float

    Returns
    -------
    dw : ndarray of shape (n_features,)
    db : float
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    p = naive_sigmoid(X @ w + b)
    return 2 * X.T @ (p - y) / len(y), 2 * np.mean(p - y)


def tutorial_fit(X, y, learning_rate=0.1, n_iter=1000):
    """The tutorial's training loop: naive sigmoid, factor-2 gradient, no scaling.

    Returns ``(w, b, losses)`` where `losses` is the true log loss (computed
    stably, so it can be plotted) before each step. Overflow warnings from the
    naive sigmoid are silenced here; notebook 01 shows them.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    learning_rate : float > 0, default=0.1
    n_iter : int >= 1, default=1000
        Number of steps.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    losses : ndarray of shape (n_iter,)
        The log loss before each step.
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    w, b, losses = np.zeros(X.shape[1]), 0.0, []
    with np.errstate(over="ignore"):
        for _ in range(n_iter):
            losses.append(binary_cross_entropy_from_logits(y, X @ w + b))
            dw, db = tutorial_gradients(X, y, w, b)
            w, b = w - learning_rate * dw, b - learning_rate * db
    return w, b, np.array(losses)
