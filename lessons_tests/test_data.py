"""The course data: malignant is class 1, training statistics only, the tutorial's test split."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lessons import CLASS_NAMES, load_course_data


@pytest.fixture(scope="module")
def raw():
    return load_course_data(scaled=False)


def test_malignant_is_the_positive_class(raw):
    bunch = load_breast_cancer()
    assert bunch.target_names[0] == "malignant" and CLASS_NAMES[1] == "malignant"
    y = np.concatenate([raw.y_train, raw.y_val, raw.y_test])
    assert y.sum() == np.sum(bunch.target == 0) == 212


def test_test_split_is_the_tutorials(raw):
    bunch = load_breast_cancer()
    _, X_test, _, y_test = train_test_split(bunch.data, bunch.target, test_size=0.2, random_state=42)
    np.testing.assert_array_equal(raw.X_test, X_test)
    np.testing.assert_array_equal(raw.y_test, 1 - y_test)


def test_splits_are_disjoint_and_complete(raw):
    rows = np.vstack([raw.X_train, raw.X_val, raw.X_test])
    assert rows.shape == (569, 30)
    assert len(np.unique(rows, axis=0)) == len(np.unique(load_breast_cancer().data, axis=0))


def test_standardized_with_training_statistics_only(raw):
    scaled = load_course_data()
    scaler = StandardScaler().fit(raw.X_train)
    np.testing.assert_allclose(scaled.X_train, scaler.transform(raw.X_train), atol=1e-12)
    np.testing.assert_allclose(scaled.X_test, scaler.transform(raw.X_test), atol=1e-12)
    np.testing.assert_allclose(scaled.X_train.mean(axis=0), 0, atol=1e-12)
    assert not np.allclose(scaled.X_test.mean(axis=0), 0, atol=1e-3)  # test statistics were not used
    assert raw.mean is None and scaled.mean.shape == (30,)


def test_feature_names_and_columns(raw):
    assert raw.feature_names[0] == "mean radius" and len(raw.feature_names) == 30
    assert raw.columns("mean radius", "worst area") == [0, 23]
    with pytest.raises(ValueError, match="unknown feature name"):
        raw.columns("radius")


def test_scaled_must_be_bool():
    with pytest.raises(TypeError, match="scaled must be True or False"):
        load_course_data(scaled="yes")


def test_feature_names_are_plain_str_so_scikit_learn_checks_column_order():
    import pandas as pd
    from sklearn.linear_model import LogisticRegression

    data = load_course_data()
    assert all(type(name) is str for name in data.feature_names)
    frame = pd.DataFrame(data.X_train, columns=list(data.feature_names))
    model = LogisticRegression().fit(frame, data.y_train)
    assert list(model.feature_names_in_) == list(data.feature_names)
    with pytest.raises(ValueError, match="feature names"):
        model.predict_proba(frame[frame.columns[::-1]])
