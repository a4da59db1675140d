"""The capstone: two digits from scikit-learn's bundled 8 × 8 images, milestone checks and a report card.

Introduced in notebook 08 (``08_capstone_digits.ipynb``). The images ship inside
scikit-learn: nothing downloads. Each ``check_*`` function checks one milestone
of the learner's pipeline and returns a `CheckResult` (one line, "✓ Correct: ..."
or "✗ Not yet: ..."); `report_card` lists them all, so that a teacher, or a
grading tool reading the cell's text, sees which milestones pass.
"""

import numbers

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from ._validation import as_binary_labels, as_float_array, check_same_length
from .comparison import hessian, max_coef_difference, newton_method
from .data import RANDOM_STATE, CourseData
from .exercises import CheckResult, as_array, call, hint, passed
from .fit_loop import LogisticRegressionGD, describe_run, gradient_descent
from .thresholds import threshold_metrics, threshold_sweep

IMAGE_SHAPE = (8, 8)


def load_digit_pair(negative=3, positive=8, scaled=False):
    """Images of two digits, split into train / validation / test (60 / 16 / 20 %, stratified, fixed seed).

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
        self.results = dict(results)
        self.passed = sum(bool(r.passed) for r in self.results.values())
        self.total = len(self.results)

    def as_dict(self):
        """``{"passed": n, "total": m, "milestones": [{"name", "passed", "message"}, ...]}`` (JSON-ready)."""
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
    """
    data = load_digit_pair()
    parts = (data.X_train, data.X_val, data.X_test)
    result, problem = call(fn, *[part.copy() for part in parts])
    if problem:
        if "divide" in problem.message or "invalid" in problem.message:
            return hint("dividing by a standard deviation of 0: some pixels are blank in every training image. "
                        "Use a scale of 1 for them (np.where(std > 0, std, 1)).")
        return problem
    if not isinstance(result, tuple) or len(result) != 3:
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


def check_gradient_gap(gap):
    """Milestone 2: the largest |analytic − numerical| gradient difference you measured is tiny (< 1e-6)."""
    if isinstance(gap, bool) or not isinstance(gap, numbers.Real) or not np.isfinite(gap):
        return hint(f"gradient_gap should be one finite number (the largest absolute difference), got {gap!r}.")
    if gap < 0:
        return hint("a difference measured in absolute value cannot be negative: use np.abs(...).max().")
    if gap > 1e-6:
        return hint(f"a gap of {gap:.1e} is too large for central differences (expect about 1e-9): "
                    "compare gradients(...) with numerical_gradient(...) at the same w, b and C.")
    return passed("analytic and numerical gradients agree to better than 1e-6.")


def check_learning_rate(learning_rate, X, y, C, n_iter=500):
    """Milestone 3: `learning_rate` makes gradient descent converge on (X, y) within `n_iter` steps."""
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        return hint(f"learning_rate should be a number > 0, got {learning_rate!r}.")
    try:
        X, y = as_float_array(X, "X", ndim=2), as_binary_labels(y)
        check_same_length(X, y, "X", "y")
        history = gradient_descent(X, y, float(learning_rate), n_iter, C=C)[2]
    except (TypeError, ValueError) as exc:
        return hint(str(exc))
    verdict, sentence = describe_run(history)
    if verdict != "converges":
        return hint(f"at learning rate {learning_rate:g} over {n_iter} steps: {sentence}")
    edge = 2 / np.linalg.eigvalsh(hessian(X, np.zeros(X.shape[1]), 0.0, C=C)).max()
    return passed(f"learning rate {learning_rate:g} converges within {n_iter} steps "
                  f"(2 / L ≈ {edge:.2g} is safe everywhere; larger rates may still converge here).")


def check_fitted_model(model, X_val, y_val):
    """Milestone 4: a fitted, penalized `LogisticRegressionGD` with 64 weights, converged, accurate on validation."""
    if not isinstance(model, LogisticRegressionGD):
        return hint(f"model should be a LogisticRegressionGD, got {type(model).__name__}.")
    if not hasattr(model, "coef_"):
        return hint("the model is not fitted yet: call model.fit(X_train, y_train).")
    if model.C is None:
        return hint("threes and eights are linearly separable: without a penalty the weights grow without end. "
                    "Give C (say C=1.0).")
    if model.coef_.shape != (1, 64):
        return hint(f"expected 64 weights (one per pixel), got coef_ of shape {model.coef_.shape}.")
    verdict, sentence = describe_run(model.loss_history_)
    if verdict != "converges":
        return hint(f"the training loss: {sentence}")
    accuracy = float(np.mean(model.predict(X_val) == np.asarray(y_val)))
    if accuracy < 0.9:
        return hint(f"validation accuracy {accuracy:.3f} is below 0.9: are the features scaled?")
    return passed(f"fitted with C = {model.C:g}, the loss converged, validation accuracy at least 0.9.")


def check_validation_threshold(threshold, y_val, p_val):
    """Milestone 5: `threshold` is one of the best thresholds on the validation data (by accuracy)."""
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not 0 <= threshold <= 1:
        return hint(f"threshold should be a number in [0, 1], got {threshold!r}.")
    sweep = threshold_sweep(y_val, p_val)
    best = float(sweep["accuracy"].max())
    mine = threshold_metrics(y_val, p_val, float(threshold))["accuracy"]
    if mine < best - 1e-12:
        return hint(f"at threshold {threshold:g} the validation accuracy is {mine:.3f}; "
                    f"the best on validation is {best:.3f}. Try choose_threshold(y_val, p_val).")
    return passed(f"threshold {threshold:g} is among the best on the validation data.")


def check_test_report(report, y_test, p_test, threshold):
    """Milestone 6: `report` holds the test set's accuracy, precision and recall at `threshold`."""
    keys = ("accuracy", "precision", "recall")
    if not isinstance(report, dict) or not all(k in report for k in keys):
        return hint(f"report should be a dict with the keys {list(keys)}, got {report!r}.")
    expected = threshold_metrics(y_test, p_test, threshold)
    wrong = [k for k in keys if not np.isclose(float(report[k]), expected[k], atol=1e-9)]
    if wrong:
        return hint(f"{wrong} differ from the test set's values at threshold {threshold:g}: "
                    "use the test split, the chosen threshold, and class 1 as positive.")
    return passed("test accuracy, precision and recall reported once, at the threshold chosen on validation.")


def check_sklearn_agreement(model, sk_model, X, y, atol=1e-3):
    """Milestone 7: your model and scikit-learn's, same C, are both within `atol` of the exact optimum."""
    from sklearn.linear_model import LogisticRegression

    if not isinstance(sk_model, LogisticRegression) or not hasattr(sk_model, "coef_"):
        return hint("sk_model should be a fitted sklearn.linear_model.LogisticRegression.")
    if not isinstance(model, LogisticRegressionGD) or not hasattr(model, "coef_") or model.C is None:
        return hint("model should be your fitted, penalized LogisticRegressionGD (milestone 4).")
    if sk_model.C != model.C:
        return hint(f"different objectives: your C = {model.C:g}, scikit-learn's C = {sk_model.C:g}. Use the same.")
    w, _, _ = newton_method(X, y, C=model.C)
    gaps = {"yours": max_coef_difference(model.coef_[0], w),
            "scikit-learn's": max_coef_difference(sk_model.coef_[0], w)}
    far = [name for name, gap in gaps.items() if gap > atol]
    if far:
        return hint(f"{' and '.join(far)} coefficients are more than {atol:g} from the optimum: "
                    "more iterations (yours) or a tighter tol (scikit-learn's).")
    return passed(f"both models are within {atol:g} of the optimum at C = {model.C:g}: the same model.")
