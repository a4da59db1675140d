"""Input checks shared by every module: errors that say what was expected.

Every public function in `lessons` calls these before computing anything, so a
learner who passes the wrong thing gets a sentence, not a NaN.
"""

import numbers

import numpy as np


def as_float_array(value, name, *, ndim=None, allow_inf=False):
    """Return `value` as a float64 array, or raise a ValueError/TypeError naming `name`."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be numbers (a float or an array of floats), got {type(value).__name__}."
        )
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers (a float or an array of floats); {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        shape = "(n_samples, n_features)" if ndim == 2 else "(n_samples,)"
        hint = " Reshape your data with X.reshape(-1, 1) for a single feature." if ndim == 2 and arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be a {ndim}D array of shape {shape}, got {arr.ndim}D with shape {arr.shape}.{hint}"
        )
    if arr.size == 0 and ndim is not None:
        raise ValueError(f"{name} is empty (shape {arr.shape}); at least one sample is needed.")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; remove or impute missing values first.")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} contains inf; every value must be finite.")
    return arr


def as_binary_labels(y, name="y"):
    """Return y as a float array of 0.0 and 1.0, or raise naming `name`."""
    arr = as_float_array(y, name, ndim=1)
    bad = ~np.isin(arr, (0.0, 1.0))
    if bad.any():
        raise ValueError(
            f"{name} must contain only 0 and 1 (1 = positive class), got {np.unique(arr[bad])[:5].tolist()}."
        )
    return arr


def as_probabilities(p, name="p", *, ndim=1):
    """Return p as a float array with every value in [0, 1], or raise naming `name`."""
    arr = as_float_array(p, name, ndim=ndim)
    if ((arr < 0) | (arr > 1)).any():
        raise ValueError(
            f"{name} must be probabilities in [0, 1], got values from {arr.min():g} to {arr.max():g}. "
            "Did you pass logits z? Use sigmoid(z) or the *_from_logits function."
        )
    return arr


def scalar_or_array(arr):
    """A float for a 0-d result (a scalar went in), else the array itself."""
    arr = np.asarray(arr)
    return float(arr) if arr.ndim == 0 else arr


def check_same_length(a, b, name_a, name_b):
    if len(a) != len(b):
        raise ValueError(f"{name_a} and {name_b} must have the same number of samples, got {len(a)} and {len(b)}.")


def check_model(X, w, b, C):
    """Validate a linear model's inputs: X (n_samples, n_features), w (n_features,), a scalar b, C > 0 or None."""
    X = as_float_array(X, "X", ndim=2)
    w = as_float_array(w, "w", ndim=1)
    if w.shape[0] != X.shape[1]:
        raise ValueError(f"w must have one weight per feature: X has {X.shape[1]} features, w has {w.shape[0]}.")
    b = as_float_array(b, "b")
    if b.ndim != 0:
        raise ValueError(f"b must be a single number (the intercept), got shape {b.shape}.")
    check_positive(C, "C", allow_none=True)
    return X, w, float(b)


def check_threshold(threshold, name="threshold"):
    """Return `threshold` as a float in [0, 1], or raise naming it."""
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1], got {type(threshold).__name__}.")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {threshold!r}.")
    return float(threshold)


def check_positive(value, name, *, integer=False, allow_none=False):
    """Return `value` if it is a positive number (an int >= 1 when `integer`), or raise naming it."""
    if value is None and allow_none:
        return None
    kind = numbers.Integral if integer else numbers.Real
    what = "an integer >= 1" if integer else "a number > 0"
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}, got {value!r} of type {type(value).__name__}.")
    if (integer and value < 1) or (not integer and not (value > 0 and np.isfinite(value))):
        raise ValueError(f"{name} must be {what}, got {value!r}.")
    return value
