"""The exercise checks, one per exercise, in the order the notebooks use them.

Each takes the learner's function and returns a `CheckResult`, shown as one
line: "✓ Correct: ..." or "✗ Not yet: <hint>". A check never raises because the
learner's function is broken: it says what went wrong and how to fix it.
"""

import warnings

import numpy as np

from .cross_entropy import binary_cross_entropy, binary_cross_entropy_from_logits
from .logistic import sigmoid, sigmoid_derivative
from .objective import gradients
from .thresholds import apply_threshold


class CheckResult:
    """Outcome of an exercise check: ``passed`` (bool) and ``message`` (one line, shown in the notebook).

    Examples
    --------
    >>> result = check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))   # overflows at z = -1000
    >>> result.passed
    False
    """

    def __init__(self, passed, message):
        self.passed, self.message = passed, message

    def __repr__(self):
        return self.message


def passed(what):
    return CheckResult(True, f"✓ Correct: {what}")


def hint(text):
    return CheckResult(False, f"✗ Not yet: {text}")


def call(fn, *args):
    """Call the learner's function: ``(result, None)``, or ``(None, CheckResult)`` explaining the failure."""
    if not callable(fn):
        return None, hint(f"pass the function itself (without calling it), got {type(fn).__name__}.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
                result = fn(*args)
        except NotImplementedError as exc:
            return None, hint(f"the function is not written yet ({exc}).")
        except Exception as exc:  # a learner's function may fail in any way
            return None, hint(f"your function raised {type(exc).__name__}: {exc}")
    overflow = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if overflow:
        return None, hint(f"numpy warned '{overflow[0].message}'. Use a numerically stable form.")
    return result, None


def as_array(result, name, shape):
    """`result` as a float array of `shape`, or a CheckResult saying why not."""
    if result is None:
        return None, hint(f"your function returned None instead of {name}: did you forget `return`?")
    try:
        arr = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None, hint(f"{name} should be numbers, got {type(result).__name__}.")
    if arr.shape != shape:
        return None, hint(f"{name} should have shape {shape}, got {arr.shape}.")
    if np.isnan(arr).any():
        return None, hint(f"{name} contains NaN. Use a numerically stable form.")
    return arr, None


def compare(arr, expected, name, rtol=1e-6, atol=1e-9):
    """None if `arr` matches `expected`; otherwise a hint, naming the usual mistakes (factor 2, sign, 1/n)."""
    arr, expected = np.asarray(arr, dtype=float), np.asarray(expected, dtype=float)
    if np.allclose(arr, expected, rtol=rtol, atol=atol):
        return None
    for factor, mistake in [(2.0, "twice the right value: is there a stray factor 2 (from squared error)?"),
                            (-1.0, "the right size but the wrong sign: check the minus sign."),
                            (0.5, "half the right value: is a factor 2 missing?")]:
        if np.allclose(arr, factor * expected, rtol=rtol, atol=atol):
            return hint(f"{name} is {mistake}")
    return hint(f"{name} is {np.round(arr, 6).tolist()} but should be {np.round(expected, 6).tolist()}.")


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


def check_brier_score(fn):
    """Notebook 07: ``fn(y, p)`` returns the Brier score ``mean((p - y)²)``."""
    from .regularization import brier_score

    result, problem = call(fn, _Y.copy(), _P.copy())
    problem = problem or as_array(result, "the Brier score", ())[1]
    if problem:
        return problem
    expected = brier_score(_Y, _P)
    if np.isclose(result, expected * len(_Y)):
        return hint("you returned the sum over samples; the Brier score is the mean (divide by n).")
    if np.isclose(result, np.sqrt(expected)):
        return hint("that is the root of the Brier score: do not take the square root.")
    return compare(result, expected, "the Brier score") or passed("your Brier score matches mean((p − y)²).")


def check_cost_threshold(fn):
    """Notebook 07: ``fn(cost_fp, cost_fn)`` returns the threshold where flagging and not flagging cost the same."""
    from .regularization import cost_threshold

    for cost_fp, cost_fn in ((1.0, 10.0), (1.0, 1.0), (5.0, 2.0)):
        result, problem = call(fn, cost_fp, cost_fn)
        problem = problem or as_array(result, f"the threshold for costs FP {cost_fp:g}, FN {cost_fn:g}", ())[1]
        if problem:
            return problem
        expected = cost_threshold(cost_fp, cost_fn)
        if cost_fp != cost_fn and np.isclose(result, 1 - expected):
            return hint("the costs are swapped: a costly miss (false negative) should make you flag sooner, "
                        "so the threshold must fall as cost_fn grows.")
        if np.isclose(result, cost_fp / cost_fn):
            return hint("close, but compare expected costs: flag when p · cost_fn >= (1 − p) · cost_fp, "
                        "and solve that for p.")
        problem = compare(result, expected, f"the threshold for cost_fp = {cost_fp:g}, cost_fn = {cost_fn:g}")
        if problem:
            return problem
    return passed("flag when p >= cost_fp / (cost_fp + cost_fn): 1/11 for costs 1 and 10.")


def check_precision_at_prevalence(fn):
    """Notebook 07: ``fn(recall, false_positive_rate, prevalence)`` returns the precision at that prevalence."""
    from .regularization import precision_at_prevalence

    for recall, fpr, prevalence in ((0.9, 0.05, 0.5), (0.95, 0.02, 0.01), (0.8, 0.1, 0.37)):
        result, problem = call(fn, recall, fpr, prevalence)
        what = f"the precision for recall {recall}, fpr {fpr}, prevalence {prevalence}"
        problem = problem or as_array(result, what, ())[1]
        if problem:
            return problem
        if np.isclose(result, recall / (recall + fpr)) and prevalence != 0.5:
            return hint("the prevalence is missing: weigh the true positives by π and the false positives by 1 − π.")
        problem = compare(result, precision_at_prevalence(recall, fpr, prevalence), what)
        if problem:
            return problem
    return passed("precision = recall·π / (recall·π + fpr·(1 − π)): rare positives, many false alarms.")
