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


# Reasoning exercises: the learner derives, predicts or chooses. The answer is what a small function
# returns (so that the student notebook's stub, which raises NotImplementedError, is reported as "not
# written yet"), or the value itself. Each check names the likely wrong answers; the notebook
# explains the right one after the check.

def _given(answer, *args):
    """``(value, None)``: `answer` itself, or what it returns when it is a function; else ``(None, CheckResult)``."""
    if not callable(answer):
        return answer, None
    value, problem = call(answer, *args)
    if problem is None and value is None:
        problem = hint("your function returned None: did you forget `return`?")
    return value, problem


def _number(answer, name):
    """``(float, None)`` for one finite real number, else ``(None, CheckResult)`` saying what it got."""
    if isinstance(answer, (str, bool, np.bool_)) or np.ndim(answer) != 0:
        return None, hint(f"{name} should be one number, got {answer!r}.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None, hint(f"{name} should be one number, got {type(answer).__name__}.")
    if not np.isfinite(value):
        return None, hint(f"{name} should be a finite number, got {value}.")
    return value, None


def _word(answer, meanings, name):
    """The key of `meanings` whose words include `answer` (case and spaces ignored), or a CheckResult."""
    choices = ", ".join(repr(key) for key in meanings)
    if not isinstance(answer, str):
        return None, hint(f"{name} should be a word in quotes, one of {choices}; got {answer!r}.")
    said = " ".join(answer.lower().replace("'", " ").replace('"', " ").split()).strip(" .!")
    for key, words in meanings.items():
        if said == key or said in words:
            return key, None
    return None, hint(f"{name} should be one of {choices}; got {answer!r}.")


def check_crossing(answer):
    """Notebook 01: for w = -2, b = 1, the pair ``(x_cross, malignant_side)``: where p = 0.5, and which side
    of it (``"left"`` or ``"right"``) is predicted malignant. `answer` is the pair or a function returning it."""
    pair, problem = _given(answer)
    if problem:
        return problem
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return hint("answer with a pair (x_cross, malignant_side), for example (1.5, \"right\").")
    x_cross, malignant_side = pair
    x, problem = _number(x_cross, "x_cross")
    if problem:
        return problem
    if np.isclose(x, -0.5):
        return hint("check the sign: w x + b = 0 gives x = -b / w = -1 / (-2).")
    if np.isclose(abs(x), 2.0):
        return hint("you divided w by b; solve w x + b = 0 for x instead: x = -b / w.")
    if not np.isclose(x, 0.5):
        return hint("p = 0.5 where the logit is 0: solve -2 x + 1 = 0 for x.")
    side, problem = _word(malignant_side, {"left": {"smaller", "smaller x", "below", "to the left"},
                                           "right": {"larger", "larger x", "above", "to the right"}},
                          "malignant_side")
    if problem:
        return problem
    if side == "right":
        return hint("with w < 0 the S is flipped: p falls as x grows, so p > 0.5 for x smaller than the crossing.")
    return passed("p = 0.5 at x = -b / w = 0.5, and with w < 0 the smaller tumours get p > 0.5.")


def check_baseline_loss(answer, y):
    """Notebook 02: the mean log loss on labels `y` of the best constant prediction, p = mean(y) for all.

    `answer` is that number, or a function of the labels returning it (called with a copy of `y`).
    """
    y = np.asarray(y, dtype=float)
    value, problem = _given(answer, y.copy())
    if problem:
        return problem
    loss, problem = _number(value, "your baseline loss")
    if problem:
        return problem
    rate = y.mean()
    right = binary_cross_entropy(y, np.full(len(y), rate))
    close = lambda target: np.isclose(loss, target, rtol=1e-3)  # noqa: E731 (three decimals are enough)
    if close(right):
        return passed(f"predicting the base rate p = {rate:.3f} for every tumour scores {right:.4f} nats.")
    if close(np.log(2)):
        return hint("ln 2 = 0.693 is the loss of p = 0.5. A constant can do better: "
                    "predict the share of malignant tumours, p = mean(y), for every tumour.")
    if close(rate) or close(1 - rate):
        return hint("that is the base rate itself; the question asks for its mean log loss, "
                    "binary_cross_entropy(y, p) with p = mean(y) for every tumour.")
    if close(binary_cross_entropy(y, np.full(len(y), 1 - rate))):
        return hint("you predicted the share of benign tumours; p is the probability of malignant (y = 1).")
    if close(right / np.log(10)) or close(right / np.log(2)):
        return hint("use the natural logarithm (np.log): the loss is measured in nats.")
    return hint(f"{loss:.4f} is not it: compute the mean log loss of predicting p = mean(y) for every tumour.")


def check_fit_loop(fn):
    """Notebook 04: ``fn(X, y, learning_rate, n_iter)`` returns ``(w, b, losses)`` like `gradient_descent`."""
    from .fit_loop import gradient_descent  # here, not at the top: fit_loop is notebook 04's module

    n_iter, rate = 20, 0.5
    result, problem = call(fn, _X.copy(), _YX.copy(), rate, n_iter)
    if problem:
        return problem
    if not isinstance(result, tuple) or len(result) != 3:
        return hint("return three things, (w, b, losses): the final weights, intercept and the loss history.")
    w_ref, b_ref, h_ref = gradient_descent(_X, _YX, rate, n_iter)
    w, problem = as_array(result[0], "w", w_ref.shape)
    if problem:
        return problem
    one_w, _ = gradients(_X, _YX, np.zeros(_X.shape[1]), 0.0)
    if np.allclose(w, -rate * one_w):
        return hint(f"w is where one step lands: repeat the step n_iter = {n_iter} times, starting from w = 0, b = 0.")
    if np.allclose(w, gradient_descent(_X, _YX, 2 * rate, n_iter)[0]):
        return hint("your steps are twice too long: a stray factor 2 in the gradient (the tutorial's mistake)?")
    problem = compare(w, w_ref, "the final w") or compare(result[1], b_ref, "the final b")
    if problem:
        return problem
    try:
        losses = np.asarray(result[2], dtype=float).ravel()
    except (TypeError, ValueError):
        return hint("losses should be a list or array of numbers, one loss per point visited.")
    if len(losses) in (n_iter, n_iter - 1) and np.allclose(losses, h_ref[: len(losses)]):
        return hint(f"losses has {len(losses)} values: record the loss at the start and after every step, "
                    f"{n_iter + 1} values for {n_iter} steps.")
    if len(losses) == n_iter and np.allclose(losses, h_ref[1:]):
        return hint(f"the loss at the start, before any step, is missing: {n_iter + 1} values for {n_iter} steps.")
    if len(losses) != n_iter + 1:
        return hint(f"losses should have {n_iter + 1} values for {n_iter} steps (the start and after each step), "
                    f"got {len(losses)}.")
    return compare(losses, h_ref, "the loss history") or passed(
        "your loop lands on the same weights and records the same losses as gradient_descent.")


_VERDICTS = {"converges": {"converge", "converged", "converging"}, "crawls": {"crawl", "crawling"},
             "oscillates": {"oscillate", "oscillating", "oscillation"},
             "unstable": {"diverges", "chaotic", "explodes"}}


def check_curve_verdict(answer):
    """Notebook 04: the verdict for the learning-rate-17 curve (C = 1, 1,000 steps): ``"oscillates"``.

    `answer` is the word, or a function returning it.
    """
    word, problem = _given(answer)
    if problem:
        return problem
    verdict, problem = _word(word, _VERDICTS, "your verdict")
    if problem:
        return problem
    if verdict == "converges":
        return hint("it did look converged after 100 steps, but look at the rest: the loss goes up and down "
                    "again, on many steps. A converged run levels off and stays there.")
    if verdict == "crawls":
        return hint("crawling is a slow, steady fall; this curve rises on many of its steps.")
    if verdict == "unstable":
        return hint("an unstable run spends most of its second half above the starting loss 0.693; "
                    "this one spends most of it on the floor, far below, between its spikes.")
    return passed("the loss rises on many steps but mostly stays near its minimum: the steps overshoot, it oscillates.")


def check_threshold_direction(answer):
    """Notebook 05: a missed cancer costs 5 false alarms instead of 10; the chosen threshold moves ``"higher"``.

    `answer` is the word, or a function returning it.
    """
    word, problem = _given(answer)
    if problem:
        return problem
    direction, problem = _word(word, {"higher": {"up", "raise", "rises", "increase", "increases", "larger"},
                                        "lower": {"down", "decrease", "decreases", "falls", "smaller"},
                                        "same": {"unchanged", "stays", "no change", "the same"}},
                               "your prediction")
    if problem:
        return problem
    if direction == "lower":
        return hint("a missed cancer is now cheaper (5 false alarms, not 10), so flagging a tumour is worth it "
                    "less often: you flag fewer, which means a higher threshold.")
    if direction == "same":
        return hint("the best threshold depends on the ratio of the two costs: flag when p · cost_fn > "
                    "(1 - p) · cost_fp. Halving cost_fn changes where that holds.")
    return passed("cheaper missed cancers: flag fewer tumours, so the threshold moves up.")


LEARNING_RATE_OPTIONS = (0.01, 0.1, 0.5, 1.0, 15.0)


def check_safe_learning_rate(answer, beta):
    """Notebook 06: the largest of `LEARNING_RATE_OPTIONS` safe from any start, given the curvature bound β.

    `answer` is the chosen rate, or a function returning it.
    """
    choice, problem = _given(answer)
    if problem:
        return problem
    rate, problem = _number(choice, "your learning rate")
    bound, problem2 = _number(beta, "beta")
    if problem or problem2:
        return problem or problem2
    if bound <= 0:
        return hint(f"beta is the largest curvature, a positive number; got {bound}.")
    if not any(np.isclose(rate, option) for option in LEARNING_RATE_OPTIONS):
        return hint(f"choose one of the options {list(LEARNING_RATE_OPTIONS)}.")
    safe = [option for option in LEARNING_RATE_OPTIONS if option < 2 / bound]
    if not safe:
        return hint(f"none of the options is below 2 / beta = {2 / bound:.3g}: is beta right?")
    if np.isclose(rate, 15.0):
        return hint("15 is just below the edge at the optimum (notebook 04), where the curvature is small; "
                    f"from w = 0 the curvature is beta, and a safe step must stay below 2 / beta = {2 / bound:.2f}.")
    if rate >= 2 / bound:
        return hint(f"{rate:g} is above 2 / beta = {2 / bound:.2f}: along the steepest direction it overshoots "
                    "by more than it gains.")
    if rate < max(safe):
        return hint(f"{rate:g} is safe, but not the largest safe option: every step is shorter than it need be.")
    return passed(f"{rate:g} is the largest option below 2 / beta = {2 / bound:.2f}, safe from any starting point.")
