"""The fit loop: gradient descent (full batch or mini-batch) and `LogisticRegressionGD`, an estimator around it.

Introduced in notebook 04 (``04_fit_loop.ipynb``); `weight_norms` (how long the
weights grow without a penalty) is used in notebook 06.
"""

import contextlib
import itertools
import math
import re
import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import (
    as_binary_labels,
    as_float_array,
    check_C,
    check_integer,
    check_positive,
    check_same_length,
    check_threshold,
)
from .logistic import sigmoid
from .objective import loss_and_gradients
from .thresholds import apply_threshold


@np.errstate(over="ignore", invalid="ignore")  # overflow shows up as an inf loss, reported in words below
def gradient_descent(X, y, learning_rate=0.1, n_iter=1000, C=None, tol=None, return_path=False, batch_size=None,
                     random_state=0):
    """Minimize the mean log loss (plus the L2 term when C is given) by gradient descent, full batch or mini-batch.

    Starts from ``w = 0, b = 0`` (every p = 0.5, loss ln 2) and repeats
    ``w -= learning_rate * dw; b -= learning_rate * db``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    learning_rate : float > 0
    n_iter : int >= 1
        Maximum number of steps.
    C : float > 0, np.inf or None
        Inverse L2 penalty strength as in scikit-learn; None (or ``np.inf``) means no penalty.
    tol : float > 0 or None
        Stop early once every gradient component is at most `tol` in size; a
        ``ConvergenceWarning`` says so if `n_iter` steps were not enough.
    return_path : bool
        Also return the parameters visited, for the explorers that replay a run.
    batch_size : int from 1 to n_samples, or None
        None (or n_samples): every step uses all the rows (full batch). Otherwise
        mini-batch gradient descent: each pass over the data (an epoch) shuffles
        the rows with ``np.random.default_rng(random_state).permutation`` and cuts
        them into consecutive slices of `batch_size` rows (the last may be shorter);
        step k uses slice k, given to `loss_and_gradients` with the penalty weighed
        as in the full objective (``C * n_samples / len(slice)``). Needs ``tol=None``.
    random_state : int >= 0
        Seed of the shuffling; used only with `batch_size`.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    loss_history : ndarray of shape (n_steps + 1,)
        The objective at the start and after each step: ``loss_history[0]`` is
        ln 2 and ``loss_history[-1]`` the objective of the returned ``(w, b)``.
        With `batch_size`, entry k is the objective on the slice step k + 1 uses
        (the last, on the slice a next step would use): a noisy estimate.
    path : ndarray of shape (n_steps + 1, n_features + 1)
        Only with ``return_path=True``: row k is ``(w, b)`` at which ``loss_history[k]``
        was computed (row 0 is all zeros, the last row the returned ``(w, b)``).

    Examples
    --------
    >>> w, b, history = gradient_descent([[-1.0], [1.0]], [0, 1], n_iter=3)
    >>> len(history), round(float(history[0]), 4), bool(history[-1] < history[0])
    (4, 0.6931, True)

    One row per step (``batch_size=1``): from w = 0 either sample alone gives dw = -0.5.

    >>> gradient_descent([[-1.0], [1.0]], [0, 1], learning_rate=1.0, n_iter=1, batch_size=1)[0].tolist()
    [0.5]
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    check_positive(learning_rate, "learning_rate")
    check_positive(n_iter, "n_iter", integer=True)
    C = check_C(C)
    check_positive(tol, "tol", allow_none=True)
    if not isinstance(return_path, (bool, np.bool_)):
        raise TypeError(f"return_path must be True or False, got {return_path!r}")
    batches = _batches(len(y), batch_size, random_state, tol)
    w, b, history, path = np.zeros(X.shape[1]), 0.0, [], []
    for step, rows in zip(range(n_iter + 1), batches):
        if rows is None:
            value, dw, db = loss_and_gradients(X, y, w, b, C)
        else:  # a slice of rows: its mean loss, plus the full objective's penalty ||w||² / (2 n C)
            C_rows = None if C is None else C * len(y) / len(rows)
            value, dw, db = loss_and_gradients(X[rows], y[rows], w, b, C_rows)
        if not (math.isfinite(value) and math.isfinite(db) and np.isfinite(dw).all()
                and math.isfinite(b) and np.isfinite(w).all()):
            raise ValueError(f"the loss or the weights overflowed after {step} steps: learning_rate={learning_rate} "
                             "is too large for this X (or X has values of enormous size: standardize X). Try a "
                             "smaller one.")
        history.append(value)
        if return_path:
            path.append(np.append(w, b))
        converged = tol is not None and max(np.max(np.abs(dw)), abs(db)) <= tol
        if converged or step == n_iter:
            break
        w = w - learning_rate * dw
        b = b - learning_rate * db
    if tol is not None and not converged:
        warnings.warn(f"Gradient descent did not reach tol={tol} in n_iter={n_iter} steps; "
                      "increase n_iter or learning_rate.", ConvergenceWarning, stacklevel=2)
    if return_path:
        return w, b, np.array(history), np.array(path)
    return w, b, np.array(history)


def _batches(n_samples, batch_size, random_state, tol):
    """The rows of each step, forever: None (all of them), or shuffled slices of `batch_size` rows."""
    check_integer(random_state, "random_state", minimum=0, maximum=2**32 - 1)
    if batch_size is not None:
        check_integer(batch_size, "batch_size", minimum=1, maximum=n_samples)
        if tol is not None and batch_size < n_samples:
            raise ValueError("tol stops on the full gradient, which a step on a batch never computes: "
                             "give tol=None with batch_size (or batch_size=None).")
    if batch_size is None or batch_size == n_samples:
        return itertools.repeat(None)
    rng = np.random.default_rng(random_state)

    def epochs():
        while True:  # one epoch: every row once, in a new order, cut into consecutive slices
            order = rng.permutation(n_samples)
            for start in range(0, n_samples, batch_size):
                yield order[start:start + batch_size]
    return epochs()


def describe_run(loss_history):
    """Say in words how a gradient-descent run went: ``(verdict, sentence)``.

    The verdict is one of

    - ``"unstable"``: the loss rose on more than 5% of the steps and spent most of
      the second half of the run above where it started: the steps are far too
      large, and the loss jumps around without settling. (Without a penalty it
      cannot run off to infinity: the gradient of the log loss is bounded,
      |p − y| <= 1. With the penalty that holds while the learning rate stays
      below 2 n C; `gradient_descent` raises a ValueError if the loss overflows.)
    - ``"oscillates"``: the loss rose on more than 5% of the steps but mostly
      stayed below its start: steps overshoot the minimum.
    - ``"crawls"``: the last tenth of the run still gave more than 0.2% of all the
      improvement: at this pace, more steps would still help.
    - ``"converges"``: the loss fell and levelled off.

    These are facts about the whole run (a share of the steps, a median), so
    they do not change when the last digits of a chaotic run do.

    Parameters
    ----------
    loss_history : array-like of shape (n_iter + 1,)
        The loss before each step and after the last, as `gradient_descent` returns it.

    Returns
    -------
    verdict : str
        ``"unstable"``, ``"oscillates"``, ``"crawls"`` or ``"converges"``.
    sentence : str
        One sentence for the learner saying what happened.

    Examples
    --------
    >>> describe_run([0.69, 0.5, 0.4, 0.35, 0.34, 0.339, 0.3389, 0.3388, 0.33879, 0.33878, 0.33878])[0]
    'converges'
    >>> describe_run([0.69, 3.0, 0.5, 9.0, 2.0, 7.0])[0]
    'unstable'
    """
    h = as_float_array(loss_history, "loss_history", ndim=1)
    with np.errstate(over="ignore", invalid="ignore"):  # losses near 1e308: differences overflow to inf
        return _describe(h)


def _describe(h):
    first, last = h[0], h[-1]
    if len(h) == 1:
        return "converges", f"Converges: no step was needed, the gradient was already below tol (loss {first:.3f})."
    rises = int(np.sum(np.diff(h) > 1e-12 * np.abs(h[:-1])))
    if rises > 0.05 * (len(h) - 1):
        if np.median(h[len(h) // 2:]) > first:
            return "unstable", (f"Unstable: the loss went up on {rises} of {len(h) - 1} steps and spent most of "
                                f"the second half above its start ({first:.3f}). The learning rate is far too large.")
        return "oscillates", (f"Oscillates: the loss went up on {rises} of {len(h) - 1} steps. "
                              "Steps overshoot the minimum; try a smaller learning rate.")
    tail = h[-max(2, len(h) // 10)]
    if tail - last > 0.002 * (first - last):
        return "crawls", (f"Crawls: the loss is still falling at the end ({first:.3f} → {last:.3f}). "
                          "Take a larger learning rate or more iterations.")
    return "converges", f"Converges: the loss fell from {first:.3f} to {last:.3f} and has levelled off."


def weight_norms(X, y, n_iters, learning_rate=0.1, C=None):
    """Length ``||w||`` of gradient descent's weights after each number of steps in `n_iters`, from one run.

    Each entry is ``||w||`` of `gradient_descent` run for that many steps (the
    same run, stopped at different points: gradient descent is deterministic).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    n_iters : array-like of int >= 1, strictly increasing
        Step counts at which to record the norm.
    learning_rate : float > 0
    C : float > 0, np.inf or None
        Inverse L2 penalty strength as in scikit-learn; None (or ``np.inf``) means no penalty.

    Returns
    -------
    norms : ndarray of shape (len(n_iters),)

    Examples
    --------
    Two samples at x = -1 and x = 1: the first step from w = 0 (every p = 0.5) has
    dw = (-1 * 0.5 + 1 * -0.5) / 2 = -0.5, so with learning_rate 1, w = 0.5.

    >>> weight_norms([[-1.0], [1.0]], [0, 1], [1, 2], learning_rate=1.0).round(4).tolist()
    [0.5, 0.8775]
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    check_positive(learning_rate, "learning_rate")
    check_C(C)
    steps = np.asarray(n_iters)
    if steps.ndim != 1 or steps.size == 0 or not np.issubdtype(steps.dtype, np.integer):
        raise TypeError(f"n_iters must be a non-empty 1D list of integers (step counts), got {n_iters!r}.")
    if steps[0] < 1 or np.any(np.diff(steps) <= 0):
        raise ValueError(f"n_iters must be strictly increasing step counts >= 1, got {steps.tolist()}.")
    return np.array([np.linalg.norm(gradient_descent(X, y, learning_rate, int(n), C)[0]) for n in steps])


@contextlib.contextmanager
def naming_the_argument(*names):
    """Re-raise scikit-learn's input errors ("Expected 2D array ...") with the argument's name in front.

    Parameters
    ----------
    *names : str
        The arguments being validated, e.g. ``"X", "y"``; an error that already names one is
        re-raised unchanged.
    """
    try:
        yield
    except (TypeError, ValueError) as exc:
        if any(re.search(rf"\b{name}\b", str(exc)) for name in names):
            raise
        raise type(exc)(f"{' or '.join(names)}: {exc}") from exc


def _refuse_dates(X):
    """scikit-learn turns dates and durations into numbers without a word; the course's maths refuses them."""
    try:
        dtypes = list(getattr(X, "dtypes", [])) or [np.asarray(X).dtype]
    except (TypeError, ValueError):
        return  # validate_data says what is wrong with X
    if any(getattr(dtype, "kind", "O") in "mM" for dtype in dtypes):
        raise TypeError("X must be numbers (features), got dates or durations (datetime64 / timedelta64).")


class LogisticRegressionGD(ClassifierMixin, BaseEstimator):
    """Binary logistic regression fitted by plain gradient descent, with scikit-learn's conventions.

    Parameters
    ----------
    learning_rate : float > 0, default=0.1
    n_iter : int >= 1, default=1000
        Maximum number of gradient steps.
    C : float > 0, np.inf or None, default=None
        Inverse L2 penalty strength with scikit-learn's meaning
        (``LogisticRegression(C=...)``); None (or ``np.inf``) means no penalty, the tutorial's model.
    tol : float > 0 or None, default=None
        Stop once every gradient component is at most `tol`; a
        ``ConvergenceWarning`` says so if `n_iter` steps were not enough.
    threshold : float in [0, 1], default=0.5
        `predict` labels a sample with ``classes_[1]`` when its probability is at least `threshold`.

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    classes_ : ndarray of shape (2,)
    n_iter_ : int, steps taken
    loss_history_ : ndarray of shape (n_iter_ + 1,), training objective at the start and after each step
    n_features_in_ : int

    Examples
    --------
    >>> model = LogisticRegressionGD(n_iter=200).fit([[-2.0], [-1.0], [1.0], [2.0]], ["a", "a", "b", "b"])
    >>> model.predict([[-3.0], [3.0]]).tolist()
    ['a', 'b']
    """

    def __init__(self, learning_rate=0.1, n_iter=1000, C=None, tol=None, threshold=0.5):
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.C = C
        self.tol = tol
        self.threshold = threshold

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # binary only, honestly: one weight vector
        return tags

    def fit(self, X, y):
        """Fit on X of shape (n_samples, n_features) and y with exactly two classes; returns self.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), two classes

        Returns
        -------
        self : LogisticRegressionGD
            The fitted estimator.
        """
        check_threshold(self.threshold)
        _refuse_dates(X)
        # y = 1e200 fails, and X near 1e308 overflows scikit-learn's finiteness sum: without a warning either way
        with naming_the_argument("X", "y"), np.errstate(over="ignore", invalid="ignore"):
            X, y = validate_data(self, X, y, dtype=np.float64)
            check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(
                f"Only binary classification is supported: y must have exactly two classes, got "
                f"{len(self.classes_)} class(es): {self.classes_.tolist()[:5]}."
            )
        target = (y == self.classes_[1]).astype(np.float64)
        w, b, history = gradient_descent(X, target, self.learning_rate, self.n_iter, self.C, self.tol)
        self.coef_, self.intercept_ = w[np.newaxis, :], np.array([b])
        self.loss_history_, self.n_iter_ = history, len(history) - 1
        return self

    def decision_function(self, X):
        """Logits ``z = X w + b``, shape (n_samples,): positive means ``classes_[1]`` is more likely.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        z : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        _refuse_dates(X)
        # scikit-learn's finiteness check sums X, which overflows (with a warning) for values near 1e308
        with naming_the_argument("X"), np.errstate(over="ignore", invalid="ignore"):
            X = validate_data(self, X, dtype=np.float64, reset=False)
        with np.errstate(over="ignore", invalid="ignore"):
            z = X @ self.coef_[0] + self.intercept_[0]
        if not np.isfinite(z).all():
            raise ValueError("X: the logits X @ w + b are beyond float range (1.8e308) for some samples; "
                             "X is far too large. Scale X as the training data were scaled.")
        return z

    def predict_proba(self, X):
        """Probabilities of shape (n_samples, 2), columns in the order of `classes_`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, 2)
            ``[1 − p, p]`` for each sample.
        """
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """Class labels: ``classes_[1]`` where its probability is at least `threshold`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            Labels taken from `classes_`.
        """
        threshold = check_threshold(self.threshold)
        p = self.predict_proba(X)[:, 1]
        return self.classes_[apply_threshold(p, threshold)]
