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


# Notebook 07's checks: the right answer passes, the usual mistakes get their hint.

def test_notebook_07_checks_pass_the_right_answers():
    assert lessons.check_brier_score(lambda y, p: np.mean((p - y) ** 2)).passed
    assert lessons.check_cost_threshold(lambda c_fp, c_fn: c_fp / (c_fp + c_fn)).passed
    assert lessons.check_precision_at_prevalence(
        lambda r, f, pi: r * pi / (r * pi + f * (1 - pi))).passed


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (lessons.check_brier_score, lambda y, p: np.sum((p - y) ** 2), "the mean"),
    (lessons.check_brier_score, lambda y, p: np.sqrt(np.mean((p - y) ** 2)), "square root"),
    (lessons.check_cost_threshold, lambda c_fp, c_fn: c_fn / (c_fp + c_fn), "swapped"),
    (lessons.check_cost_threshold, lambda c_fp, c_fn: c_fp / c_fn, "solve that for p"),
    (lessons.check_cost_threshold, lambda c_fp, c_fn: None, "returned None"),
    (lessons.check_precision_at_prevalence, lambda r, f, pi: r / (r + f), "prevalence is missing"),
])
def test_notebook_07_checks_name_the_usual_mistakes(check, wrong, words):
    result = check(wrong)
    assert not result.passed and words in result.message
