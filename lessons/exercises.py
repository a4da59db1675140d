"""The exercise checks, one per exercise, in the order the notebooks use them.

Each takes the learner's function and returns a `lessons.checks.CheckResult`
(shown as one line: "✓ Correct: ..." or "✗ Not yet: <hint>").
"""

import numpy as np

from .checks import as_array, call, compare, hint, passed
from .cross_entropy import binary_cross_entropy, binary_cross_entropy_from_logits
from .gradients import gradients
from .sigmoid import sigmoid, sigmoid_derivative

_Z = np.array([-5.0, -1.0, 0.0, 0.5, 3.0])
_Z_EXTREME = np.array([-1000.0, -710.0, 710.0, 1000.0])
_Y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
_P = np.array([0.9, 0.2, 0.6, 0.35, 0.05])
_rng = np.random.default_rng(0)
_X = _rng.normal(size=(6, 3))
_YX = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
_W, _B = np.array([0.5, -1.0, 0.25]), 0.1


def _elementwise(fn, reference, name):
    for z in (_Z, _Z_EXTREME):
        result, problem = call(fn, z.copy())
        problem = problem or as_array(result, f"{name}({z.tolist()})", z.shape)[1]
        if problem:
            return problem
        problem = compare(result, reference(z), f"{name}({z.tolist()})")
        if problem:
            return problem
    return None


def check_sigmoid(fn):
    """Notebook 01: ``fn(z)`` must equal `lessons.sigmoid` on arrays, including z = ±1000, without warnings."""
    return _elementwise(fn, sigmoid, "sigmoid") or passed("your sigmoid matches, even at z = ±1000.")


def check_sigmoid_derivative(fn):
    """Notebook 01: ``fn(z)`` must equal σ(z)(1 − σ(z)) on arrays, including z = ±1000."""
    return _elementwise(fn, sigmoid_derivative, "derivative") or passed("your derivative matches σ(z)(1 − σ(z)).")


def check_binary_cross_entropy(fn):
    """Notebook 02: ``fn(y, p)`` must equal `lessons.binary_cross_entropy`, also when p is exactly 0 or 1."""
    result, problem = call(fn, _Y.copy(), _P.copy())
    problem = problem or as_array(result, "the loss", ())[1]
    if problem:
        return problem
    expected = binary_cross_entropy(_Y, _P)
    if np.isclose(result, expected * len(_Y)):
        return hint("you returned the sum over samples; the loss is the mean (divide by n).")
    problem = compare(result, expected, "the loss")
    if problem:
        return problem
    result, problem = call(fn, np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    if problem:
        return problem
    if not np.isfinite(result) or result < 30:
        return hint(f"two certain, wrong predictions (p = 0 for y = 1, p = 1 for y = 0) cost {result} here; "
                    "they must cost a lot (about 36 nats each) but stay finite: clip p to [eps, 1 - eps].")
    return passed("your loss matches, and a certain wrong prediction is expensive but finite.")


def check_binary_cross_entropy_from_logits(fn):
    """Notebook 02: ``fn(y, z)`` must equal `lessons.binary_cross_entropy_from_logits`, exact for |z| = 1000."""
    for z in (_Z, np.array([-1000.0, 1000.0, 800.0, -800.0, 0.0])):
        result, problem = call(fn, _Y.copy(), z.copy())
        problem = problem or as_array(result, "the loss", ())[1]
        if problem:
            return problem
        if not np.isfinite(result):
            return hint(f"the loss for z = {z.tolist()} is {result}: use np.logaddexp(0, z) for ln(1 + e^z).")
        if np.isclose(result, binary_cross_entropy(_Y, sigmoid(z))) and np.abs(z).max() > 40:
            return hint("you turned z into probabilities first, which rounds them to 0 or 1 and clips the loss; "
                        "compute it from z directly with np.logaddexp(0, z) - y * z.")
        problem = compare(result, binary_cross_entropy_from_logits(_Y, z), f"the loss for z = {z.tolist()}")
        if problem:
            return problem
    return passed("your loss from logits matches, even at z = ±1000.")


def check_gradients(fn, C=None):
    """Notebook 03 (and 06 with C): ``fn(X, y, w, b)`` (or ``fn(X, y, w, b, C)``) must return ``(dw, db)``."""
    args = (_X.copy(), _YX.copy(), _W.copy(), _B) + (() if C is None else (C,))
    result, problem = call(fn, *args)
    if problem:
        return problem
    if not isinstance(result, tuple) or len(result) != 2:
        return hint("return a pair (dw, db): the gradient for the weights and for the intercept.")
    dw_exp, db_exp = gradients(_X, _YX, _W, _B, C)
    dw, problem = as_array(result[0], "dw", dw_exp.shape)
    if problem:
        return problem
    if C is None and np.allclose(dw, dw_exp * len(_YX)):
        return hint("dw is n times too large: divide Xᵀ(p - y) by the number of samples n.")
    if C is not None and np.allclose(dw, gradients(_X, _YX, _W, _B)[0]):
        return hint("dw has no penalty term: add w / (n C).")
    problem = compare(dw, dw_exp, "dw") or compare(result[1], db_exp, "db")
    return problem or passed("your gradient matches (dw, db)" + ("" if C is None else f" with C = {C}") + ".")


def check_gradient_step(fn):
    """Notebook 04: ``fn(X, y, w, b, learning_rate)`` must return the new ``(w, b)`` after one step."""
    result, problem = call(fn, _X.copy(), _YX.copy(), _W.copy(), _B, 0.5)
    if problem:
        return problem
    if not isinstance(result, tuple) or len(result) != 2:
        return hint("return a pair (w, b): the weights and intercept after the step.")
    dw, db = gradients(_X, _YX, _W, _B)
    w, problem = as_array(result[0], "w", _W.shape)
    if problem:
        return problem
    if np.allclose(w, _W + 0.5 * dw):
        return hint("w moved uphill: subtract learning_rate * dw (go against the gradient).")
    problem = compare(w, _W - 0.5 * dw, "the new w") or compare(result[1], _B - 0.5 * db, "the new b")
    return problem or passed("one gradient-descent step, w - learning_rate * dw and b - learning_rate * db.")


def check_central_difference(fn):
    """Notebook 03: ``fn(f, x, h)`` returns ``(f(x + h) - f(x - h)) / (2 h)`` for a function of one number."""
    cases = [(lambda x: x**3, 2.0, 12.0), (np.sin, 0.5, np.cos(0.5)), (sigmoid, 1.0, sigmoid_derivative(1.0))]
    for f, x, slope in cases:
        result, problem = call(fn, f, x, 1e-5)
        problem = problem or as_array(result, f"the slope at x = {x}", ())[1]
        if problem:
            return problem
        if np.isclose(result, (f(x + 1e-5) - f(x)) / 1e-5, rtol=1e-12) and not np.isclose(result, slope, rtol=1e-9):
            return hint("that is the one-sided difference (f(x + h) - f(x)) / h; "
                        "use the central one, it is far more accurate.")
        problem = compare(result, slope, f"the slope at x = {x}", rtol=1e-7)
        if problem:
            return problem
    return passed("central differences give the slope to about 10 digits.")


def check_predict_proba(fn):
    """Notebook 06: ``fn(X, coef, intercept)`` returns probabilities of shape (n_samples, 2): [1 − p, p]."""
    coef, intercept = _W.reshape(1, -1), np.array([_B])
    result, problem = call(fn, _X.copy(), coef.copy(), intercept.copy())
    if problem:
        return problem
    proba, problem = as_array(result, "the probabilities", (len(_X), 2))
    if problem:
        return problem
    p = sigmoid(_X @ _W + _B)
    if np.allclose(proba, np.column_stack([p, 1 - p])):
        return hint("the columns are swapped: column 0 is P(class 0) = 1 - p, column 1 is P(class 1) = p.")
    problem = compare(proba, np.column_stack([1 - p, p]), "the probabilities")
    return problem or passed("columns [1 − p, p], like scikit-learn.")
