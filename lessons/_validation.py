"""Input checks shared by every module: errors that say what was expected.

Every public function in `lessons` calls these before computing anything, so a
learner who passes the wrong thing gets a sentence, not a NaN.
"""

import math
import numbers

import numpy as np


def as_float_array(value, name, *, ndim=None, allow_inf=False, shape=None):
    """Return `value` as a float64 array, or raise a ValueError/TypeError naming `name`.

    `shape` is how the error describes the expected shape (say ``"(n_features,)"``).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be numbers (a float or an array of floats), got {type(value).__name__}."
        )
    try:
        raw = np.asarray(value)
        kinds = {"c": "complex numbers", "U": "text", "S": "bytes", "V": "records", "M": "dates", "m": "durations"}
        if raw.dtype.kind in kinds:
            raise TypeError(f"got {kinds[raw.dtype.kind]} (dtype {raw.dtype})")
        arr = np.asarray(raw, dtype=np.float64)
    except OverflowError:
        raise ValueError(f"{name} holds a number too large for a float (larger than 1.8e308).") from None
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numbers (a float or an array of real floats); {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        shape = shape or ("(n_samples, n_features)" if ndim == 2 else "(n_samples,)")
        hint = " Reshape your data with X.reshape(-1, 1) for a single feature." if ndim == 2 and arr.ndim == 1 else ""
        if ndim == 1 and arr.ndim == 2 and 1 in arr.shape:
            hint = f" Flatten it with {name}.ravel()."
        raise ValueError(
            f"{name} must be a {ndim}D array of shape {shape}, got {arr.ndim}D with shape {arr.shape}.{hint}"
        )
    if arr.size == 0 and ndim is not None:
        if arr.ndim == 2 and arr.shape[0] > 0:
            raise ValueError(f"{name} has no features (shape {arr.shape}); at least one feature column is needed.")
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
            f"{name} must be probabilities in [0, 1], got values from {float(arr.min())!r} to {float(arr.max())!r}. "
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
    w = as_float_array(w, "w", ndim=1, shape="(n_features,)")
    if w.shape[0] != X.shape[1]:
        raise ValueError(f"w must have one weight per feature: X has {X.shape[1]} features, w has {w.shape[0]}.")
    b = as_float_array(b, "b")
    if b.ndim != 0:
        raise ValueError(f"b must be a single number (the intercept), got shape {b.shape}.")
    check_C(C)
    return X, w, float(b)


def check_threshold(threshold, name="threshold"):
    """Return `threshold` as a float in [0, 1], or raise naming it."""
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1], got {type(threshold).__name__}.")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {threshold!r}.")
    return float(threshold)


def check_C(C):
    """Return the inverse penalty strength as a float, or None for no penalty (None or ``np.inf``, as in scikit-learn).

    C must be > 0, and large enough that the penalty ``1 / C`` is a finite number.
    """
    if C is None:
        return None
    check_positive(C, "C", allow_inf=True)
    if C == np.inf:
        return None
    if C < 1e-300:  # 1 / C would overflow
        raise ValueError(f"C must be a number > 0 whose inverse 1 / C is finite (C >= 1e-300), got {C!r}.")
    return float(C)


def check_positive(value, name, *, integer=False, allow_none=False, allow_inf=False):
    """Return `value` if it is a positive number (an int >= 1 when `integer`), or raise naming it."""
    if value is None and allow_none:
        return None
    kind = numbers.Integral if integer else numbers.Real
    what = "an integer >= 1" if integer else "a number > 0"
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}, got {value!r} of type {type(value).__name__}.")
    if integer and value > 10**9:  # a count nobody can wait for: a typo, not a request
        raise ValueError(f"{name} must be {what} and at most 10**9, got {value!r}.")
    if not integer and value > 0 and not allow_inf and not _fits_a_float(value):  # 10**400, say
        raise ValueError(f"{name} must be {what} and finite (a float), got {value!r}.")
    if (integer and value < 1) or (not integer and not (value > 0 and (allow_inf or _fits_a_float(value)))):
        raise ValueError(f"{name} must be {what}, got {value!r}.")
    return value


def check_real(value, name, *, finite=True):
    """Return `value` as a float if it is a real number (finite unless `finite=False`), or raise naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} of type {type(value).__name__}.")
    if finite and not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return float(value)


def check_increasing(low, high, name_low, name_high, *, positive=False):
    """Return ``(low, high)`` as floats if both are finite numbers with ``low < high`` (and > 0 when `positive`)."""
    low, high = check_real(low, name_low), check_real(high, name_high)
    if positive and low <= 0:
        raise ValueError(f"{name_low} must be > 0 (it is drawn on a log scale), got {low!r}.")
    if not low < high:
        raise ValueError(f"{name_low} must be smaller than {name_high}, got {low!r} and {high!r}.")
    if high - low == np.inf:  # Python floats: no overflow warning, just inf
        raise ValueError(f"{name_low} and {name_high} are too far apart for floats, got {low!r} and {high!r}.")
    return low, high


def check_in_range(value, name, low, high, *, integer=False):
    """Return `value` if it is a number in [low, high] (an integer when `integer`), or raise naming the slider range."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "an integer" if integer else "a number"
        raise TypeError(f"{name} must be {what} between {low:g} and {high:g}, got {value!r} of type "
                        f"{type(value).__name__}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} (the slider's range), got {value!r}.")
    return value


def check_names(names, name, count=2):
    """Return `names` as a tuple if it is `count` strings (say, the names of classes 0 and 1), or raise naming it."""
    if isinstance(names, str) or not isinstance(names, (tuple, list)) or not all(isinstance(n, str) for n in names):
        raise TypeError(f"{name} must be a tuple of {count} strings, got {names!r}.")
    if len(names) != count:
        raise ValueError(f"{name} must hold {count} names, got {len(names)}: {list(names)!r}.")
    return tuple(names)


def check_both_classes(y, name="y"):
    """Raise naming `name` unless the 0/1 labels `y` hold both classes."""
    if np.unique(y).size < 2:
        raise ValueError(f"{name} holds only one class (all {int(y[0])}); this needs samples of both classes, "
                         "0 and 1.")


def check_integer(value, name, *, minimum=1, maximum=10**9):
    """Return `value` if it is an integer in [minimum, maximum], or raise naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r} of type {type(value).__name__}.")
    if not minimum <= value <= maximum:
        raise ValueError(f"{name} must be an integer from {minimum} to {maximum}, got {value!r}.")
    return int(value)


def _fits_a_float(value):
    """Whether the real number `value` is finite as a float (a Python int can exceed 1.8e308)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
