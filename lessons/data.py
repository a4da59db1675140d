"""The course data: scikit-learn's breast-cancer set, malignant as the positive class.

Used from notebook 01 on (01 takes one feature, 02 on all 30). The data ships inside scikit-learn: nothing downloads.

scikit-learn's ``target`` is 1 for benign and 0 for malignant. This course asks
"is this tumour malignant?", so here ``y = 1`` means **malignant** and a false
negative is a missed cancer.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

RANDOM_STATE = 42
CLASS_NAMES = ("benign", "malignant")
"""Label names in the order of y: 0 = benign, 1 = malignant."""


@dataclass(frozen=True)
class CourseData:
    """Train / validation / test splits of the breast-cancer data.

    ``X_*`` have shape (n_samples, 30); ``y_*`` are 0 (benign) or 1 (malignant).
    ``mean`` and ``scale`` are the training split's statistics used to
    standardize all three splits (None for the raw data).

    Attributes
    ----------
    X_train, X_val, X_test : ndarray of shape (n_samples, 30)
        The features of each split.
    y_train, y_val, y_test : ndarray of shape (n_samples,), labels 0 or 1
    feature_names : tuple of str, length 30
    mean, scale : ndarray of shape (30,) or None
        The training split's statistics, None for the raw data.
    """

    X_train: np.ndarray
    X_val: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    y_test: np.ndarray
    feature_names: tuple  # of plain str (not np.str_), so scikit-learn records feature_names_in_
    mean: np.ndarray = None
    scale: np.ndarray = None

    def columns(self, *names):
        """Indices of the named features, e.g. ``data.columns("mean radius", "mean texture")``.

        Parameters
        ----------
        *names : str
            Feature names, from `feature_names`.

        Returns
        -------
        list of int
            Their column indices in ``X_*``.
        """
        unknown = [n for n in names if n not in self.feature_names]
        if unknown:
            raise ValueError(f"unknown feature name(s) {unknown}; see data.feature_names for the 30 names.")
        return [self.feature_names.index(n) for n in names]


def load_course_data(scaled=True):
    """Split the 569 samples into 364 train, 91 validation and 114 test, with a fixed seed.

    The test split is the tutorial's own (``train_test_split(test_size=0.2,
    random_state=42)``), so numbers can be compared with it; the validation
    split is 20% of the rest. With ``scaled=True`` every feature is
    standardized with the mean and standard deviation of the **training split
    only**, so nothing about the validation or test samples leaks into training.

    Parameters
    ----------
    scaled : bool, default=True
        False returns the raw features (areas in the thousands, smoothness near 0.1).

    Returns
    -------
    CourseData

    Examples
    --------
    >>> data = load_course_data()
    >>> data.X_train.shape, data.X_val.shape, data.X_test.shape
    ((364, 30), (91, 30), (114, 30))
    >>> int(data.y_train.sum() + data.y_val.sum() + data.y_test.sum())   # malignant tumours
    212
    """
    if not isinstance(scaled, bool):
        raise TypeError(f"scaled must be True or False, got {scaled!r}.")
    bunch = load_breast_cancer()
    X, y = bunch.data, 1 - bunch.target  # 1 = malignant
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, random_state=RANDOM_STATE)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.2, random_state=RANDOM_STATE)
    mean = scale = None
    if scaled:
        mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
        X_train, X_val, X_test = [(part - mean) / scale for part in (X_train, X_val, X_test)]
    return CourseData(X_train, X_val, X_test, y_train, y_val, y_test, tuple(str(name) for name in bunch.feature_names),
                      mean, scale)
