"""Exercise checks: run a learner's function against `lessons` and answer with a pass line or a hint.

Used by the exercises in every notebook. A check never raises because the
learner's function is broken: it returns a `CheckResult` whose text says what
went wrong and how to fix it.
"""

import warnings

import numpy as np


class CheckResult:
    """Outcome of an exercise check: ``passed`` (bool) and ``message`` (one line, shown in the notebook)."""

    def __init__(self, passed, message):
        self.passed, self.message = passed, message

    def __repr__(self):
        return self.message


def passed(what):
    return CheckResult(True, f"✓ Correct: {what}")


def hint(text):
    return CheckResult(False, f"✗ Not yet: {text}")


def call(fn, *args):
    """Call the learner's function: ``(result, None)``, or ``(None, CheckResult)`` explaining the failure."""
    if not callable(fn):
        return None, hint(f"pass the function itself (without calling it), got {type(fn).__name__}.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
                result = fn(*args)
        except NotImplementedError as exc:
            return None, hint(f"the function is not written yet ({exc}).")
        except Exception as exc:  # a learner's function may fail in any way
            return None, hint(f"your function raised {type(exc).__name__}: {exc}")
    overflow = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if overflow:
        return None, hint(f"numpy warned '{overflow[0].message}'. Use a numerically stable form.")
    return result, None


def as_array(result, name, shape):
    """`result` as a float array of `shape`, or a CheckResult saying why not."""
    if result is None:
        return None, hint(f"your function returned None instead of {name}: did you forget `return`?")
    try:
        arr = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None, hint(f"{name} should be numbers, got {type(result).__name__}.")
    if arr.shape != shape:
        return None, hint(f"{name} should have shape {shape}, got {arr.shape}.")
    if np.isnan(arr).any():
        return None, hint(f"{name} contains NaN. Use a numerically stable form.")
    return arr, None


def compare(arr, expected, name, rtol=1e-6, atol=1e-9):
    """None if `arr` matches `expected`; otherwise a hint, naming the usual mistakes (factor 2, sign, 1/n)."""
    arr, expected = np.asarray(arr, dtype=float), np.asarray(expected, dtype=float)
    if np.allclose(arr, expected, rtol=rtol, atol=atol):
        return None
    for factor, mistake in [(2.0, "twice the right value: is there a stray factor 2 (from squared error)?"),
                            (-1.0, "the right size but the wrong sign: check the minus sign."),
                            (0.5, "half the right value: is a factor 2 missing?")]:
        if np.allclose(arr, factor * expected, rtol=rtol, atol=atol):
            return hint(f"{name} is {mistake}")
    return hint(f"{name} is {np.round(arr, 6).tolist()} but should be {np.round(expected, 6).tolist()}.")
