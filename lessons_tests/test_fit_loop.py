"""LogisticRegressionGD: scikit-learn's estimator checks, agreement with newton-cholesky, bad input."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from lessons import LogisticRegressionGD, describe_run, gradient_descent, gradients, load_course_data, loss
from lessons.fast import blocked_loss_and_gradients


@parametrize_with_checks([LogisticRegressionGD()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def data():
    return load_course_data()


@pytest.fixture(scope="module")
def reference(data):
    return LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=100).fit(data.X_train, data.y_train)


def test_matches_newton_cholesky_at_C_1(data, reference):
    # lr = 0.3 is just under 1/L for this data (COURSE_FACTS: 1/L ≈ 0.31)
    model = LogisticRegressionGD(C=1.0, learning_rate=0.3, n_iter=20000).fit(data.X_train, data.y_train)
    assert np.max(np.abs(model.coef_ - reference.coef_)) < 1e-4
    assert abs(model.intercept_[0] - reference.intercept_[0]) < 1e-4
    np.testing.assert_allclose(model.predict_proba(data.X_test), reference.predict_proba(data.X_test), atol=1e-5)


def test_with_tol_stops_early_and_agrees(data, reference):
    model = LogisticRegressionGD(C=1.0, learning_rate=0.3, n_iter=50000, tol=1e-7).fit(data.X_train, data.y_train)
    assert model.n_iter_ < 50000
    assert np.max(np.abs(model.coef_ - reference.coef_)) < 1e-4


def test_not_reaching_tol_warns():
    X, y = np.array([[-1.0], [0.5], [1.0], [-0.2]]), np.array([0, 0, 1, 1])
    with pytest.warns(ConvergenceWarning, match="did not reach tol"):
        LogisticRegressionGD(n_iter=2, tol=1e-12, C=1.0).fit(X, y)


def test_attributes_and_shapes(data):
    model = LogisticRegressionGD(n_iter=50).fit(data.X_train, data.y_train)
    assert model.coef_.shape == (1, 30) and model.intercept_.shape == (1,)
    assert model.classes_.tolist() == [0, 1] and model.n_iter_ == 50
    assert model.loss_history_.shape == (50,)
    assert model.loss_history_[0] == pytest.approx(np.log(2))  # w = 0, b = 0: every p = 0.5
    proba = model.predict_proba(data.X_val)
    assert proba.shape == (91, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_string_labels_and_predict_proba_order():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    model = LogisticRegressionGD(n_iter=500).fit(X, ["no", "no", "yes", "yes"])
    assert model.classes_.tolist() == ["no", "yes"]
    assert model.predict([[5.0]]).tolist() == ["yes"]
    assert model.predict_proba([[5.0]])[0, 1] > 0.5  # column 1 is classes_[1]


def test_threshold_moves_predictions(data):
    model = LogisticRegressionGD(C=1.0).fit(data.X_train, data.y_train)
    p = model.predict_proba(data.X_val)[:, 1]
    for threshold in (0.0, 0.2, 0.5, 0.9, 1.0):
        model.set_params(threshold=threshold)
        np.testing.assert_array_equal(model.predict(data.X_val), (p >= threshold).astype(int))


def test_works_with_clone_pipeline_grid_search_and_cross_val_score():
    raw = load_course_data(scaled=False)
    pipe = make_pipeline(StandardScaler(), LogisticRegressionGD(C=1.0, n_iter=300))
    scores = cross_val_score(pipe, raw.X_train, raw.y_train, cv=5)
    assert scores.shape == (5,) and scores.mean() > 0.9
    search = GridSearchCV(pipe, {"logisticregressiongd__C": [0.1, 1.0]}, cv=3).fit(raw.X_train, raw.y_train)
    assert search.best_params_["logisticregressiongd__C"] in (0.1, 1.0)
    copy = clone(LogisticRegressionGD(learning_rate=0.5, C=2.0))
    assert copy.get_params()["learning_rate"] == 0.5 and not hasattr(copy, "coef_")


def test_gradient_descent_matches_the_estimator(data):
    # the estimator takes the blocked path (lessons.fast); the plain loop must give the same numbers
    w, b, history = gradient_descent(data.X_train, data.y_train, 0.1, 100, C=1.0)
    model = LogisticRegressionGD(C=1.0, n_iter=100).fit(data.X_train, data.y_train)
    np.testing.assert_allclose(model.coef_[0], w, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(model.loss_history_, history, rtol=1e-12)
    assert np.all(np.diff(history) < 0)  # lr 0.1 < 1/L: the loss falls at every step


@pytest.mark.parametrize("n, block_rows", [(1, 1), (10, 3), (1000, 7), (20000, 8192)])
@pytest.mark.parametrize("C", [None, 2.0])
def test_blocked_path_equals_the_plain_formulas(n, block_rows, C):
    rng = np.random.default_rng(n)
    X, y = rng.normal(size=(n, 4)) * 30, rng.integers(0, 2, n).astype(float)  # logits up to ~±300
    w, b = rng.normal(size=4), 0.3
    value, dw, db = blocked_loss_and_gradients(X, y, w, b, C, block_rows)
    assert value == pytest.approx(loss(X, y, w, b, C), rel=1e-12)
    ref_dw, ref_db = gradients(X, y, w, b, C)
    np.testing.assert_allclose(dw, ref_dw, rtol=1e-11, atol=1e-13)
    assert db == pytest.approx(ref_db, rel=1e-11, abs=1e-13)


def test_describe_run_names_each_behaviour(data):
    verdicts = {lr: describe_run(gradient_descent(data.X_train, data.y_train, lr, 300, C=1.0)[2])[0]
                for lr in (1e-4, 1.0, 31.6, 100.0)}
    assert verdicts == {1e-4: "crawls", 1.0: "converges", 31.6: "oscillates", 100.0: "diverges"}


X3, Y3 = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1])


@pytest.mark.parametrize("params, X, y, error, match", [
    (dict(learning_rate=0), X3, Y3, ValueError, "learning_rate must be a number > 0"),
    (dict(learning_rate=-0.1), X3, Y3, ValueError, "learning_rate must be a number > 0"),
    (dict(learning_rate="fast"), X3, Y3, TypeError, "learning_rate must be a number > 0"),
    (dict(n_iter=0), X3, Y3, ValueError, "n_iter must be an integer >= 1"),
    (dict(n_iter=10.5), X3, Y3, TypeError, "n_iter must be an integer >= 1"),
    (dict(C=0), X3, Y3, ValueError, "C must be a number > 0"),
    (dict(tol=-1.0), X3, Y3, ValueError, "tol must be a number > 0"),
    (dict(threshold=1.5), X3, Y3, ValueError, r"threshold must be in \[0, 1\]"),
    (dict(), X3, np.array([0, 1, 2]), ValueError, "exactly two classes"),
    (dict(), X3, np.array([1, 1, 1]), ValueError, "exactly two classes"),
    (dict(), X3, np.array([0.5, 1.0, 0.2]), ValueError, "Unknown label type"),
    (dict(), X3[:, 0], Y3, ValueError, "Expected 2D array"),
    (dict(), X3, Y3[:2], ValueError, "inconsistent numbers of samples"),
    (dict(), np.array([[0.0, np.nan], [1.0, 0.0], [1.0, 1.0]]), Y3, ValueError, "NaN"),
    (dict(), np.array([[0.0, np.inf], [1.0, 0.0], [1.0, 1.0]]), Y3, ValueError, "infinity"),
    (dict(), np.empty((0, 2)), np.empty(0), ValueError, "0 sample"),
])
def test_bad_input_at_fit(params, X, y, error, match):
    with pytest.raises(error, match=match):
        LogisticRegressionGD(**params).fit(X, y)


def test_predict_before_fit_and_wrong_feature_count():
    with pytest.raises(NotFittedError):
        LogisticRegressionGD().predict(X3)
    model = LogisticRegressionGD(n_iter=5).fit(X3, Y3)
    with pytest.raises(ValueError, match="X has 3 features, but LogisticRegressionGD is expecting 2"):
        model.predict_proba(np.ones((2, 3)))
    model.threshold = -0.1
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        model.predict(X3)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(X=[[1.0], [2.0]], y=[0, 1, 1]), ValueError, "same number of samples"),
    (dict(X=[[1.0], [2.0]], y=[0, 5]), ValueError, "y must contain only 0 and 1"),
    (dict(X=[[1.0], [2.0]], y=[0, 1], tol=0), ValueError, "tol must be a number > 0"),
    (dict(X=[[1.0], [2.0]], y=[0, 1], block_rows=0), ValueError, "block_rows must be an integer >= 1"),
])
def test_gradient_descent_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        gradient_descent(**kwargs)


def test_describe_run_needs_two_values():
    with pytest.raises(ValueError, match="loss_history needs at least 2 values"):
        describe_run([0.69])
