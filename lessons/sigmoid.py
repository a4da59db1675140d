"""The sigmoid: from a logit z to a probability p.

Introduced in notebook 01 (``01_sigmoid.ipynb``).
"""

import numpy as np

from ._validation import as_float_array


def _scalar_or_array(arr):
    return float(arr) if arr.ndim == 0 else arr


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
    ``exp`` of a non-positive number: for ``z >= 0`` it uses ``1 / (1 + exp(-z))``
    and for ``z < 0`` the equal ``exp(z) / (1 + exp(z))``.

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
    p = np.empty_like(z)
    pos = z >= 0
    p[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    p[~pos] = ez / (1.0 + ez)
    return _scalar_or_array(p)


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
    return _scalar_or_array(p * (1.0 - p))


def logit(p):
    """Inverse of the sigmoid, ``ln(p / (1 - p))``; ``logit(0) = -inf``, ``logit(1) = inf``.

    Examples
    --------
    >>> logit(0.5)
    0.0
    """
    p = as_float_array(p, "p")
    if ((p < 0) | (p > 1)).any():
        raise ValueError(f"p must be probabilities in [0, 1], got values from {p.min():g} to {p.max():g}.")
    with np.errstate(divide="ignore"):
        z = np.log(p) - np.log1p(-p)
    return _scalar_or_array(z)
