"""The objective gradient descent minimizes, its gradient, and a finite-difference check.

Introduced in notebook 03 (``03_gradients.ipynb``). `loss_and_gradients` is the one
function every gradient-descent fit of the course runs: `gradient_descent`, `LogisticRegressionGD`, the
explorers and the benchmarks.
"""

import numpy as np

from ._validation import as_binary_labels, as_float_array, check_C, check_model, check_positive, check_same_length


def _check_problem(X, y, w, b, C):
    X, w, b = check_model(X, w, b, C)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    return X, y, w, b


def _finite_loss_and_gradients(X, y, w, b, C):
    """`loss_and_gradients`, raising a ValueError (not numpy's overflow warnings) when numbers leave float range."""
    with np.errstate(over="ignore", invalid="ignore"):
        value, dw, db = loss_and_gradients(X, y, w, b, check_C(C))
        z_finite = np.isfinite(X @ w + b).all()
    if not (z_finite and np.isfinite(value) and np.isfinite(dw).all() and np.isfinite(db)):
        raise ValueError("the loss overflowed: X @ w + b (or the penalty ||w||² / (2 n C)) is beyond float range "
                         "(1.8e308); w or X is far too large. Standardize X and start from small weights.")
    return value, dw, db


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
    C : float > 0, np.inf or None
        Inverse penalty strength, as in scikit-learn; None (or ``np.inf``) means no penalty.

    Returns
    -------
    float
        The mean log loss (plus the penalty).

    Examples
    --------
    >>> round(loss([[1.0], [2.0]], [0, 1], [0.0], 0.0), 4)   # all p = 0.5: ln 2
    0.6931
    """
    X, y, w, b = _check_problem(X, y, w, b, C)
    return _finite_loss_and_gradients(X, y, w, b, C)[0]


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
    C : float > 0, np.inf or None
        Inverse penalty strength; None (or ``np.inf``) means no penalty.

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
    return _finite_loss_and_gradients(X, y, w, b, C)[1:]


BLOCK_ROWS = 8192
"""Rows per block in `loss_and_gradients`. 8192 rows of 30 features are 2 MB: read from main memory once
for ``z = X w + b``, a block is still in the processor's cache when ``Xᵀ(p - y)`` reads it again (with
hundreds of features a block is tens of MB and may no longer fit). The course's data sets (a few hundred
to 1,797 rows) are one block."""


def sample_sums(X, y, w, b):
    """The sums over the rows of X that the loss and its gradients are made of, from one ``e = exp(-|z|)``.

    ``(Σ loss_i, Xᵀ(p - y), Σ (p - y))``, with ``z = X w + b`` and ``p = σ(z)``. One
    ``e = exp(-|z|)`` (in (0, 1], never overflows) serves both formulas:

    - the loss per sample is ``softplus(z) - y z`` (notebook 02), with
      ``softplus(z) = ln(1 + e^z) = max(z, 0) + ln(1 + e)``; subtracting ``z`` when
      y = 1 leaves ``max(-z, 0) + ln(1 + e)``, so one sample's loss is
      ``max((1 - 2y) z, 0) + ln(1 + e)``, computed without cancelling large numbers;
    - ``p = σ(z)`` is ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` for ``z < 0``
      (notebook 01's stable sigmoid).

    Internal to the package (not exported from `lessons`), without input checks:
    `loss_and_gradients` calls it on blocks of rows its callers have already checked.
    Call `lessons.loss` and `lessons.gradients` instead: they check every argument.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64, finite
    y : ndarray of shape (n_samples,), 0.0 or 1.0
    w : ndarray of shape (n_features,)
    b : float

    Returns
    -------
    loss_sum : float
        The sum of the samples' log losses.
    Xt_residual : ndarray of shape (n_features,)
        ``Xᵀ(p - y)``.
    residual_sum : float
        The sum of ``p - y``.

    Examples
    --------
    >>> loss_sum, g, r_sum = sample_sums(np.array([[1.0], [2.0]]), np.array([0.0, 1.0]), np.zeros(1), 0.0)
    >>> round(float(loss_sum), 4), g.tolist(), float(r_sum)     # 2 ln 2; p - y = [0.5, -0.5]
    (1.3863, [-0.5], 0.0)
    """
    z = X @ w + b
    e = np.exp(-np.abs(z))
    losses = np.maximum((1.0 - 2.0 * y) * z, 0.0) + np.log1p(e)  # softplus(z) - y z, sample by sample
    residual = np.where(z >= 0, 1.0, e) / (1.0 + e) - y  # p - y, with p = σ(z)
    return losses.sum(), X.T @ residual, residual.sum()


def loss_and_gradients(X, y, w, b, C=None):
    """`loss` and `gradients` together: ``(loss, dw, db)``, without input checks.

    Internal to the package (not exported from `lessons`): the fit loops call it
    thousands of times after checking their inputs once. Call `lessons.loss` and
    `lessons.gradients` instead: they check every argument. The loss
    and both gradients are means over the samples, so they are made of the sums of
    `sample_sums`, divided by n. Those sums are added up a block of `BLOCK_ROWS` rows at
    a time (the same numbers, grouped differently: the result can differ in the last
    digit). With 30 features a block is 2 MB, so it is still in the processor's cache
    when ``X.T @ residual`` reads it again after ``X @ w``; on the whole of a large X
    the two products would each read it from main memory. This is not mini-batch
    gradient descent: all the blocks are summed before a step. For the course's data
    sets X is one block.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float64, finite
    y : ndarray of shape (n_samples,), 0.0 or 1.0
    w : ndarray of shape (n_features,)
    b : float
    C : float > 0, np.inf or None
        Inverse penalty strength; None (or ``np.inf``) means no penalty.

    Returns
    -------
    loss : float
    dw : ndarray of shape (n_features,)
    db : float

    Examples
    --------
    >>> value, dw, db = loss_and_gradients(np.array([[1.0], [2.0]]), np.array([0.0, 1.0]), np.zeros(1), 0.0)
    >>> round(value, 4), dw.tolist(), db          # ln 2, and the example of `gradients`
    (0.6931, [-0.25], 0.0)
    """
    n = len(y)
    if len(X) != n:  # the blocks below would silently drop or repeat rows
        raise ValueError(f"X has {len(X)} rows but y has {n} labels: they must match.")
    loss_sum, Xt_residual, residual_sum = sample_sums(X[:BLOCK_ROWS], y[:BLOCK_ROWS], w, b)  # the first block
    for start in range(BLOCK_ROWS, n, BLOCK_ROWS):  # the others, if there are more rows: their sums are added
        rows = slice(start, start + BLOCK_ROWS)
        block_loss_sum, block_Xt_residual, block_residual_sum = sample_sums(X[rows], y[rows], w, b)
        loss_sum += block_loss_sum
        Xt_residual += block_Xt_residual
        residual_sum += block_residual_sum
    value, dw = loss_sum / n, Xt_residual / n  # means: dw = Xᵀ(p - y) / n
    if C is not None:  # C = np.inf adds exactly 0
        value += w @ w / (2 * n * C)
        dw += w / (n * C)
    return float(value), dw, float(residual_sum / n)  # db = mean(p - y)


def numerical_gradient(X, y, w, b, C=None, h=1e-6):
    """Gradient of `loss` by central differences, ``(L(θ + h) - L(θ - h)) / 2h``, one parameter at a time.

    Slow (two loss evaluations per parameter) but obviously right: use it to
    check `gradients`. The error is of order h² plus rounding of order 1e-16 / h.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    w : array-like of shape (n_features,)
    b : float
    C : float > 0, np.inf or None
        Inverse penalty strength; None (or ``np.inf``) means no penalty.
    h : float > 0, default=1e-6
        The step added to and taken from each parameter.

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
    with np.errstate(over="ignore"):
        if not (np.isfinite(w + h).all() and np.isfinite(b + h)):
            raise ValueError(f"h={h!r} is too large: w + h or b + h leaves float range. Use a small step such as 1e-6.")
    if (w + h == w).any() or b + h == b:
        raise ValueError(f"h={h!r} is too small: w + h or b + h rounds back to w or b, so the difference would be 0. "
                         "Use a step such as 1e-6.")
    dw = np.empty_like(w)
    for j in range(len(w)):
        step = np.zeros_like(w)
        step[j] = h
        dw[j] = (loss(X, y, w + step, b, C) - loss(X, y, w - step, b, C)) / (2 * h)
    db = (loss(X, y, w, b + h, C) - loss(X, y, w, b - h, C)) / (2 * h)
    return dw, float(db)


GRADIENT_CHECK_THRESHOLDS = (1e-7, 1e-4)
"""Below 1e-7 the relative error says "right", above 1e-4 "wrong", between the two "suspicious": this course's
bands for a smooth objective. The formula and the 1e-7 cut-off are those of DeepLearning.AI's gradient-checking
lab (Deep Learning Specialization, course 2); Stanford's CS231n notes ("Gradient checks") use another relative
error, ``|a − b| / max(|a|, |b|)`` component by component, with bands at 1e-7, 1e-4 and 1e-2."""


def relative_gradient_error(g, g_hat):
    """The scale-free gap between two gradients: ``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)`` (Euclidean norms), 0 when both are 0.

    The absolute gap ``‖g − ĝ‖`` depends on the size of the gradient: 1e-8 is tiny beside a gradient
    of size 1 and large beside one of size 1e-9. Divided by the sizes it reads the same at any
    scale: 0 when the two agree, 1 when one of them is 0 or they point in opposite directions
    (it is never more than 1). This is DeepLearning.AI's formula (Deep Learning Specialization,
    course 2, gradient checking: below 1e-7 is right). This course's bands for a smooth objective such
    as the log loss (`GRADIENT_CHECK_THRESHOLDS`): below 1e-7 right, from 1e-7 to 1e-4 suspicious,
    above 1e-4 wrong.

    Parameters
    ----------
    g : array-like of float
        One gradient, for example ``np.r_[dw, db]`` from `gradients`.
    g_hat : array-like of float, the same shape as `g`
        The other, for example from `numerical_gradient`.

    Returns
    -------
    float
        A number from 0 to 1.

    Examples
    --------
    ``‖(3, 4) − (3, 3)‖ = 1`` and ``‖(3, 4)‖ + ‖(3, 3)‖ = 5 + 4.2426``:

    >>> round(relative_gradient_error([3.0, 4.0], [3.0, 3.0]), 6)
    0.108194
    >>> relative_gradient_error([1e-9, 0.0], [2e-9, 0.0]) == relative_gradient_error([1.0, 0.0], [2.0, 0.0])
    True
    """
    g, g_hat = as_float_array(g, "g"), as_float_array(g_hat, "g_hat")
    if g.shape != g_hat.shape:
        raise ValueError(f"g and g_hat must have the same shape (one entry per parameter), got {g.shape} and "
                         f"{g_hat.shape}.")
    if g.size == 0:
        raise ValueError("g and g_hat are empty: a gradient has one entry per parameter.")
    scale = max(np.abs(g).max(), np.abs(g_hat).max())
    if scale == 0.0:
        return 0.0  # both are zero: they agree
    g, g_hat = g / scale, g_hat / scale  # the ratio does not change, and the norms cannot overflow
    return float(np.linalg.norm(g - g_hat) / (np.linalg.norm(g) + np.linalg.norm(g_hat)))
