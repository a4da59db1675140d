"""Against scikit-learn: Newton's method, and measuring how far two fits are apart.

Introduced in notebook 06 (``06_scikit_learn_comparison.ipynb``).
"""

import numpy as np

from ._validation import as_binary_labels, as_float_array, check_C, check_model, check_positive, check_same_length
from .logistic import sigmoid
from .objective import loss_and_gradients


@np.errstate(over="ignore", invalid="ignore")  # overflow shows up as inf or NaN, and newton_step says why
def newton_method(X, y, C=None, tol=1e-10, n_iter=100):
    """Minimize the same objective as `gradient_descent` with Newton's method.

    Each step solves ``H Δ = g`` with the Hessian ``H = X̃ᵀ diag(p(1 − p)) X̃ / n``
    (plus ``I / (n C)`` on the weights), where ``X̃`` is X with a column of ones
    for the intercept. Near the optimum the error squares at every step, so a
    dozen steps reach machine precision where gradient descent needs thousands.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    C : float > 0, np.inf or None
        Inverse L2 penalty strength; None (or ``np.inf``, as in scikit-learn) means no penalty. On linearly
        separable data the unpenalized loss has no finite minimum: the
        gradient only vanishes as the weights grow without bound, so the
        weights returned grow as `tol` shrinks.
    tol : float > 0
        Stop when every gradient component is at most `tol`.
    n_iter : int >= 1
        Maximum number of Newton steps (the same name as in `gradient_descent`).

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    steps : int, Newton steps taken (at most `n_iter`)

    Examples
    --------
    At x = -1 one sample in three is positive, at x = 1 two in three, so the
    best fit has σ(-w + b) = 1/3 and σ(w + b) = 2/3: b = 0 and w = ln 2.

    >>> w, b, steps = newton_method([[-1.0], [-1.0], [-1.0], [1.0], [1.0], [1.0]], [0, 0, 1, 1, 1, 0])
    >>> round(float(w[0]), 6), round(b, 6), round(float(np.log(2)), 6)
    (0.693147, 0.0, 0.693147)
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    C = check_C(C)
    check_positive(tol, "tol")
    check_positive(n_iter, "n_iter", integer=True)
    n, d = X.shape
    Xb = np.column_stack([X, np.ones(n)])
    theta = np.zeros(d + 1)
    ridge = _ridge(n, d, C)
    for step in range(n_iter + 1):
        _, dw, db = loss_and_gradients(X, y, theta[:d], theta[d], C)
        grad = np.r_[dw, db]
        if np.max(np.abs(grad)) <= tol:
            return theta[:d], float(theta[d]), step
        theta = theta - newton_step(_hessian(Xb, theta, ridge), grad)
    raise ValueError(f"Newton's method did not reach tol={tol} in n_iter={n_iter} steps; increase n_iter, "
                     "or give C if the data may be linearly separable (no finite optimum).")


def newton_step(H, grad):
    """The step Δ solving ``H Δ = grad`` (least squares), after checking both are finite.

    Parameters
    ----------
    H : ndarray of shape (n_features + 1, n_features + 1)
        The Hessian, as `hessian` returns it.
    grad : ndarray of shape (n_features + 1,)
        The gradient ``(dw, db)`` stacked.

    Returns
    -------
    ndarray of shape (n_features + 1,)
        Δ; Newton's method subtracts it from ``(w, b)``.
    """
    check_finite_hessian(H, grad)  # LAPACK never returns on inf or NaN
    return np.linalg.lstsq(H, grad, rcond=None)[0]


def check_finite_hessian(H, grad=None):
    """Raise a ValueError naming the cause when the Hessian (or gradient) holds inf or NaN; LAPACK would hang on it.

    Parameters
    ----------
    H : ndarray
        The Hessian.
    grad : ndarray or None, default None
        The gradient, checked too when given.
    """
    if not (np.isfinite(H).all() and (grad is None or np.isfinite(grad).all())):
        raise ValueError("the Hessian or the gradient is not finite (inf or NaN): X has values so large that "
                         "X̃ᵀ diag(p(1 − p)) X̃ / n overflows, or C is so small that 1 / (n C) does. "
                         "Standardize X, or use a larger C.")


def _ridge(n, d, C):
    """The penalty's curvature: ``1 / (n C)`` for each weight, 0 for the intercept."""
    return np.zeros(d + 1) if C is None or C == np.inf else np.r_[np.full(d, 1.0 / (n * C)), 0.0]


def _hessian(Xb, theta, ridge):
    """``X̃ᵀ diag(p(1 − p)) X̃ / n + diag(ridge)`` for X̃ with its column of ones, without input checks."""
    p = sigmoid(Xb @ theta)
    return (Xb.T * (p * (1 - p))) @ Xb / len(Xb) + np.diag(ridge)


def hessian(X, w, b, C=None):
    """Second derivatives of `lessons.loss` with respect to ``(w, b)``: the curvature Newton's method uses.

    ``H = X̃ᵀ diag(p(1 − p)) X̃ / n``, plus ``1 / (n C)`` on the diagonal of the
    weights when C is given, where ``X̃`` is X with a column of ones appended
    (so the last row and column belong to the intercept) and ``p = sigmoid(X w + b)``.
    The labels do not appear: the curvature of the log loss depends only on p.
    Its eigenvalues are the loss's curvatures along its principal directions.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    w : array-like of shape (n_features,)
    b : float
    C : float > 0, np.inf or None
        Inverse L2 penalty strength; None (or ``np.inf``, as in scikit-learn) means no penalty.

    Returns
    -------
    H : ndarray of shape (n_features + 1, n_features + 1)

    Examples
    --------
    At w = 0, b = 0 every p is 0.5, so p(1 − p) = 0.25. With x = 1 and x = -1:
    H = [[0.25 * (1 + 1) / 2, 0.25 * (1 - 1) / 2], [0, 0.25 * (1 + 1) / 2]].

    >>> hessian([[1.0], [-1.0]], [0.0], 0.0).tolist()
    [[0.25, 0.0], [0.0, 0.25]]
    """
    X, w, b = check_model(X, w, b, C)
    n, d = X.shape
    with np.errstate(over="ignore", invalid="ignore"):
        H = _hessian(np.column_stack([X, np.ones(n)]), np.r_[w, b], _ridge(n, d, check_C(C)))
    check_finite_hessian(H)
    return H


def max_coef_difference(coef_a, coef_b):
    """Largest absolute difference between two coefficient arrays of the same shape.

    Parameters
    ----------
    coef_a, coef_b : array-like of the same shape
        Two sets of coefficients, e.g. ``coef_`` of two fitted models.

    Returns
    -------
    float

    Examples
    --------
    >>> max_coef_difference([[1.0, 2.0]], [[1.5, 1.9]])
    0.5
    """
    a, b = as_float_array(coef_a, "coef_a"), as_float_array(coef_b, "coef_b")
    if a.shape != b.shape:
        raise ValueError(f"coef_a and coef_b must have the same shape, got {a.shape} and {b.shape}.")
    if a.size == 0:
        raise ValueError("coef_a and coef_b are empty: there is no coefficient to compare.")
    with np.errstate(over="ignore"):  # 1e308 - (-1e308): the difference is inf, and that is the answer
        return float(np.max(np.abs(a - b)))
