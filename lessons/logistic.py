"""The sigmoid: from a logit z to a probability p.

Introduced in notebook 01 (``01_sigmoid.ipynb``).
"""

import numpy as np

from ._validation import as_float_array, as_probabilities, scalar_or_array


def sigmoid(z):
    """Numerically stable logistic function ``1 / (1 + exp(-z))``.

    Parameters
    ----------
    z : float or array-like of any shape
        Logits. ``±inf`` is allowed (it maps to 1 or 0); NaN is not.

    Returns
    -------
    p : float or ndarray of the same shape as `z`
        Probabilities in [0, 1]. A float when `z` is a scalar.

    Notes
    -----
    ``exp(-z)`` overflows for ``z < -709.78``. The stable form only ever takes
    ``exp`` of a non-positive number, ``e = exp(-|z|)`` (in (0, 1], never
    overflows): for ``z >= 0`` it returns ``1 / (1 + e)`` and for ``z < 0`` the
    equal ``e / (1 + e)`` (top and bottom of ``1 / (1 + exp(-z))`` multiplied by
    ``exp(z)``). `lessons.objective.sample_sums`, the arithmetic of every gradient-descent fit,
    uses the same ``e`` for the loss too.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 1000.0]).tolist()
    [0.0, 1.0]
    >>> round(sigmoid(2.0) + sigmoid(-2.0), 12)
    1.0
    """
    z = as_float_array(z, "z", allow_inf=True)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return scalar_or_array(np.where(z >= 0, 1.0, e) / (1.0 + e))


def sigmoid_derivative(z):
    """Derivative of the sigmoid, ``σ(z) (1 - σ(z))``.

    Parameters
    ----------
    z : float or array-like of any shape
        Logits.

    Returns
    -------
    float or ndarray of the same shape as `z`, in [0, 0.25].

    Examples
    --------
    >>> sigmoid_derivative(0.0)
    0.25
    """
    p = np.asarray(sigmoid(z))
    return scalar_or_array(p * (1.0 - p))


def logit(p):
    """Inverse of the sigmoid, ``ln(p / (1 - p))``; ``logit(0) = -inf``, ``logit(1) = inf``.

    Parameters
    ----------
    p : float or array-like of any shape
        Probabilities in [0, 1].

    Returns
    -------
    z : float or ndarray of the same shape as `p`
        Logits. A float when `p` is a scalar.

    Examples
    --------
    >>> logit(0.5)
    0.0
    """
    p = as_probabilities(p, ndim=None)
    with np.errstate(divide="ignore"):
        z = np.log(p) - np.log1p(-p)
    return scalar_or_array(z)
