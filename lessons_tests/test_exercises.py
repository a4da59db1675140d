"""Exercise checks: right answers pass, the usual mistakes get the right hint, nothing crashes."""

import re

import numpy as np
import pytest

import lessons
from lessons import gradients, sigmoid
from lessons.tutorial import naive_sigmoid, tutorial_binary_cross_entropy, tutorial_gradients


def step(X, y, w, b, learning_rate):
    dw, db = gradients(X, y, w, b)
    return w - learning_rate * dw, b - learning_rate * db


def standardize(train, other):
    mean, std = train.mean(axis=0), train.std(axis=0)
    return (train - mean) / std, (other - mean) / std


def counts(y, pred):
    y, pred = np.asarray(y), np.asarray(pred)
    return (int(np.sum((y == 1) & (pred == 1))), int(np.sum((y == 0) & (pred == 1))),
            int(np.sum((y == 1) & (pred == 0))), int(np.sum((y == 0) & (pred == 0))))


def proba(X, coef, intercept):
    p = sigmoid(X @ coef[0] + intercept[0])
    return np.column_stack([1 - p, p])


RIGHT = [
    (lessons.check_sigmoid, sigmoid),
    (lessons.check_sigmoid_derivative, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    (lessons.check_binary_cross_entropy, lessons.binary_cross_entropy),
    (lessons.check_binary_cross_entropy_from_logits, lambda y, z: np.mean(np.logaddexp(0, z) - y * z)),
    (lessons.check_gradients, gradients),
    (lessons.check_central_difference, lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h)),
    (lessons.check_gradient_step, step),
    (lessons.check_standardize, standardize),
    (lessons.check_apply_threshold, lambda p, t: (p >= t).astype(int)),
    (lessons.check_confusion_counts, counts),
    (lessons.check_predict_proba, proba),
]


@pytest.mark.parametrize("check, fn", RIGHT)
def test_right_answer_passes(check, fn):
    result = check(fn)
    assert result.passed, result.message
    assert repr(result).startswith("✓ Correct")


def test_penalized_gradient_check():
    assert lessons.check_gradients(gradients, C=1.0).passed
    result = lessons.check_gradients(lambda X, y, w, b, C: gradients(X, y, w, b), C=1.0)
    assert not result.passed and "no penalty term" in result.message


def raises_not_implemented(*args):
    raise NotImplementedError("Hint: write it")


def crashes(*args):
    return 1 / 0


@pytest.mark.parametrize("check", [check for check, _ in RIGHT])
@pytest.mark.parametrize("broken, says", [
    (raises_not_implemented, r"not written yet \(Hint: write it\)"),
    (crashes, "raised ZeroDivisionError"),
    (lambda *args: None, "return"),
    (lambda *args: "text", r"should be numbers|return a pair"),
    (42, "pass the function itself"),
])
def test_broken_functions_get_a_hint_not_a_crash(check, broken, says):
    result = check(broken)
    assert not result.passed and result.message.startswith("✗ Not yet") and re.search(says, result.message)


@pytest.mark.parametrize("check, mistake, says", [
    (lessons.check_sigmoid, naive_sigmoid, "overflow encountered in exp"),
    (lessons.check_sigmoid, lambda z: 1 / (1 + np.exp(z)), "should be"),
    (lessons.check_sigmoid_derivative, lambda z: sigmoid(z) * (1 + sigmoid(z)), "should be"),
    (lessons.check_binary_cross_entropy, tutorial_binary_cross_entropy, "cost 0.0 here"),
    (lessons.check_binary_cross_entropy, lambda y, p: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)), "sum"),
    (lessons.check_binary_cross_entropy, lambda y, p: np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), "wrong sign"),
    (lessons.check_binary_cross_entropy, lambda y, p: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)),
     "divide by zero"),
    (lessons.check_binary_cross_entropy_from_logits, lambda y, z: lessons.binary_cross_entropy(y, sigmoid(z)),
     "turned z into probabilities first"),
    (lessons.check_binary_cross_entropy_from_logits, lambda y, z: np.mean(np.log(1 + np.exp(z)) - y * z), "overflow"),
    (lessons.check_gradients, tutorial_gradients, "stray factor 2"),
    (lessons.check_gradients, lambda X, y, w, b: (X.T @ (sigmoid(X @ w + b) - y), np.mean(sigmoid(X @ w + b) - y)),
     "divide Xᵀ(p - y) by the number of samples"),
    (lessons.check_gradients, lambda X, y, w, b: gradients(X, y, w, b)[0], "return a pair"),
    (lessons.check_central_difference, lambda f, x, h: (f(x + h) - f(x)) / h, "one-sided"),
    (lessons.check_gradient_step, lambda X, y, w, b, lr: step(X, y, w, b, -lr), "uphill"),
    (lessons.check_standardize, lambda a, b: (standardize(a, a)[0], standardize(b, b)[0]), "its own mean"),
    (lessons.check_apply_threshold, lambda p, t: (p > t).astype(int), "use >=, not >"),
    (lessons.check_confusion_counts, lambda y, p: np.array(counts(y, p))[[0, 2, 1, 3]], "swapped"),
    (lessons.check_predict_proba, lambda X, c, i: proba(X, c, i)[:, ::-1], "columns are swapped"),
])
def test_usual_mistakes_get_the_right_hint(check, mistake, says):
    result = check(mistake)
    assert not result.passed
    assert says in result.message, result.message


# The reasoning exercises' checks (notebooks 01-06): two differently written right answers pass,
# three or more plausible wrong ones get their own hint, and odd input never raises.

def _loop(X, y, learning_rate, n_iter):
    w, b = np.zeros(X.shape[1]), 0.0
    losses = [lessons.loss(X, y, w, b)]
    for _ in range(n_iter):
        dw, db = gradients(X, y, w, b)
        w, b = w - learning_rate * dw, b - learning_rate * db
        losses.append(lessons.loss(X, y, w, b))
    return w, b, losses


def _loop_from_scipy(X, y, learning_rate, n_iter):  # written differently: expit, a preallocated history
    from scipy.special import expit
    w, b, history = np.zeros(X.shape[1]), 0.0, np.empty(n_iter + 1)
    for i in range(n_iter + 1):
        z = X @ w + b
        history[i] = np.mean(np.logaddexp(0, z) - y * z)
        if i < n_iter:
            r = expit(z) - y
            w, b = w - learning_rate * X.T @ r / len(y), b - learning_rate * r.mean()
    return w, b, history


def _drop_first(fn):
    def wrong(X, y, learning_rate, n_iter):
        w, b, losses = fn(X, y, learning_rate, n_iter)
        return w, b, losses[1:]
    return wrong


def _drop_last(fn):
    def wrong(X, y, learning_rate, n_iter):
        w, b, losses = fn(X, y, learning_rate, n_iter)
        return w, b, losses[:-1]
    return wrong


Y_LABELS = np.array([1, 0, 0, 1, 0, 0, 0, 1, 0, 0])  # base rate 0.3
BASELINE = float(-(0.3 * np.log(0.3) + 0.7 * np.log(0.7)))
BETA = 3.2869  # notebook 06's curvature bound: 2 / BETA ≈ 0.61

REASONING_RIGHT = [
    (lessons.check_crossing, ((0.5, "left"),)),
    (lessons.check_crossing, (lambda: [np.float64(1 / 2), "  Smaller x "],)),
    (lessons.check_baseline_loss, (lambda y: lessons.binary_cross_entropy(y, np.full(len(y), y.mean())), Y_LABELS)),
    (lessons.check_baseline_loss, (round(BASELINE, 3), Y_LABELS.astype(float).tolist())),
    (lessons.check_fit_loop, (_loop,)),
    (lessons.check_fit_loop, (_loop_from_scipy,)),
    (lessons.check_curve_verdict, (lambda: "oscillates",)),
    (lessons.check_curve_verdict, (" Oscillating. ",)),
    (lessons.check_threshold_direction, (lambda: "higher",)),
    (lessons.check_threshold_direction, ("Up",)),
    (lessons.check_safe_learning_rate, (lambda: 0.5, BETA)),
    (lessons.check_safe_learning_rate, (np.float64(1 / 2), 3)),
]


@pytest.mark.parametrize("check, args", REASONING_RIGHT)
def test_reasoning_checks_pass_right_answers_written_differently(check, args):
    result = check(*args)
    assert result.passed, result.message


REASONING_WRONG = [
    (lessons.check_crossing, ((-0.5, "left"),), "check the sign"),
    (lessons.check_crossing, (lambda: (2.0, "left"),), "divided w by b"),
    (lessons.check_crossing, ((0.5, "right"),), "S is flipped"),
    (lessons.check_crossing, ((1.0, "left"),), "solve -2 x + 1 = 0"),
    (lessons.check_crossing, (0.5,), "answer with a pair"),
    (lessons.check_baseline_loss, (lambda y: np.log(2), Y_LABELS), "ln 2 = 0.693 is the loss of p = 0.5"),
    (lessons.check_baseline_loss, (0.3, Y_LABELS), "that is the base rate itself"),
    (lessons.check_baseline_loss, (float(-(0.3 * np.log(0.7) + 0.7 * np.log(0.3))), Y_LABELS), "share of benign"),
    (lessons.check_baseline_loss, (BASELINE / np.log(10), Y_LABELS), "natural logarithm"),
    (lessons.check_fit_loop, (lambda X, y, lr, n: _loop(X, y, lr, 1),), "where one step lands"),
    (lessons.check_fit_loop, (lambda X, y, lr, n: _loop(X, y, 2 * lr, n),), "twice too long"),
    (lessons.check_fit_loop, (_drop_first(_loop),), "at the start, before any step, is missing"),
    (lessons.check_fit_loop, (_drop_last(_loop),), "record the loss at the start and after every step"),
    (lessons.check_fit_loop, (lambda X, y, lr, n: _loop(X, y, lr, n)[:2],), "return three things"),
    (lessons.check_curve_verdict, (lambda: "converges",), "levels off and stays there"),
    (lessons.check_curve_verdict, ("crawls",), "slow, steady fall"),
    (lessons.check_curve_verdict, ("diverges",), "above the starting loss"),
    (lessons.check_threshold_direction, ("lower",), "a higher threshold"),
    (lessons.check_threshold_direction, ("same",), "ratio of the two costs"),
    (lessons.check_threshold_direction, ("sideways",), "one of 'higher', 'lower', 'same'"),
    (lessons.check_safe_learning_rate, (lambda: 15.0, BETA), "edge at the optimum"),
    (lessons.check_safe_learning_rate, (1.0, BETA), "above 2 / beta = 0.61"),
    (lessons.check_safe_learning_rate, (0.1, BETA), "not the largest safe option"),
    (lessons.check_safe_learning_rate, (0.3, BETA), "choose one of the options"),
]


@pytest.mark.parametrize("check, args, expected", REASONING_WRONG)
def test_reasoning_checks_name_the_likely_mistake(check, args, expected):
    result = check(*args)
    assert not result.passed and expected in result.message, result.message


def _not_written(*args):
    raise NotImplementedError("write your answer here")


ODD_ANSWERS = [None, "0.5", [0.5, 1.0], np.array([0.5]), float("nan"), True, object(), 3 + 1j, _not_written,
               lambda: None, lambda: 1 / 0]


@pytest.mark.parametrize("odd", ODD_ANSWERS, ids=repr)
@pytest.mark.parametrize("check, make_args", [
    (lessons.check_crossing, lambda a: (a,)),
    (lessons.check_crossing, lambda a: ((a, "left"),)),
    (lessons.check_crossing, lambda a: ((0.5, a),)),
    (lessons.check_baseline_loss, lambda a: (a, Y_LABELS)),
    (lessons.check_fit_loop, lambda a: (a,)),
    (lessons.check_fit_loop, lambda a: (lambda X, y, lr, n: a,)),
    (lessons.check_curve_verdict, lambda a: (a,)),
    (lessons.check_threshold_direction, lambda a: (a,)),
    (lessons.check_safe_learning_rate, lambda a: (a, BETA)),
    (lessons.check_safe_learning_rate, lambda a: (0.5, a)),
])
def test_reasoning_checks_never_raise_on_odd_answers(check, make_args, odd):
    result = check(*make_args(odd))
    assert isinstance(result, lessons.CheckResult) and not result.passed
    assert result.message.startswith("✗ Not yet:")
    if odd is _not_written and len(make_args(odd)) and make_args(odd)[0] is odd:
        assert "the function is not written yet" in result.message
