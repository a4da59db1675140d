"""The capstone: two digits from scikit-learn's bundled 8 × 8 images, milestone checks and a report card.

Introduced in notebook 08 (``08_capstone_digits.ipynb``). The images ship inside
scikit-learn: nothing downloads. Each ``check_*`` function checks one milestone
of the learner's pipeline and returns a `CheckResult` (one line, "✓ Correct: ..."
or "✗ Not yet: ..."); `report_card` lists them all, so that a teacher, or a
grading tool reading the cell's text, sees which milestones pass.
"""

import functools
import numbers

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from ._validation import as_float_array, check_positive
from .comparison import max_coef_difference, newton_method
from .data import RANDOM_STATE, CourseData
from .exercises import CheckResult, as_array, call, hint, passed, shown
from .fit_loop import LogisticRegressionGD, describe_run, gradient_descent
from .logistic import sigmoid
from .objective import gradients, numerical_gradient
from .thresholds import threshold_metrics, threshold_sweep

IMAGE_SHAPE = (8, 8)


def load_digit_pair(negative=3, positive=8, scaled=False):
    """Images of two digits, split into train / validation / test (64 / 16 / 20 %, stratified, fixed seed).

    Each sample is an 8 × 8 image flattened to 64 pixel intensities from 0
    (white) to 16 (black); ``y = 1`` for the `positive` digit. With
    ``scaled=True`` each pixel is standardized with the training split's mean
    and standard deviation (a pixel that is constant in training keeps scale 1,
    like scikit-learn's ``StandardScaler``).

    Parameters
    ----------
    negative, positive : int from 0 to 9, different
    scaled : bool, default=False

    Returns
    -------
    CourseData
        ``feature_names`` are ``"pixel (row, column)"``; ``X.reshape(-1, 8, 8)`` gives the images.

    Examples
    --------
    183 threes and 174 eights:

    >>> data = load_digit_pair(3, 8)
    >>> data.X_train.shape, data.X_val.shape, data.X_test.shape
    ((228, 64), (57, 64), (72, 64))
    >>> int(data.y_train.sum() + data.y_val.sum() + data.y_test.sum())   # eights
    174
    """
    for value, name in ((negative, "negative"), (positive, "positive")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= 9:
            raise ValueError(f"{name} must be a digit from 0 to 9, got {value!r}.")
    if negative == positive:
        raise ValueError(f"negative and positive must be two different digits, got {negative} twice.")
    if not isinstance(scaled, bool):
        raise TypeError(f"scaled must be True or False, got {scaled!r}.")
    digits = load_digits()
    keep = np.isin(digits.target, (negative, positive))
    X, y = digits.data[keep], (digits.target[keep] == positive).astype(int)
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=RANDOM_STATE)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.2, stratify=y_rest,
                                                      random_state=RANDOM_STATE)
    names = tuple(f"pixel ({r}, {c})" for r in range(8) for c in range(8))
    mean = scale = None
    if scaled:
        mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        X_train, X_val, X_test = [(part - mean) / scale for part in (X_train, X_val, X_test)]
    return CourseData(X_train, X_val, X_test, y_train, y_val, y_test, names, mean, scale)


class ReportCard:
    """The milestones of a notebook and whether each passes; shown as one line per milestone.

    Parameters
    ----------
    results : dict
        Maps a milestone name to the `CheckResult` of its check.

    Attributes
    ----------
    results : dict mapping a milestone name to its `CheckResult`
    passed, total : int

    Examples
    --------
    >>> card = ReportCard({"M1": CheckResult(True, "✓ Correct: done.")})
    >>> card.passed, card.total, card.as_dict()["milestones"][0]["passed"]
    (1, 1, True)
    """

    def __init__(self, results):
        if not isinstance(results, dict) or not all(isinstance(r, CheckResult) for r in results.values()):
            raise TypeError(f"results must be a dict of milestone name -> CheckResult, got {results!r}.")
        self.results = dict(results)
        self.passed = sum(bool(r.passed) for r in self.results.values())
        self.total = len(self.results)

    def as_dict(self):
        """``{"passed": n, "total": m, "milestones": [{"name", "passed", "message"}, ...]}`` (JSON-ready).

        Returns
        -------
        dict
            ``passed`` and ``total`` (int) and ``milestones``, a list of dicts with ``name``,
            ``passed`` and ``message``.
        """
        return {"passed": self.passed, "total": self.total,
                "milestones": [{"name": name, "passed": bool(r.passed), "message": r.message}
                               for name, r in self.results.items()]}

    def __repr__(self):
        lines = [f"Report card: {self.passed} of {self.total} milestones pass"]
        lines += [f"{name}: {r.message}" for name, r in self.results.items()]
        return "\n".join(lines)


def report_card(results):
    """Collect milestone checks into a `ReportCard`: a count, then one line per milestone.

    Parameters
    ----------
    results : dict
        Maps a milestone name (say ``"M1 scale"``) to the `CheckResult` of its check.

    Returns
    -------
    ReportCard

    Examples
    --------
    >>> report_card({"M1": CheckResult(True, "✓ Correct: scaled."), "M2": CheckResult(False, "✗ Not yet: fit.")})
    Report card: 1 of 2 milestones pass
    M1: ✓ Correct: scaled.
    M2: ✗ Not yet: fit.
    """
    if not isinstance(results, dict) or not results:
        raise TypeError(f"results must be a non-empty dict of milestone name -> CheckResult, got {results!r}.")
    bad = [name for name, r in results.items() if not isinstance(r, CheckResult)]
    if bad:
        raise TypeError(f"every value of results must be a CheckResult (what a check_ function returns); "
                        f"not for {bad}.")
    return ReportCard(results)


def _reference_scaling(X_train, X_val, X_test):
    mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return [(part - mean) / scale for part in (X_train, X_val, X_test)]


def check_standardize_splits(fn):
    """Milestone 1: ``fn(X_train, X_val, X_test)`` standardizes all three with the training statistics.

    A pixel that is constant in the training split (std 0) must not produce NaN or inf.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X_train, X_val, X_test)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    data = load_digit_pair()
    parts = (data.X_train, data.X_val, data.X_test)
    result, problem = call(fn, *[part.copy() for part in parts])
    if problem:
        if "divide" in problem.message or "invalid" in problem.message:
            return hint("dividing by a standard deviation of 0: some pixels are blank in every training image. "
                        "Use a scale of 1 for them (np.where(std > 0, std, 1)).")
        return problem
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        return hint("return three arrays: (X_train_scaled, X_val_scaled, X_test_scaled).")
    expected = _reference_scaling(*parts)
    for got, want, part, name in zip(result, expected, parts, ("X_train", "X_val", "X_test")):
        arr, problem = as_array(got, f"{name} scaled", want.shape)
        if problem:
            if "NaN" in problem.message:
                return hint("NaN: some pixels are blank in every training image, so their std is 0. "
                            "Use a scale of 1 for them.")
            return problem
        if name != "X_train" and np.allclose(arr, _reference_scaling(part, part, part)[0], atol=1e-9):
            return hint(f"{name} was scaled with its own statistics; use the training split's mean and std.")
        if not np.allclose(arr, want, atol=1e-9):
            return hint(f"{name} scaled differs from (X - training mean) / training std.")
    return passed("all three splits standardized with the training statistics, blank pixels handled.")


PENALTY_C = 1.0
"""The capstone's penalty: threes and eights are linearly separable, so every fit keeps one."""
LEARNING_RATES = (0.001, 0.01, 0.1, 0.5, 100.0)
"""The learning rates whose loss curves milestone 3 shows (100 is far past the stability edge)."""


@functools.cache
def _scaled_pair():
    """The scaled 3-against-8 splits, loaded once (every check passes copies to the learner's function)."""
    return load_digit_pair(scaled=True)


@functools.cache
def _optimum(C=PENALTY_C):
    """The capstone's model fitted to its optimum by Newton's method: ``(w, b)``, computed once per C."""
    data = _scaled_pair()
    w, b, _ = newton_method(data.X_train, data.y_train, C=C)
    return w, b


def _reference_model(data):
    return _optimum()


def _is_number(value):
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()  # np.asarray(x) of one number is one number too
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and np.isfinite(value)


def check_gradient_gap(fn):
    """Milestone 2: ``fn(X, y, w, b, C)`` returns the largest |analytic − numerical| gradient difference (tiny).

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X, y, w, b, C)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    data = _scaled_pair()
    X, y = data.X_train[:40], data.y_train[:40].astype(float)
    gaps = []
    for seed in (1, 2):  # two points: a gap typed in, or one that ignores w and b, cannot pass both
        w, b = 0.1 * np.random.default_rng(seed).normal(size=X.shape[1]), 0.2 * seed
        gap, problem = call(fn, X.copy(), y.copy(), w.copy(), b, PENALTY_C)
        if problem:
            return problem
        if not _is_number(gap):
            return hint(f"return one finite number (the largest absolute difference), got {shown(gap)}.")
        if gap < 0:
            return hint("a difference measured in absolute value cannot be negative: use np.abs(...).max().")
        if gap > 1e-6:
            return hint(f"a gap of {gap:.1e} is too large for central differences (expect about 1e-9): "
                        "compare gradients(X, y, w, b, C)[0] with numerical_gradient(X, y, w, b, C)[0].")
        if gap == 0:
            return hint("a gap of exactly 0 means the two sides are the same computation: "
                        "compare gradients(...) with numerical_gradient(...).")
        (dw, db), (num_dw, num_db) = gradients(X, y, w, b, PENALTY_C), numerical_gradient(X, y, w, b, PENALTY_C)
        reference = max(np.max(np.abs(dw - num_dw)), abs(db - num_db))
        if not reference / 100 <= gap <= 100 * reference:
            return hint(f"at this w and b the largest gap is about {reference:.0e}, yours is {gap:.0e}: compare "
                        "every weight and the intercept, with the w, b and C you are given.")
        gaps.append(float(gap))
    if gaps[0] == gaps[1]:
        return hint("your gap is the same at two different points: compute it from the w and b you are given.")
    return passed("analytic and numerical gradients agree to better than 1e-6.")


def loss_curves(X, y, learning_rates=LEARNING_RATES, n_iter=500):
    """Training-loss curves of `gradient_descent` at C = 1, one per learning rate: ``{rate: history}``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), standardized
    y : array-like of shape (n_samples,), labels 0 or 1
    learning_rates : sequence of float > 0
    n_iter : int >= 1

    Returns
    -------
    dict mapping each learning rate to its loss history, shape (n_iter + 1,)

    Examples
    --------
    >>> curves = loss_curves([[-1.0], [1.0]], [0, 1], learning_rates=(0.1,), n_iter=3)
    >>> list(curves), len(curves[0.1])
    ([0.1], 4)
    """
    rates = as_float_array(learning_rates, "learning_rates", ndim=1, shape="(n_rates,)")
    if (rates <= 0).any():
        raise ValueError(f"learning_rates must be numbers > 0, got {rates[rates <= 0][:3].tolist()}.")
    check_positive(n_iter, "n_iter", integer=True)
    return {float(lr): gradient_descent(X, y, float(lr), n_iter, C=PENALTY_C)[2] for lr in rates}


def check_learning_rate(fn):
    """Milestone 3: ``fn(curves)`` picks, from ``{learning_rate: loss history}``, a rate that converges.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(curves)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    data = _scaled_pair()
    curves = loss_curves(data.X_train, data.y_train)
    rate, problem = call(fn, {lr: history.copy() for lr, history in curves.items()})
    if problem:
        return problem
    if not _is_number(rate) or rate not in curves:  # an array or a curve is not a key (and not hashable)
        return hint(f"return one of the learning rates you were given, {list(curves)}; got {shown(rate)}.")
    verdict, sentence = describe_run(curves[rate])
    if verdict != "converges":
        return hint(f"at learning rate {rate:g}: {sentence}")
    fastest = max(lr for lr, history in curves.items() if describe_run(history)[0] == "converges")
    if rate != fastest:
        return hint(f"{rate:g} converges, but a larger rate converges too and levels off sooner: prefer it.")
    return passed(f"learning rate {rate:g}: the loss falls smoothly and levels off within 500 steps.")


def check_fitted_model(fn):
    """Milestone 4: ``fn(X_train, y_train, learning_rate)`` returns a fitted, penalized, converged model.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X_train, y_train, learning_rate)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    data = _scaled_pair()
    model, problem = call(fn, data.X_train.copy(), data.y_train.copy(), 0.5)
    if problem:
        return problem
    if not isinstance(model, LogisticRegressionGD):
        return hint(f"return a LogisticRegressionGD, got {type(model).__name__}.")
    if not hasattr(model, "coef_"):
        return hint("the model is not fitted yet: return model.fit(X_train, y_train).")
    # the model's attributes are the learner's too: read them as numbers before comparing them
    if model.C is None or (isinstance(model.C, numbers.Real) and model.C == np.inf):  # scikit-learn's "no penalty"
        return hint("threes and eights are linearly separable: without a penalty the weights grow without end. "
                    "Give C=1.0.")
    if not _is_number(model.C) or model.C != PENALTY_C:
        return hint(f"use C = {PENALTY_C:g}, the penalty milestone 7 compares with scikit-learn, "
                    f"not C = {shown(model.C)}.")
    if not _is_number(model.learning_rate) or model.learning_rate != 0.5:
        return hint(f"use the learning_rate you are given (0.5 here), not {shown(model.learning_rate)}.")
    coef, problem = as_array(model.coef_, "coef_", None)
    if problem:
        return problem
    if coef.shape != (1, 64):
        return hint(f"expected 64 weights (one per pixel), got coef_ of shape {coef.shape}.")
    gap = max_coef_difference(coef[0], _optimum()[0])
    if gap > 1e-3:
        return hint(f"the weights are still {gap:.1e} from the optimum at C = {PENALTY_C:g}: "
                    "take more iterations (n_iter), until the loss has levelled off.")
    accuracy = float(np.mean(model.predict(data.X_val) == data.y_val))
    if accuracy < 0.9:
        return hint(f"validation accuracy {accuracy:.3f} is below 0.9: are the features scaled?")
    return passed(f"fitted with C = {PENALTY_C:g}, within 1e-3 of the optimum, validation accuracy at least 0.9.")


SORTING_COSTS = {"cost_fn": 1, "cost_fp": 4}
"""Milestone 5's costs, with an 8 as the positive class: a 3 read as an 8 (a false positive) costs 4,
an 8 read as a 3 (a false negative) costs 1."""


def check_validation_threshold(fn):
    """Milestone 5: ``fn(y_val, p_val)`` returns one of the cheapest thresholds on the validation data.

    The costs are `SORTING_COSTS`: the learner must map "a 3 read as an 8 costs 4" onto a false
    positive. Thresholds best for accuracy (both mistakes alike) or for the swapped costs get a hint.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(y_val, p_val)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    data = _scaled_pair()
    w, b = _reference_model(data)
    z_val = data.X_val @ w + b
    swapped = {"cost_fn": SORTING_COSTS["cost_fp"], "cost_fp": SORTING_COSTS["cost_fn"]}
    chosen = []
    for shift in (0.0, -4.0):  # the second model is biased towards 3s: there the cheapest threshold is far lower
        p_val = sigmoid(z_val + shift)
        threshold, problem = call(fn, data.y_val.copy(), p_val.copy())
        if problem:
            return problem
        if not _is_number(threshold) or not 0 <= threshold <= 1:
            return hint(f"return a threshold, a number in [0, 1], got {shown(threshold)}.")
        t = float(threshold)
        best = float(threshold_sweep(data.y_val, p_val, **SORTING_COSTS)["cost"].min())
        mine = threshold_metrics(data.y_val, p_val, t, **SORTING_COSTS)["cost"]
        if mine > best + 1e-9:
            best_swapped = float(threshold_sweep(data.y_val, p_val, **swapped)["cost"].min())
            best_accuracy = float(threshold_sweep(data.y_val, p_val)["accuracy"].max())
            if (threshold_metrics(data.y_val, p_val, t, **swapped)["cost"] <= best_swapped + 1e-9
                    or threshold_metrics(data.y_val, p_val, t)["accuracy"] >= best_accuracy - 1e-12):
                return hint(f"threshold {t:g} costs {mine:g} on validation, the cheapest costs {best:g}. It would "
                            "be among the best if both mistakes cost the same (accuracy), or if an 8 read as a 3 "
                            "were the expensive one. With an 8 as the positive class, which mistake is the false "
                            "positive, and what does it cost?")
            return hint(f"threshold {t:g} costs {mine:g} on validation, the cheapest costs {best:g}: search the "
                        "thresholds on the probabilities you are given, for the total cost.")
        chosen.append(t)
    return passed(f"threshold {chosen[0]:g} is among the cheapest on the validation data (a false positive, a 3 "
                  f"read as an 8, costs 4), and {chosen[1]:g} for a model biased towards 3s: the search follows "
                  "the probabilities.")


def check_test_report(fn):
    """Milestone 6: ``fn(y_test, p_test, threshold)`` returns the test accuracy, precision and recall as a dict.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(y_test, p_test, threshold)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    data = _scaled_pair()
    w, b = _reference_model(data)
    p_test = sigmoid(data.X_test @ w + b)
    for threshold in (0.3, 0.7):  # two thresholds: a function that ignores its threshold cannot pass
        report, problem = call(fn, data.y_test.copy(), p_test.copy(), threshold)
        if problem:
            return problem
        keys = ("accuracy", "precision", "recall")
        if not isinstance(report, dict) or not all(k in report for k in keys):
            return hint(f"return a dict with the keys {list(keys)}, got {shown(report)}.")
        expected = threshold_metrics(data.y_test, p_test, threshold)
        wrong = [k for k in keys if not _is_number(report[k]) or not np.isclose(report[k], expected[k], atol=1e-9)]
        if wrong:
            return hint(f"{wrong} differ from the test set's values at the threshold given ({threshold} here): "
                        "use the threshold argument, and class 1 as positive.")
    return passed("test accuracy, precision and recall, at the threshold chosen on validation.")


def check_sklearn_agreement(fn, atol=1e-3):
    """Milestone 7: ``fn(X_train, y_train, C)`` returns a fitted scikit-learn model within `atol` of the optimum.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X_train, y_train, C)``.
    atol : float > 0, default=1e-3
        Largest difference allowed between its coefficients and the penalized optimum.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    from sklearn.linear_model import LogisticRegression

    data = _scaled_pair()
    for C in (PENALTY_C, 0.1):  # two values: a function that ignores C (scikit-learn's default is 1) cannot pass
        sk_model, problem = call(fn, data.X_train.copy(), data.y_train.copy(), C)
        if problem:
            return problem
        if not isinstance(sk_model, LogisticRegression) or not hasattr(sk_model, "coef_"):
            return hint("return a fitted sklearn.linear_model.LogisticRegression.")
        if not _is_number(sk_model.C) or sk_model.C != C:  # its attributes are the learner's too
            return hint(f"different objectives: scikit-learn's C = {shown(sk_model.C)}, ours C = {C:g}. Pass C on.")
        coef, problem = as_array(sk_model.coef_, "coef_", None)
        if problem:
            return problem
        if coef.shape != (1, data.X_train.shape[1]):
            return hint(f"expected coef_ of shape (1, {data.X_train.shape[1]}) (one weight per pixel), got "
                        f"{coef.shape}: fit on all of X_train and y_train.")
        w, _ = _optimum(C)
        gap = max_coef_difference(coef[0], w)
        if gap > atol:
            return hint(f"scikit-learn's coefficients are {gap:.0e} from the optimum at C = {C:g} (more than "
                        f"{atol:g}): its default solver stops early; use solver='newton-cholesky' with a tight tol.")
    return passed(f"scikit-learn's model is within {atol:g} of the optimum at C = {PENALTY_C:g}: "
                  "the same model as yours.")
