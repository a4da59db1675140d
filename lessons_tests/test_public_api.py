"""The rule for every public function (every callable in `lessons.__all__`): it returns without a warning,
or raises ValueError/TypeError whose message names one of its arguments.

A property test: hypothesis replaces one or two arguments of a valid call with something malformed (wrong
shapes, NaN/inf, wrong dtypes, empty, one class, out-of-range numbers, text, None, objects) and runs it
under warnings-as-errors. Exercise checks take the learner's function: for them the rule is stronger,
they return a `CheckResult` whatever that function is.
"""

import inspect
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import lessons

RNG = np.random.default_rng(0)
X = RNG.normal(size=(12, 2))
Y = np.array([0, 1] * 6)
P = np.linspace(0.05, 0.95, 12)
Z = np.linspace(-3.0, 3.0, 12)


def fit_estimator(X, y, learning_rate=0.1, n_iter=1000, C=None, tol=None, threshold=0.5):
    """`LogisticRegressionGD` as one call: its parameters are checked when it is fitted (scikit-learn's rule)."""
    return lessons.LogisticRegressionGD(learning_rate, n_iter, C, tol, threshold).fit(X, y)


def right_sigmoid(z):
    return lessons.sigmoid(z)


# A valid call of every public callable (keyword arguments); the property test breaks one or two of them.
VALID = {
    "CheckResult": dict(passed=True, message="✓ Correct"),
    "CourseData": dict(X_train=X, X_val=X, X_test=X, y_train=Y, y_val=Y, y_test=Y, feature_names=("a", "b")),
    "LogisticRegressionGD": dict(X=X, y=Y, learning_rate=0.1, n_iter=20, C=1.0, tol=None, threshold=0.5),
    "apply_threshold": dict(p=P, threshold=0.5),
    "binary_cross_entropy": dict(y=Y, p=P),
    "binary_cross_entropy_from_logits": dict(y=Y, z=Z),
    "choose_threshold": dict(y_val=Y, p_val=P, metric="accuracy", thresholds=None, cost_fn=None, cost_fp=None),
    "describe_run": dict(loss_history=[0.69, 0.5, 0.4, 0.39]),
    "gradient_descent": dict(X=X, y=Y, learning_rate=0.1, n_iter=20, C=None, tol=None, batch_size=4, random_state=0),
    "gradients": dict(X=X, y=Y, w=[0.1, -0.2], b=0.1, C=None),
    "hessian": dict(X=X, w=[0.1, -0.2], b=0.1, C=None),
    "learning_rate_explorer": dict(X=X, y=Y, learning_rate=0.1, n_iter=10, C=None),
    "load_course_data": dict(scaled=True),
    "logit": dict(p=P),
    "logit_slopes": dict(y=Y, z=Z),
    "loss_slice": dict(x=X[:, 0], y=Y, w=Z, b=0.5),
    "loss": dict(X=X, y=Y, w=[0.1, -0.2], b=0.1, C=None),
    "max_coef_difference": dict(coef_a=[[1.0, 2.0]], coef_b=[[1.5, 1.9]]),
    "naive_sigmoid": dict(z=Z),
    "newton_method": dict(X=X, y=Y, C=1.0, tol=1e-10, n_iter=100),
    "numerical_gradient": dict(X=X, y=Y, w=[0.1, -0.2], b=0.1, C=None, h=1e-6),
    "relative_gradient_error": dict(g=[0.5, -0.25, 0.1], g_hat=[0.5, -0.25, 0.1000001]),
    "descent_explorer": dict(x=X[:, 0] * 3 + 10, y=Y, feature_name="x", learning_rate=0.01, n_iter=10,
                             scaled=False),
    "plot_confusion_matrix": dict(metrics=dict(threshold=0.5, tp=1, fp=2, fn=3, tn=4), class_names=("a", "b")),
    "plot_decision_boundary": dict(X2=X, y=Y, boundaries={"fit": ([1.0, 2.0], 0.5)}, feature_names=("u", "v"),
                                   class_names=("a", "b")),
    "plot_finite_difference_error": dict(x=1.0, h_min=1e-13, h_max=0.1),
    "plot_line_fits": dict(x=X[:, 0], y=Y, lines={"fit": (0.3, 0.5)}, feature_name="x", class_names=("a", "b")),
    "plot_loss_comparison": dict(z_min=-10.0, z_max=10.0),
    "plot_loss_slice": dict(x=X[:, 0], y=Y, w=Z, b=0.5),
    "plot_loss_curves": dict(histories={"run": [0.69, 0.5]}, title="t", log_y=False),
    "plot_loss_surface": dict(x=X[:, 0], y=Y, w_range=(-6, 6), b_range=(-6, 6), path=None, n_grid=8, n_arrows=3),
    "plot_roc_pr": dict(y=Y, p=P, threshold=0.5),
    "plot_sigmoid": dict(z_min=-8.0, z_max=8.0, show_derivative=True),
    "plot_threshold_curve": dict(sweep=lessons.threshold_sweep(Y, P, thresholds=[0.2, 0.5]), threshold=0.5,
                                 metrics=("accuracy", "f1")),
    "plot_weight_norms": dict(n_iters=[1, 10], norms={"run": [0.5, 2.0]}, reference=None),
    "sigmoid": dict(z=Z),
    "sigmoid_derivative": dict(z=Z),
    "sigmoid_explorer": dict(x=X[:, 0], y=Y, w=1.0, b=0.0, feature_name="x", class_names=("a", "b")),
    "threshold_explorer": dict(y=Y, p=P, threshold=0.5, cost_fn=None, cost_fp=None, class_names=("a", "b")),
    "threshold_metrics": dict(y=Y, p=P, threshold=0.5, cost_fn=None, cost_fp=None),
    "threshold_sweep": dict(y=Y, p=P, thresholds=None, cost_fn=None, cost_fp=None),
    "threshold_tuning_experiment": dict(X=X, y=Y, n_splits=1, test_size=0.4, n_folds=2, C=1.0, random_state=0),
    "weight_norms": dict(X=X, y=Y, n_iters=[1, 3], learning_rate=0.1, C=None),
    # notebooks 07 (regularization) and 08 (capstone)
    "ReportCard": dict(results={"M1": lessons.CheckResult(True, "✓ Correct: done.")}),
    "brier_score": dict(y=Y, p=P),
    "c_sweep": dict(X_train=X, y_train=Y, X_val=X, y_val=Y, Cs=[0.1, 1.0], return_path=False),
    "cost_threshold": dict(cost_fp=1.0, cost_fn=5.0),
    "cross_validate_C": dict(X=X, y=Y, Cs=[0.1, 1.0], n_folds=2),
    "load_digit_pair": dict(negative=3, positive=8, scaled=True),
    "loss_curves": dict(X=X, y=Y, learning_rates=(0.1, 1.0), n_iter=5),
    "odds_ratios": dict(w=[0.5, -0.5]),
    "plot_c_sweep": dict(sweep=lessons.c_sweep(X, Y, X, Y, [0.1, 1.0])),
    "plot_class_weight_images": dict(coef=RNG.normal(size=(2, 64)), class_names=("a", "b"), suptitle="t"),
    "plot_digit_gallery": dict(images=RNG.uniform(0, 16, size=(2, 8, 8)), titles=["a", "b"], suptitle="t"),
    "plot_digit_weights": dict(w=RNG.normal(size=64), negative="3", positive="8"),
    "plot_regularization_path": dict(Cs=[0.1, 1.0], coefs=[[0.1, -0.2], [0.3, -0.4]], feature_names=("u", "v"),
                                     highlight=("u",)),
    "plot_reliability_diagram": dict(table=lessons.reliability_table(Y, P, n_bins=4), title="t"),
    "precision_at_prevalence": dict(recall=0.9, false_positive_rate=0.05, prevalence=0.1),
    "regularization_explorer": dict(X_train=X, y_train=Y, X_val=X, y_val=Y, feature_names=("u", "v"), C=1.0,
                                    boundary_features=(0, 1)),
    "regularization_path": dict(X=X, y=Y, Cs=[0.1, 1.0]),
    "reliability_table": dict(y=Y, p=P, n_bins=4),
    "report_card": dict(results={"M1": lessons.CheckResult(True, "✓ Correct: done.")}),
    # issue 18: the boundary explorer (notebook 04)
    "boundary_explorer": dict(X2=X, y=Y, learning_rate=1.0, n_iter=10, feature_names=("u", "v"),
                              class_names=("a", "b")),
}
CHECKS = {name: getattr(lessons, name) for name in lessons.__all__ if name.startswith("check_")}
CHECK_EXTRA = {"check_baseline_loss": (Y,), "check_safe_learning_rate": (3.0,)}  # the question's own arguments
CHECK_EXTRA["check_likelihood_gap"] = (364,)
SLOW = {"learning_rate_explorer", "sigmoid_explorer", "threshold_explorer", "threshold_tuning_experiment",
        "load_course_data", "plot_loss_surface", "regularization_explorer", "descent_explorer"}
SLOW |= {"boundary_explorer"}
ALLOWED_WARNINGS = {"naive_sigmoid": "overflow encountered in exp"}  # the tutorial's mistake, shown on purpose


class Opaque:
    """An object that is neither a number nor an array."""


MALFORMED = [
    None, "abc", "", b"0", True, 0, -1, 1, 2, 3, 0.0, -0.5, 0.5, 1.5, 1e-310, 1e308, -1e308, 10**400, 1j,
    float("nan"), float("inf"), -float("inf"), np.float64("nan"), np.int64(-3),
    [], [[]], (), np.array([]), np.empty((0, 2)), np.empty((12, 0)), np.empty((3, 0)),
    [np.nan] * 12, [np.inf] * 12, [1.0, np.nan], np.ones((2, 2, 2)), np.ones((12, 3)), np.ones((12, 1)),
    [1, 0, 2], [-1, 1] * 6, np.zeros(12), np.ones(12), np.full(12, 0.5), np.full(12, 3.0), np.full(12, 1e200),
    np.full((12, 2), 1e160), ["a", "b"] * 6, np.array(["1", "0"] * 6), np.array([1 + 1j] * 12),
    np.array([None] * 12), {"a": 1}, {"a": [np.nan]}, {}, Opaque(), lambda *args: None, ("a",), ("a", "b", "c"),
    [[1.0, 2.0]], [[0.1], [0.2]], [0.3, 0.2, 0.1], (5, -5), (np.nan, 1.0), pd.DataFrame({"a": [1]}),
]
GENERATED = arrays(np.float64, array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=13),
                   elements=st.floats(allow_nan=True, allow_infinity=True, width=64))
LABELS = arrays(np.int64, st.integers(0, 14), elements=st.integers(-1, 2))
VALUES = st.one_of(st.sampled_from(MALFORMED), GENERATED, LABELS, st.text(max_size=3),
                   st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 2**40))


def names_an_argument(message, names):
    return any(re.search(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z_])", message) for name in names)


def run(function, kwargs):
    """Call under warnings-as-errors: the outcome ``("returned" | "raised", exception or None)``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        allowed = ALLOWED_WARNINGS.get(getattr(function, "__name__", ""))
        if allowed:
            warnings.filterwarnings("ignore", message=allowed, category=RuntimeWarning)
        try:
            function(**kwargs)
        except (ValueError, TypeError) as exc:
            return "raised", exc
    return "returned", None


def function_for(name):
    return fit_estimator if name == "LogisticRegressionGD" else getattr(lessons, name)


def test_every_public_callable_is_covered():
    public = {name for name in lessons.__all__ if callable(getattr(lessons, name))}
    assert public == set(VALID) | set(CHECKS)
    for name, kwargs in VALID.items():
        parameters = inspect.signature(function_for(name)).parameters
        assert set(kwargs) <= set(parameters), name
        assert run(function_for(name), kwargs) == ("returned", None), name  # the valid call is valid


@pytest.mark.parametrize("name", sorted(VALID))
def test_malformed_input_returns_quietly_or_raises_naming_an_argument(name):
    function = function_for(name)
    names = list(inspect.signature(function).parameters)

    @settings(max_examples=6 if name in SLOW else 20, suppress_health_check=list(HealthCheck))
    @given(first=st.sampled_from(sorted(VALID[name])), second=st.sampled_from([None, *sorted(VALID[name])]),
           bad=VALUES, other=VALUES)
    def prop(first, second, bad, other):
        kwargs = dict(VALID[name], **{first: bad})
        if second is not None and second != first:
            kwargs[second] = other
        outcome, exc = run(function, kwargs)
        if outcome == "raised":
            assert names_an_argument(str(exc), names), f"{name}: {type(exc).__name__}: {exc}"

    prop()


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_an_exercise_check_answers_whatever_the_learners_function_is(name, monkeypatch):
    monkeypatch.setattr(lessons.exercises, "TIME_LIMIT", 2.0)
    check = CHECKS[name]

    @settings(max_examples=8)
    @given(returned=VALUES)
    def prop(returned):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = check(lambda *args: returned, *extra)
        assert isinstance(result, lessons.CheckResult)
        # a reasoning check takes the answer itself too: a function returning the right answer is right
        assert not result.passed or check(returned, *extra).passed

    extra = CHECK_EXTRA.get(name, ())
    prop()
    for fn in MALFORMED[:3]:
        assert not check(fn, *extra).passed
