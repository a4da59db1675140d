"""The fit loop: gradient descent, and `LogisticRegressionGD`, a scikit-learn estimator around it.

Introduced in notebook 04 (``04_fit_loop.ipynb``).
"""

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import as_binary_labels, as_float_array, check_positive, check_same_length, check_threshold
from .fast import BLOCK_ROWS, blocked_loss_and_gradients
from .gradients import _loss_and_gradients
from .sigmoid import sigmoid
from .thresholds import apply_threshold


def gradient_descent(X, y, learning_rate=0.1, n_iter=1000, C=None, tol=None, *, block_rows=None):
    """Minimize the mean log loss (plus the L2 term when C is given) by plain gradient descent.

    Starts from ``w = 0, b = 0`` (every p = 0.5, loss ln 2) and repeats
    ``w -= learning_rate * dw; b -= learning_rate * db``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), labels 0 or 1
    learning_rate : float > 0
    n_iter : int >= 1
        Maximum number of steps.
    C : float > 0 or None
        Inverse L2 penalty strength as in scikit-learn; None means no penalty.
    tol : float > 0 or None
        Stop early once every gradient component is at most `tol` in size.
    block_rows : int >= 1 or None
        None evaluates the plain formulas of `lessons.gradients`. An int takes
        the faster path of `lessons.fast`: the same numbers (to rounding),
        computed that many rows at a time.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    loss_history : ndarray of shape (n_steps,)
        The objective before each step; ``loss_history[0]`` is ln 2.

    Examples
    --------
    >>> w, b, history = gradient_descent([[-1.0], [1.0]], [0, 1], n_iter=3)
    >>> round(float(history[0]), 4), bool(history[-1] < history[0])
    (0.6931, True)
    """
    X = as_float_array(X, "X", ndim=2)
    y = as_binary_labels(y)
    check_same_length(X, y, "X", "y")
    check_positive(learning_rate, "learning_rate")
    check_positive(n_iter, "n_iter", integer=True)
    check_positive(C, "C", allow_none=True)
    check_positive(tol, "tol", allow_none=True)
    check_positive(block_rows, "block_rows", integer=True, allow_none=True)
    w, b, history = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_iter):
        if block_rows is None:
            value, dw, db = _loss_and_gradients(X, y, w, b, C)
        else:
            value, dw, db = blocked_loss_and_gradients(X, y, w, b, C, block_rows)
        if not np.isfinite(value):
            raise ValueError(f"learning_rate={learning_rate} is too large: the loss overflowed. Try a smaller one.")
        history.append(value)
        if tol is not None and max(np.max(np.abs(dw)), abs(db)) <= tol:
            break
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b, np.array(history)


def _largest_gradient(X, y, w, b, C):
    _, dw, db = _loss_and_gradients(X, y, w, b, C)
    return max(np.max(np.abs(dw)), abs(db))


def describe_run(loss_history):
    """Say in words how a gradient-descent run went: ``(verdict, sentence)``.

    The verdict is one of ``"diverges"`` (the loss ended above where it
    started), ``"oscillates"`` (it rose on more than 5% of the steps),
    ``"crawls"`` (the last tenth of the run still gave more than 0.2% of all
    the improvement: at this pace, more steps would still help) or ``"converges"``.

    Examples
    --------
    >>> describe_run([0.69, 0.5, 0.4, 0.35, 0.34, 0.339, 0.3389, 0.3388, 0.33879, 0.33878, 0.33878])[0]
    'converges'
    >>> describe_run([0.69, 3.0, 9.0])[0]
    'diverges'
    """
    h = as_float_array(loss_history, "loss_history", ndim=1)
    if len(h) < 2:
        raise ValueError(f"loss_history needs at least 2 values to describe a run, got {len(h)}.")
    first, last = h[0], h[-1]
    rises = int(np.sum(np.diff(h) > 1e-12 * np.abs(h[:-1])))
    tail = h[-max(2, len(h) // 10)]
    if last > first:
        return "diverges", (f"Diverges: the loss ended higher than it started ({first:.3f} → {last:.3f}). "
                            "The learning rate is too large.")
    if rises > 0.05 * (len(h) - 1):
        return "oscillates", (f"Oscillates: the loss went up on {rises} of {len(h) - 1} steps. "
                              "Steps overshoot the minimum; try a smaller learning rate.")
    if tail - last > 0.002 * (first - last):
        return "crawls", (f"Crawls: the loss is still falling at the end ({first:.3f} → {last:.3f}). "
                          "Take a larger learning rate or more iterations.")
    return "converges", f"Converges: the loss fell from {first:.3f} to {last:.3f} and has levelled off."


class LogisticRegressionGD(ClassifierMixin, BaseEstimator):
    """Binary logistic regression fitted by plain gradient descent, with scikit-learn's conventions.

    Parameters
    ----------
    learning_rate : float > 0, default=0.1
    n_iter : int >= 1, default=1000
        Maximum number of gradient steps.
    C : float > 0 or None, default=None
        Inverse L2 penalty strength with scikit-learn's meaning
        (``LogisticRegression(C=...)``); None means no penalty, the tutorial's model.
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
    loss_history_ : ndarray of shape (n_iter_,), training objective before each step
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
        """Fit on X of shape (n_samples, n_features) and y with exactly two classes; returns self."""
        check_threshold(self.threshold)
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(
                f"Only binary classification is supported: y must have exactly two classes, got "
                f"{len(self.classes_)} class(es): {self.classes_.tolist()[:5]}."
            )
        target = (y == self.classes_[1]).astype(np.float64)
        w, b, history = gradient_descent(X, target, self.learning_rate, self.n_iter, self.C, self.tol,
                                         block_rows=BLOCK_ROWS)
        self.coef_, self.intercept_ = w[np.newaxis, :], np.array([b])
        self.loss_history_, self.n_iter_ = history, len(history)
        if self.tol is not None and _largest_gradient(X, target, w, b, self.C) > self.tol:
            warnings.warn(f"Gradient descent did not reach tol={self.tol} in n_iter={self.n_iter} steps; "
                          "increase n_iter or learning_rate.", ConvergenceWarning, stacklevel=2)
        return self

    def decision_function(self, X):
        """Logits ``z = X w + b``, shape (n_samples,): positive means ``classes_[1]`` is more likely."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Probabilities of shape (n_samples, 2), columns in the order of `classes_`."""
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """Class labels: ``classes_[1]`` where its probability is at least `threshold`."""
        threshold = check_threshold(self.threshold)
        p = self.predict_proba(X)[:, 1]
        return self.classes_[apply_threshold(p, threshold)]
