"""Binary cross-entropy (log loss): how wrong is a probability?

Introduced in notebook 02 (``02_binary_cross_entropy.ipynb``).
"""

import numpy as np

from ._validation import as_binary_labels, as_float_array, as_probabilities, check_real, check_same_length
from .logistic import sigmoid

EPS = np.finfo(np.float64).eps
"""Clipping bound for probabilities, 2.2e-16, the same as `sklearn.metrics.log_loss`."""


def binary_cross_entropy(y, p):
    """Mean log loss of probabilities `p` for labels `y`.

    ``-mean(y ln p + (1 - y) ln(1 - p))``, with `p` clipped to
    ``[EPS, 1 - EPS]`` (EPS = 2.2e-16, as scikit-learn does) so that a certain
    and wrong prediction costs ``-ln(2.2e-16) ≈ 36.04`` nats instead of
    infinity, and never zero.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        True labels, 0 or 1.
    p : array-like of shape (n_samples,)
        Predicted probabilities of class 1, in [0, 1].

    Returns
    -------
    float
        Mean loss in nats, >= 0.

    Examples
    --------
    >>> round(binary_cross_entropy([1], [0.5]), 4)        # ln 2
    0.6931
    >>> round(binary_cross_entropy([1], [0.9]), 3)        # -ln 0.9
    0.105
    >>> round(binary_cross_entropy([1], [0.0]), 2)        # confidently wrong: clipped, not 0
    36.04
    """
    y = as_binary_labels(y)
    p = as_probabilities(p)
    check_same_length(y, p, "y", "p")
    p = np.clip(p, EPS, 1 - EPS)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def binary_cross_entropy_from_logits(y, z):
    """Mean log loss computed from logits `z`, exact even for |z| in the thousands.

    With ``p = sigmoid(z)``, ``-ln p = ln(1 + e^-z)`` and ``-ln(1 - p) = ln(1 + e^z)``,
    so the loss per sample is ``softplus(z) - y z`` where
    ``softplus(z) = ln(1 + e^z) = np.logaddexp(0, z)``. No probability is ever
    rounded to 0 or 1, so no clipping is needed.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        True labels, 0 or 1.
    z : array-like of shape (n_samples,)
        Logits, finite.

    Returns
    -------
    float
        Mean loss in nats, >= 0.

    Examples
    --------
    >>> round(binary_cross_entropy_from_logits([1], [0.0]), 4)   # ln 2
    0.6931
    >>> binary_cross_entropy_from_logits([1], [-1000.0])         # exactly 1000 nats
    1000.0
    """
    y = as_binary_labels(y)
    z = as_float_array(z, "z", ndim=1)
    check_same_length(y, z, "y", "z")
    per_sample = np.logaddexp(0.0, z) - y * z  # each finite, though a sum of them may not be
    with np.errstate(over="ignore"):
        value = np.mean(per_sample)
    return float(value if np.isfinite(value) else np.sum(per_sample / len(per_sample)))


def logit_slopes(y, z):
    """Slope of each sample's loss with respect to its logit z: log loss versus squared error.

    With ``p = sigmoid(z)``, the log loss ``-(y ln p + (1 - y) ln(1 - p))`` has
    slope ``p - y``: the sigmoid's derivative ``p (1 - p)`` cancels. Squared
    error ``(p - y)²`` keeps it: its slope is ``2 (p - y) p (1 - p)``, which
    vanishes when the model is confidently wrong (p near 0 for y = 1).

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        True labels, 0 or 1.
    z : array-like of shape (n_samples,)
        Logits, finite.

    Returns
    -------
    log_loss_slope : ndarray of shape (n_samples,)
        ``p - y``, in [-1, 1].
    squared_error_slope : ndarray of shape (n_samples,)
        ``2 (p - y) p (1 - p)``, never larger than about 0.3 in size.

    Examples
    --------
    At z = 0, p = 0.5: log loss slope 0.5 - 1 = -0.5, squared error 2 * (-0.5) * 0.25 = -0.25.

    >>> log_slope, se_slope = logit_slopes([1], [0.0])
    >>> log_slope.tolist(), se_slope.tolist()
    ([-0.5], [-0.25])
    """
    y = as_binary_labels(y)
    z = as_float_array(z, "z", ndim=1)
    check_same_length(y, z, "y", "z")
    p = sigmoid(z)
    return p - y, 2 * (p - y) * p * (1 - p)


def loss_slice(x, y, w, b=0.0):
    """Mean log loss and mean squared error of ``p = sigmoid(w x + b)`` on one feature, for each weight in `w`.

    A slice through both loss surfaces along the weight, with the intercept `b` held
    fixed. The log loss of a logistic model is convex in w (it curves upward
    everywhere); the squared error of a sigmoid is not: it never exceeds 1, so far
    from its minimum it flattens onto shelves and curves downward. The log loss is
    `binary_cross_entropy_from_logits`; the squared error is ``mean((p - y)²)``.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        The one feature.
    y : array-like of shape (n_samples,)
        True labels, 0 or 1.
    w : array-like of shape (n_weights,)
        The weights at which to evaluate both losses.
    b : float, default=0.0
        The intercept, the same for every weight.

    Returns
    -------
    log_losses : ndarray of shape (n_weights,)
        Mean log loss (nats) at each weight.
    squared_errors : ndarray of shape (n_weights,)
        Mean squared error ``mean((p - y)²)`` at each weight, in [0, 1].

    Examples
    --------
    At w = 0 every p is 0.5: log loss ln 2, squared error 0.5² = 0.25.

    >>> log_losses, squared_errors = loss_slice([1.0, -2.0], [1, 0], [0.0])
    >>> round(float(log_losses[0]), 4), float(squared_errors[0])
    (0.6931, 0.25)
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_binary_labels(y)
    check_same_length(x, y, "x", "y")
    w = as_float_array(w, "w", ndim=1, shape="(n_weights,)")
    b = check_real(b, "b")
    with np.errstate(over="ignore", invalid="ignore"):
        Z = np.outer(w, x) + b
    if not np.isfinite(Z).all():
        raise ValueError("the logits w * x + b overflow: give moderate x, w and b (standardize x).")
    log_losses = np.array([binary_cross_entropy_from_logits(y, z) for z in Z])
    squared_errors = np.mean((sigmoid(Z) - y) ** 2, axis=1)
    return log_losses, squared_errors
