"""The exercise checks, one per exercise, in the order the notebooks use them.

Each takes the learner's function and returns a `CheckResult`, shown as one
line: "✓ Correct: ..." or "✗ Not yet: <hint>". A check never raises because the
learner's function is broken: it says what went wrong and how to fix it.

How a check runs the learner's function (`call`):

- on copies of its inputs, several inputs of different sizes and values, so that
  a coincidence (n = 2 d, C = 1, one h) cannot pass a wrong answer; a function
  that changes its input in place is told so;
- in a daemon thread with a time limit of `TIME_LIMIT` seconds (10 s), so an
  infinite loop gives a hint instead of a frozen kernel. Python cannot stop a
  thread: the runaway function keeps running in the background until it ends
  or the kernel restarts (Kernel > Restart), but the check returns and says so.
  This works alike in a Jupyter kernel on Linux, macOS and Windows (no signals);
- numpy's overflow warnings inside it become a hint naming the stable form;
  whatever it prints is the learner's own output and is shown as usual.
"""

import ast
import inspect
import numbers
import re
import sys
import textwrap
import threading
import warnings

import numpy as np

from ._validation import check_C, check_integer
from .cross_entropy import binary_cross_entropy, binary_cross_entropy_from_logits
from .fit_loop import gradient_descent
from .logistic import sigmoid, sigmoid_derivative
from .objective import gradients, loss_and_gradients
from .regularization import brier_score, cost_threshold, precision_at_prevalence
from .thresholds import apply_threshold

TIME_LIMIT = 10.0
"""Seconds a learner's function may run in a check before the check gives up on it."""


class CheckResult:
    """Outcome of an exercise check: ``passed`` (bool) and ``message`` (one line, shown in the notebook).

    Parameters
    ----------
    passed : bool
        True when the learner's answer is right.
    message : str
        One line: ``"✓ Correct: ..."`` or ``"✗ Not yet: ..."`` with a hint.

    Examples
    --------
    >>> result = check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))   # overflows at z = -1000
    >>> result.passed
    False
    """

    def __init__(self, passed, message):
        self.passed, self.message = passed, message

    def __repr__(self):
        return self.message


def passed(what):
    """A passing CheckResult whose message says what was right.

    Parameters
    ----------
    what : str
        What the learner got right, after ``"✓ Correct: "``.

    Returns
    -------
    CheckResult
    """
    return CheckResult(True, f"✓ Correct: {what}")


def hint(text):
    """A failing CheckResult whose message says what to change.

    Parameters
    ----------
    text : str
        The hint, after ``"✗ Not yet: "``.

    Returns
    -------
    CheckResult
    """
    return CheckResult(False, f"✗ Not yet: {text}")


def describe_error(exc):
    """``"TypeError: message"``, even when the exception cannot print itself.

    Parameters
    ----------
    exc : BaseException
        An exception raised by the learner's function.

    Returns
    -------
    str
        The exception's type name, then its message if it has one.
    """
    try:
        text = str(exc)
    except Exception:  # a learner's exception class may be broken too
        text = ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def shown(value, limit=80):
    """``repr(value)`` for a hint, cut to `limit` characters; the type's name when the repr fails.

    Parameters
    ----------
    value : object
        What the learner's function returned (its ``__repr__`` may raise).
    limit : int, default=80
        The most characters shown.

    Returns
    -------
    str

    Examples
    --------
    >>> shown("higher"), shown(list(range(100)), limit=12)
    ("'higher'", '[0, 1, 2,...')
    """
    try:
        text = repr(value)
    except Exception:  # a learner's object may refuse to print itself
        return type(value).__name__
    return text if len(text) <= limit else text[:limit - 3] + "..."


def call(fn, *args, names=(), may_change=(), stable="use a numerically stable form."):
    """Call the learner's function on copies of `args`: ``(result, None)``, or ``(None, CheckResult)`` saying why not.

    `names` name the arguments in hints; the arguments at the positions in
    `may_change` may be changed in place; `stable` is the advice given when
    numpy warns about overflow inside the function.

    Parameters
    ----------
    fn : callable
        The learner's function.
    *args
        Its arguments; numpy arrays are copied first.
    names : sequence of str, default ()
        The arguments' names, used in hints.
    may_change : collection of int, default ()
        Positions of the arguments the function may change in place.
    stable : str
        The advice given when numpy warns about overflow inside the function.

    Returns
    -------
    result : object or None
        What ``fn`` returned, or None when it could not be used.
    problem : CheckResult or None
        None, or a hint saying why not (not callable, raised, too slow, warned, changed its input).
    """
    if not callable(fn):
        return None, hint(f"pass the function itself (without calling it), got {type(fn).__name__}.")
    copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    outcome = {}

    def run():
        try:
            with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
                outcome["result"] = fn(*copies)
        except BaseException as exc:  # a learner's function may fail in any way, even sys.exit()  # noqa: B036
            outcome["error"] = exc

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        worker = threading.Thread(target=run, name="learner's function", daemon=True)
        worker.start()
        worker.join(TIME_LIMIT)
    if worker.is_alive():
        return None, hint(f"your function did not finish within {TIME_LIMIT:g} s (the time limit of a check): "
                          "is there an infinite loop? It keeps running in the background until it ends; "
                          "restart the kernel if the notebook gets slow.")
    if "error" in outcome:
        exc = outcome["error"]
        if isinstance(exc, NotImplementedError):
            return None, hint(f"the function is not written yet ({exc}).")
        extra = ""
        if isinstance(exc, TypeError) and "Python scalars" in str(exc):
            extra = " It is called with numpy arrays: use np.exp and np.log (they work on arrays), not math.exp."
        return None, hint(f"your function raised {describe_error(exc)}.{extra}")
    overflow = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if overflow:
        return None, hint(f"numpy warned '{overflow[0].message}' inside your function: {stable}")
    for i, (original, copy) in enumerate(zip(args, copies)):
        if isinstance(original, np.ndarray) and i not in may_change and not (
                isinstance(copy, np.ndarray) and copy.shape == original.shape and np.array_equal(copy, original)):
            name = names[i] if i < len(names) else f"argument {i + 1}"
            return None, hint(f"your function changed its input {name} in place (say `{name} -= ...` or "
                              f"`{name}[...] = ...`): compute a new array instead, the caller's data must stay "
                              "as they were.")
    return outcome["result"], None


def as_array(result, name, shape):
    """`result` as a float array of `shape`, or a CheckResult saying why not.

    Parameters
    ----------
    result : object
        What the learner's function returned.
    name : str
        The name of the value, used in hints.
    shape : tuple of int or None
        The shape it must have (``()`` for one number); None accepts any shape.

    Returns
    -------
    arr : ndarray of float or None
        `result` as an array, or None.
    problem : CheckResult or None
        None, or a hint saying why `result` is not an array of that shape.
    """
    if result is None:
        return None, hint(f"your function returned None instead of {name}: did you forget `return` "
                          "(or print the answer instead of returning it)?")
    if isinstance(result, (str, bytes)):
        return None, hint(f"{name} should be numbers, got the text {str(result)[:40]!r}.")
    if isinstance(result, dict):
        return None, hint(f"{name} should be numbers, got a dict: return the numbers themselves.")
    if inspect.isgenerator(result) or isinstance(result, (map, filter, zip, range)):
        return None, hint(f"{name} should be numbers, got a {type(result).__name__}: build an array, "
                          "np.array([... for ...]), not a generator ( ... for ...).")
    try:
        raw = np.asarray(result)
        if raw.dtype.kind == "c":
            return None, hint(f"{name} holds complex numbers ({raw.ravel()[:2].tolist()}...): the answer is real; "
                              "look for np.emath, np.sqrt of a negative number, or a 1j.")
        if raw.dtype.kind == "O" and not all(isinstance(v, numbers.Real) for v in raw.ravel()):
            raise TypeError
        if raw.dtype.kind not in "biufO":
            raise TypeError
        arr = raw.astype(float)
    except Exception:  # anything a learner may return: lists of lists of text, objects that refuse numpy
        return None, hint(f"{name} should be numbers, got {type(result).__name__}.")
    if shape is not None and arr.shape != shape:
        wanted = "a single number" if shape == () else f"shape {shape}"
        return None, hint(f"{name} should be {wanted}, got shape {arr.shape}.")
    if np.isnan(arr).any():
        return None, hint(f"{name} contains NaN (often inf - inf or 0 * inf after an overflow, or a log of a "
                          "negative number).")
    return arr, None


def as_pair(result, what):
    """`result` as a pair (a tuple or list of length 2), or a CheckResult saying what to return.

    Parameters
    ----------
    result : object
        What the learner's function returned.
    what : str
        The pair it should be, e.g. ``"(dw, db)"``, used in the hint.

    Returns
    -------
    pair : tuple or list or None
        `result`, or None.
    problem : CheckResult or None
        None, or a hint saying what to return.
    """
    if isinstance(result, (tuple, list)) and len(result) == 2:
        return result, None
    got = f"{type(result).__name__} of length {len(result)}" if isinstance(result, (tuple, list)) else \
        type(result).__name__
    return None, hint(f"return a pair {what} (two values, `return a, b`), got {got}.")


def close(a, b, rtol=1e-6, atol=1e-9):
    """Whether `a` and `b` have the same shape and are equal within the tolerances.

    Parameters
    ----------
    a, b : array-like
        The two values to compare.
    rtol, atol : float
        Relative and absolute tolerances, as in `numpy.allclose`.

    Returns
    -------
    bool
    """
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def compare(arr, expected, name, rtol=1e-6, atol=1e-9, twice="is there a stray factor 2?"):
    """None if `arr` matches `expected`; otherwise a hint, naming the usual mistakes (factor 2, sign).

    Parameters
    ----------
    arr : array-like
        The learner's value.
    expected : array-like
        The reference value.
    name : str
        The name of the value, used in the hint.
    rtol, atol : float
        Relative and absolute tolerances, as in `numpy.allclose`.
    twice : str
        The hint given when `arr` is twice `expected`.

    Returns
    -------
    CheckResult or None
        None when `arr` matches `expected`, else a hint.
    """
    arr, expected = np.asarray(arr, dtype=float), np.asarray(expected, dtype=float)
    if close(arr, expected, rtol, atol):
        return None
    for factor, mistake in [(2.0, f"twice the right value: {twice}"),
                            (-1.0, "the right size but the wrong sign: check the minus sign."),
                            (0.5, "half the right value: is a factor 2 missing?")]:
        if close(arr, factor * expected, rtol, atol):
            return hint(f"{name} is {mistake}")
    return hint(f"{name} is {np.round(arr, 6).tolist()} but should be {np.round(expected, 6).tolist()}.")


_rng = np.random.default_rng(0)
_Z_CASES = (np.array([-5.0, -1.0, 0.0, 0.5, 3.0]), np.array([2.0, -0.25, 7.5]),
            np.array([-1000.0, -710.0, 710.0, 1000.0, -40.0, 40.0]))
_SIGMOID_STABLE = ("exp(-z) overflows for z < -709.78: compute exp only of non-positive numbers (for z < 0, "
                   "multiply the top and bottom of 1 / (1 + e^-z) by e^z; see the Hint fold).")


_WHERE_BOTH = ("np.where(z >= 0, ..., ...) computes BOTH of its forms for every z before it picks one, so the "
               "form that takes exp of z still overflows at z = +1000 (in the branch it throws away): compute exp "
               "only of non-positive numbers, for every z (see the Hint fold).")
_DERIVATIVE_STABLE = ("np.exp overflowed at z = ±1000 (section 6 of this notebook shows why): build the derivative "
                      "from the sigmoid you already have instead of writing exp again.")


def _source(fn):
    """`fn`'s own source, dedented, or None where there is none to read."""
    try:
        return textwrap.dedent(inspect.getsource(fn))
    except Exception:  # builtins, ufuncs, functions typed at a prompt: nothing to read
        return None


def _overflow_advice(fn):
    """The advice for an overflow inside `fn`: the np.where trap when its source uses ``where``, else the usual."""
    source = _source(fn)
    return _WHERE_BOTH if source and re.search(r"\bwhere\s*\(", source) else _SIGMOID_STABLE


def _elementwise(fn, reference, name, named, stable=_SIGMOID_STABLE, bounds=(0.0, 1.0), formula="1 / (1 + np.exp(-z))"):
    """Compare ``fn(z)`` with ``reference(z)`` on every z case; `named` maps a wrong function to its hint."""
    for z in _Z_CASES:
        result, problem = call(fn, z, names=("z",), stable=stable)
        arr, problem = (None, problem) if problem else as_array(result, f"{name}({z.tolist()})", z.shape)
        if problem:
            return problem
        if close(arr, reference(z)):
            continue
        for wrong, text in named:
            if close(arr, wrong(z)):
                return hint(text)
        if (arr < bounds[0]).any() or (arr > bounds[1]).any():
            return hint(f"{name} must lie in [{bounds[0]:g}, {bounds[1]:g}], got values from {arr.min():g} to "
                        f"{arr.max():g}: check the brackets, {formula}.")
        return compare(arr, reference(z), f"{name}({z.tolist()})")
    return None


def check_sigmoid(fn):
    """Notebook 01: ``fn(z)`` must equal `lessons.sigmoid` on arrays, including z = ±1000, without warnings.

    Silencing the warnings does not count: a function whose own source sets ``np.errstate``/``np.seterr`` to
    ``"ignore"`` or filters warnings fails with a hint even when its values are right (the blog's
    ``1 / (1 + np.exp(-z))`` then returns the same numbers as `scipy.special.expit`; the exercise asks for a
    sigmoid in which ``exp`` never overflows, and an ``np.where`` of two forms still overflows in the branch
    it throws away).

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(z)``. with z an ndarray

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    named = [(lambda z: sigmoid(-z), "the curve is mirrored: σ(z) = 1 / (1 + e^(-z)), with a minus sign in the "
                                     "exponent (σ(3) is near 1, not near 0).")]
    problem = _elementwise(fn, sigmoid, "sigmoid", named, stable=_overflow_advice(fn))
    if problem:
        return problem
    expit = getattr(sys.modules.get("scipy.special"), "expit", None)  # scipy is not a dependency of ours
    if fn is sigmoid or (expit is not None and fn is expit) or _calls(fn, ("sigmoid", "expit")):
        return hint("your function calls a ready-made sigmoid (lessons.sigmoid or scipy.special.expit): the "
                    "exercise is to write one yourself, from np.exp, so that you see why it cannot overflow.")
    silencer = _silencer(fn)
    if silencer:
        return hint(f"your values are right, but your function silences numpy's warnings ({silencer}): exp still "
                    "overflows, you only stopped hearing it. The exercise asks for a sigmoid where exp never "
                    "overflows, so there is nothing to silence: remove it, then " + _SIGMOID_STABLE)
    return passed("your sigmoid matches, even at z = ±1000.")


def _calls(fn, names):
    """Whether `fn`'s own source calls a function with one of `names` (``sigmoid(z)``, ``lessons.sigmoid(z)``)."""
    source = _source(fn)
    if source is None:
        return False
    try:
        calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    except Exception:  # a lambda inside a larger expression (SyntaxError): read the text instead
        return bool(re.search(r"\b(" + "|".join(names) + r")\s*\(", source))
    return any(getattr(node.func, "attr", getattr(node.func, "id", "")) in names for node in calls)


_SILENCERS = {"errstate", "seterr", "simplefilter", "filterwarnings", "catch_warnings", "suppress_warnings",
              "resetwarnings", "seterrcall"}
_HEARD = {"warn", "raise"}  # an errstate/seterr mode that still lets the check see the overflow


def _own_functions(fn, depth=3):
    """`fn` and the Python functions its code refers to by a global name or a closure (the learner's helpers),
    a few levels deep; numpy, the standard library and this package are not followed."""
    seen, todo = [], [(fn, 0)]
    while todo:
        f, level = todo.pop()
        f = getattr(f, "__wrapped__", f)
        code = getattr(f, "__code__", None)
        if code is None or any(f is g for g in seen):
            continue
        module = getattr(f, "__module__", "") or ""
        if module.split(".")[0] in ("numpy", "scipy", "lessons", "warnings", "contextlib", "math", "builtins"):
            continue
        seen.append(f)
        if level >= depth:
            continue
        names = set(code.co_names) | {n for c in code.co_consts if hasattr(c, "co_names") for n in c.co_names}
        refs = [getattr(f, "__globals__", {}).get(n) for n in names]
        refs += [cell.cell_contents for cell in (getattr(f, "__closure__", None) or ()) if _has_contents(cell)]
        todo += [(r, level + 1) for r in refs if callable(r)]
    return seen


def _has_contents(cell):
    try:
        _ = cell.cell_contents
    except ValueError:  # an empty closure cell
        return False
    return True


def _silencer(fn):
    """The call that silences numpy's overflow warnings in `fn` or in a helper it calls, or None.

    A value test cannot tell ``1 / (1 + np.exp(-z))`` run under ``np.errstate(over="ignore")`` from a stable
    sigmoid (both return 0.0 below z = -709.78, as `scipy.special.expit` does), so the source is read, of `fn`
    and of the functions it refers to: any use of ``errstate``/``seterr`` (called, aliased or looked up by
    name) counts, unless every mode it sets is a literal ``"warn"`` or ``"raise"`` or only ``under`` is set
    (numpy's default hides no overflow); so does any mention of a warnings filter or ``catch_warnings``.
    Functions without readable source (a ufunc such as ``expit``) are not read.
    """
    for f in _own_functions(fn):
        found = _silencer_in(f)
        if found:
            return found
    return None


def _silencer_in(fn):
    source = _source(fn)
    if source is None:
        return None
    try:
        tree = ast.parse(source)
    except Exception:  # a lambda inside a larger expression (SyntaxError): read the text instead
        match = re.search(r"\b(" + "|".join(sorted(_SILENCERS)) + r")\b", source)
        return f"{match.group(1)}(...)" if match else None
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        name = (node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name)
                else node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None)
        if name not in _SILENCERS:
            continue
        call = calls.get(id(node))
        if name in ("errstate", "seterr") and call is not None and not call.args:
            modes = {kw.arg: kw.value.value if isinstance(kw.value, ast.Constant) else None for kw in call.keywords}
            if None not in modes and all(v in _HEARD for k, v in modes.items() if k != "under"):
                continue  # e.g. np.errstate(over="raise") or np.errstate(under="ignore"): nothing is hidden
        return f"{name}(...)"
    return None


def check_sigmoid_derivative(fn):
    """Notebook 01: ``fn(z)`` must equal σ(z)(1 − σ(z)) on arrays, including z = ±1000.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(z)``. with z an ndarray

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    named = [(sigmoid, "that is σ(z) itself; its derivative is σ(z)(1 − σ(z))."),
             (lambda z: sigmoid(z) * (1 + sigmoid(z)), "the second factor is 1 − σ(z), not 1 + σ(z)."),
             (lambda z: 1 - sigmoid(z), "that is 1 − σ(z) alone; multiply by σ(z): σ(z)(1 − σ(z))."),
             (lambda z: z * (1 - z), "you applied the formula to z itself: the derivative is σ(z)(1 − σ(z)), "
                                     "with σ(z) computed first.")]
    return (_elementwise(fn, sigmoid_derivative, "derivative", named, stable=_DERIVATIVE_STABLE,
                         bounds=(0.0, 0.25), formula="σ(z)(1 − σ(z)), with σ(z) computed first")
            or passed("your derivative matches σ(z)(1 − σ(z)), even at z = ±1000."))


_Y_CASES = (np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0]))
_P_CASES = (np.array([0.9, 0.2, 0.6, 0.35, 0.05]), np.array([0.3, 0.45, 0.8, 0.1, 0.55, 0.97, 0.6]))
_CLIP = ("clip p to [eps, 1 - eps] before np.log, with eps = np.finfo(float).eps = 2.2e-16 as scikit-learn does "
         "(np.clip(p, eps, 1 - eps)).")


def check_binary_cross_entropy(fn):
    """Notebook 02: ``fn(y, p)`` must equal `lessons.binary_cross_entropy`, also when p is exactly 0 or 1.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(y, p)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for y, p in zip(_Y_CASES, _P_CASES):
        result, problem = call(fn, y, p, names=("y", "p"), stable=_CLIP)
        loss, problem = (None, problem) if problem else as_array(result, "the loss", ())
        if problem:
            return problem
        expected = binary_cross_entropy(y, p)
        if close(loss, expected):
            continue
        if close(loss, expected * len(y)):
            return hint("you returned the sum over samples; the loss is the mean (divide by n, or use np.mean).")
        if close(loss, binary_cross_entropy(1 - y, p)):
            return hint("the two terms are swapped: y multiplies ln p and (1 − y) multiplies ln(1 − p).")
        if close(loss, expected / np.log(10)):
            return hint("that is the loss in log base 10: use the natural log, np.log, not np.log10.")
        return compare(loss, expected, f"the loss for y = {y.tolist()}, p = {p.tolist()}")
    result, problem = call(fn, np.array([1.0, 0.0]), np.array([0.0, 1.0]), names=("y", "p"), stable=_CLIP)
    loss, problem = (None, problem) if problem else as_array(result, "the loss", ())
    if problem:
        return problem
    if not np.isfinite(loss) or loss < 30:
        return hint(f"two certain, wrong predictions (p = 0 for y = 1, p = 1 for y = 0) cost {float(loss)} here; "
                    f"they must cost a lot (about 36 nats each) but stay finite: {_CLIP}")
    return passed("your loss matches, and a certain wrong prediction is expensive but finite.")


_Z_LOSS_CASES = (np.array([-2.0, 0.5, 3.0, -0.7, 1.2]), np.array([0.3, -1.5, 2.5, -3.0, 0.9, 4.0, -0.1]),
                 np.array([-1000.0, 1000.0, 800.0, -800.0, 0.0]))
_LOGADDEXP = "use np.logaddexp(0, z) for ln(1 + e^z): it never overflows."


def check_binary_cross_entropy_from_logits(fn):
    """Notebook 02: ``fn(y, z)`` must equal `lessons.binary_cross_entropy_from_logits`, exact for |z| = 1000.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(y, z)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for y, z in zip((*_Y_CASES, _Y_CASES[0]), _Z_LOSS_CASES):
        result, problem = call(fn, y, z, names=("y", "z"), stable=_LOGADDEXP)
        loss, problem = (None, problem) if problem else as_array(result, "the loss", ())
        if problem:
            return problem
        expected = binary_cross_entropy_from_logits(y, z)
        if close(loss, expected):
            continue
        if not np.isfinite(loss):
            return hint(f"the loss for z = {z.tolist()} is {loss}: {_LOGADDEXP}")
        if close(loss, expected * len(y)):
            return hint("you returned the sum over samples; the loss is the mean (divide by n, or use np.mean).")
        if np.abs(z).max() > 40 and loss < expected:
            return hint(f"for z = {z.tolist()} your loss is {float(loss):.4g} but should be {expected:.4g}: "
                        "you probably turned z into probabilities first, which rounds them to 0 or 1 and clips "
                        "the loss; compute it from z directly, with np.logaddexp(0, z) for ln(1 + e^z).")
        return compare(loss, expected, f"the loss for z = {z.tolist()}")
    return passed("your loss from logits matches, even at z = ±1000.")


def _problem(n, d):
    X = _rng.normal(size=(n, d))
    y = np.r_[np.ones(n // 2), np.zeros(n - n // 2)][_rng.permutation(n)]
    return X, y, _rng.normal(size=d), float(_rng.normal())


_SHAPES = ((7, 3), (9, 4))  # n != 2 d, n != d, and n / d differs between them: no coincidence passes
_PROBLEMS = tuple(_problem(n, d) for n, d in _SHAPES)
_C_VALUES = (0.3, 5.0)
_TWICE_GRADIENT = "is there a stray factor 2, carried over from the derivative of squared error?"


def _gradient_mistakes(X, y, w, b, C):
    """The classic wrong gradients for one problem, each with its hint: ``[((dw, db), hint), ...]``."""
    n, d = X.shape
    dw0, db0 = gradients(X, y, w, b)
    pen = np.zeros(d) if C is None or C == np.inf else w / (n * C)
    p_no_b = sigmoid(X @ w)
    p = sigmoid(X @ w + b)
    squared = 2 * (p - y) * p * (1 - p)  # the chain rule through (p - y)²: the sigmoid's slope does not cancel
    wrong = [((n * dw0 + pen, db0), "dw is n times too large: divide Xᵀ(p - y) by the number of samples n."),
             ((n * dw0 + n * pen, n * db0), "the gradient is n times too large: divide by the number of samples n."),
             ((dw0 + pen, n * db0), "db is n times too large: take the mean of p - y, not the sum."),
             ((X.T @ squared / n + pen, np.mean(squared)), "that is the gradient of the squared error (p - y)²: for "
                                                             "the log loss the sigmoid's slope p(1 - p) cancels, "
                                                             "leaving p - y."),
             ((n / d * dw0 + pen, db0), "dw is divided by the number of features X.shape[1]; divide by the number "
                                        "of samples n = X.shape[0] (or len(y))."),
             ((X.T @ (p_no_b - y) / n + pen, np.mean(p_no_b - y)), "p must include the intercept: "
                                                                   "p = σ(X w + b).")]
    if pen.any():
        wrong += [((dw0, db0), "dw has no penalty term: add w / (n C)."),
                  ((dw0 + w * C / n, db0), "the penalty puts C on top: `w / n * C` is w C / n; the penalty's "
                                           "gradient is w / (n C), which shrinks as C grows."),
                  ((dw0 + w / C, db0), "the penalty is n times too large: divide it by n too, w / (n C)."),
                  ((dw0 + pen / 2, db0), "the penalty's gradient is half the right size: the derivative of "
                                         "||w||² / (2 n C) is w / (n C), the 2 cancels."),
                  ((dw0 + pen, db0 + b / (n * C)), "the intercept b is not penalized: db = mean(p - y), "
                                                   "with no penalty term.")]
    return wrong


def check_gradients(fn, C=None):
    """Notebook 03 (and 06 with C): ``fn(X, y, w, b)`` (or ``fn(X, y, w, b, C)``) must return ``(dw, db)``.

    With C, the learner's function is tried at that C and at C = 0.3 and 5 as well,
    so that a penalty written the wrong way round cannot pass by luck at C = 1.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X, y, w, b)``, or ``fn(X, y, w, b, C)`` when `C` is given.
    C : float > 0 or None, default None
        Inverse penalty strength (notebook 06); None checks the unpenalized gradient.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    if C is not None:
        check_C(C)  # a ValueError/TypeError naming C: C is the caller's argument, not the learner's function
    cases = [(X, y, w, b, c) for X, y, w, b in _PROBLEMS for c in ([None] if C is None else [C, *_C_VALUES])]
    for X, y, w, b, c in cases:
        args = (X, y, w, b) + (() if C is None else (c,))
        result, problem = call(fn, *args, names=("X", "y", "w", "b", "C"), stable="compute p with a stable sigmoid "
                               "(exp only of non-positive numbers), or use lessons.sigmoid.")
        pair, problem = (None, problem) if problem else as_pair(result, "(dw, db)")
        dw, problem = (None, problem) if problem else as_array(pair[0], "dw", w.shape)
        db, problem = (None, problem) if problem else as_array(pair[1], "db", ())
        if problem:
            return problem
        dw_exp, db_exp = gradients(X, y, w, b, c)
        if close(dw, dw_exp) and close(db, db_exp):
            continue
        for (dw_wrong, db_wrong), text in _gradient_mistakes(X, y, w, b, c):
            if close(dw, dw_wrong) and close(db, db_wrong):
                return hint(text)
        where = f" (X of shape {X.shape}" + ("" if C is None else f", C = {c:g}") + ")"
        return (compare(dw, dw_exp, "dw" + where, twice=_TWICE_GRADIENT)
                or compare(db, db_exp, "db" + where, twice=_TWICE_GRADIENT))
    return passed("your gradient matches (dw, db) on two shapes of X" + ("" if C is None else ", at three C") + ".")


def check_gradient_step(fn):
    """Notebook 04: ``fn(X, y, w, b, learning_rate)`` must return the new ``(w, b)`` after one step.

    Changing `w` in place (``w -= learning_rate * dw``) is allowed here: a loop that
    reassigns ``w, b = step(...)`` works either way.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X, y, w, b, learning_rate)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    # 0.3, not 0.5: at 0.5 a step that forgets the learning rate (w - dw) is exactly twice the right one
    for (X, y, w, b), rate in zip(_PROBLEMS, (0.3, 0.05)):
        result, problem = call(fn, X, y, w, b, rate, names=("X", "y", "w", "b", "learning_rate"), may_change=(2,))
        pair, problem = (None, problem) if problem else as_pair(result, "(w, b)")
        new_w, problem = (None, problem) if problem else as_array(pair[0], "the new w", w.shape)
        new_b, problem = (None, problem) if problem else as_array(pair[1], "the new b", ())
        if problem:
            return problem
        dw, db = gradients(X, y, w, b)
        if close(new_w, w - rate * dw) and close(new_b, b - rate * db):
            continue
        named = [((w + rate * dw, b + rate * db), "w moved uphill: subtract learning_rate * dw (go against "
                                                  "the gradient)."),
                 ((w - rate * dw, b), "b did not move: update it too, b - learning_rate * db."),
                 ((dw, db), "you returned the gradient (dw, db); return the new w - learning_rate * dw and "
                            "b - learning_rate * db."),
                 ((w - dw, b - db), "the step leaves out learning_rate: multiply dw and db by learning_rate "
                                    "before you subtract them."),
                 ((w - 2 * rate * dw, b - 2 * rate * db), "the step is twice as long: is there a stray factor 2 in "
                                                          "your gradient (from squared error)?"),
                 ((w - 0.1 * dw, b - 0.1 * db), "the step ignores learning_rate: use the learning_rate argument, "
                                                "not a fixed number.")]
        for (w_wrong, b_wrong), text in named:
            if close(new_w, w_wrong) and close(new_b, b_wrong):
                return hint(text)
        return compare(new_w, w - rate * dw, "the new w") or compare(new_b, b - rate * db, "the new b")
    return passed("one gradient-descent step, w - learning_rate * dw and b - learning_rate * db.")


def _cube(x):
    return x**3


_DIFFERENCE_CASES = ((_cube, 2.0, 1e-5), (np.sin, 0.5, 0.1), (sigmoid, 1.0, 0.5), (_cube, -1.0, 0.3))


def check_central_difference(fn):
    """Notebook 03: ``fn(f, x, h)`` returns ``(f(x + h) - f(x - h)) / (2 h)`` for a function of one number.

    Tried with steps h from 1e-5 to 0.5: with a large h the central difference
    differs from the true slope, so a function that ignores `h` cannot pass.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(f, x, h)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for f, x, h in _DIFFERENCE_CASES:
        result, problem = call(fn, f, x, h, names=("f", "x", "h"))
        value, problem = (None, problem) if problem else as_array(result, f"the slope at x = {x}", ())
        if problem:
            return problem
        expected = (f(x + h) - f(x - h)) / (2 * h)
        if close(value, expected, rtol=1e-7, atol=1e-10):
            continue
        named = [((f(x + h) - f(x)) / h, "that is the one-sided difference (f(x + h) - f(x)) / h; use the central "
                                         "one, (f(x + h) - f(x - h)) / (2 h): it is far more accurate."),
                 ((f(x) - f(x - h)) / h, "that is the one-sided difference (f(x) - f(x - h)) / h; use the central "
                                         "one, (f(x + h) - f(x - h)) / (2 h)."),
                 (2 * expected, "divide by 2 h, not h: the two points x - h and x + h are 2 h apart."),
                 (expected * h * h, "`/ 2 * h` multiplies by h: write `/ (2 * h)`, with brackets."),
                 (-expected, "the right size but the wrong sign: it is f(x + h) - f(x - h), in that order.")]
        for wrong, text in named:
            if close(value, wrong, rtol=1e-7, atol=1e-10):
                return hint(text)
        if abs(h) > 1e-3 and close(value, (f(x + 1e-5) - f(x - 1e-5)) / 2e-5, rtol=1e-5):
            return hint(f"with h = {h} your result is the slope for a tiny step: use the h you are given, "
                        "not a fixed one.")
        return compare(value, expected, f"the central difference at x = {x} with h = {h}", rtol=1e-7)
    return passed("central differences, (f(x + h) - f(x - h)) / (2 h), for every step h.")


DESCENT_RUNS = ("raw 0.005", "raw 0.032", "raw 0.2", "standardized 0.2")
"""Notebook 03's descent question: runs (feature, learning rate) the explorer's slider does not offer, 1,000 steps."""
_DESCENT_WORDS = {"crawls": {"crawl", "crawling", "slow", "creeps"},
                  "zig-zags": {"zig-zag", "zigzag", "zigzags", "zig zags", "zig zag", "zig-zagging", "zigzagging"},
                  "oscillates": {"oscillate", "oscillating", "oscillation", "bounces"},
                  "unstable": {"chaotic", "jumps around"},
                  "walks straight down": {"straight", "walks straight", "straight down", "converges"}}
_DESCENT_ANSWERS = {"raw 0.005": "crawls", "raw 0.032": "zig-zags", "raw 0.2": "unstable",
                    "standardized 0.2": "walks straight down"}
"""The answer key, reasoned from the slider's runs; lessons_tests/test_descent.py checks it against real runs."""
_DESCENT_HINTS = {
    ("raw 0.005", "zig-zags"): "a zig-zag needs steps long enough to jump over the valley floor; on the slider, "
                               "from which rate on do the raw runs zig-zag?",
    ("raw 0.005", "walks straight down"): "straight, yes; but after 1,000 short steps, has its loss levelled off?",
    ("raw 0.032", "crawls"): "it does crawl along the valley later; look first at the steps across it: where does "
                             "0.032 lie among the slider's raw rates, and do those keep w's direction?",
    ("raw 0.032", "walks straight down"): "across the valley, in the first steps: does w keep its direction at "
                                          "rates near 0.032?",
    ("raw 0.032", "oscillates"): "does the loss ever go up at 0.032? Each bounce across the valley may be smaller "
                                 "than the last one.",
    ("raw 0.032", "unstable"): "does the loss ever go up at 0.032? Each bounce across the valley may be smaller "
                               "than the last one.",
    ("raw 0.2", "oscillates"): "the loss does go up and down; but with steps twice 0.1's, where does it spend the "
                               "second half of the run: below its start, or above?",
    ("raw 0.2", "zig-zags"): "a zig-zag's loss still falls at every step; does it, with steps twice 0.1's?",
    ("standardized 0.2", "crawls"): "look at the loss at the end of the standardized runs at nearby rates: is it "
                                    "still falling?",
    ("standardized 0.2", "zig-zags"): "standardizing changes the valley's shape; is the standardized valley as "
                                      "narrow as the raw one?",
}
_DESCENT_FALLBACK = {
    "crawls": "do short steps fit here? Compare this rate with the slider's rates that crawl.",
    "zig-zags": "a zig-zag needs steps that jump over the valley floor while the loss still falls: is that so here?",
    "oscillates": "oscillating steps overshoot the valley floor: is a step of this length long across this valley?",
    "unstable": "an unstable run's steps overshoot the floor by far: is a step of this length long across this "
                "valley?",
    "walks straight down": "a straight walk levels off within the 1,000 steps: do steps of this length reach the "
                           "floor, and stay on it?",
}
_descent_verdicts_lock = threading.Lock()
_descent_verdicts_cache = {}


def descent_verdicts():
    """``{run: path_verdict}`` for each of `DESCENT_RUNS`, from real runs of `gradient_descent` (1,000 steps) on
    the course's mean radius, raw or standardized.

    Returns
    -------
    dict
        Maps ``"raw 0.005"``, ... to the verdict of `lessons.descent.path_verdict`.
    """
    from .data import load_course_data
    from .descent import path_verdict

    with _descent_verdicts_lock:
        if not _descent_verdicts_cache:
            raw = load_course_data(scaled=False)
            x = raw.X_train[:, raw.columns("mean radius")[0]]
            features = {"raw": x.reshape(-1, 1), "standardized": ((x - x.mean()) / x.std()).reshape(-1, 1)}
            for key in DESCENT_RUNS:
                mode, rate = key.split()
                _, _, history, path = gradient_descent(features[mode], raw.y_train, float(rate), 1000,
                                                       return_path=True)
                _descent_verdicts_cache[key] = path_verdict(history, path)[0]
        return dict(_descent_verdicts_cache)


def check_descent_predictions(answer):
    """Notebook 03: what four runs on the mean radius do, predicted for rates the descent explorer does not offer.

    `answer` maps each of `DESCENT_RUNS` (``"raw 0.005"``, ...: the feature and the learning rate) to
    ``"crawls"``, ``"zig-zags"``, ``"oscillates"``, ``"unstable"`` or ``"walks straight down"``, or is a
    function returning that dict. Each is compared with the verdict of a real run (`descent_verdicts`).

    Parameters
    ----------
    answer : dict or callable
        The predictions, or a function of no arguments returning them.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    said, problem = _given(answer)
    if problem:
        return problem
    keys = ", ".join(repr(key) for key in DESCENT_RUNS)
    if not isinstance(said, dict):
        return hint(f"answer with a dict that gives a verdict for each run: {{{keys.replace(', ', ': ..., ')}: ...}}.")
    given = {}
    for key, value in said.items():
        name = " ".join(key.lower().replace(",", " ").split()) if isinstance(key, str) else key
        given[name] = value
    missing = [key for key in DESCENT_RUNS if key not in given]
    if missing:
        return hint(f"give a verdict for each of the runs {keys}; missing: {', '.join(map(repr, missing))}.")
    actual = descent_verdicts()
    for key in DESCENT_RUNS:
        if isinstance(given[key], str) and given[key].lower().strip(" .!").startswith(("diverg", "blow", "explod")):
            return hint(f"{key}: the log loss's gradient is bounded (|p - y| <= 1), so no step runs off to infinity; "
                        "which of the other verdicts fits?")
        verdict, problem = _word(given[key], _DESCENT_WORDS, f"the verdict for {key!r}")
        if problem:
            return problem
        if verdict != actual[key]:
            return hint(f"{key}: {_DESCENT_HINTS.get((key, verdict), _DESCENT_FALLBACK[verdict])}")
    return passed("raw, the valley is narrow across: 0.005 crawls, 0.032 jumps over the floor and back while the loss "
                  "falls, 0.2 overshoots so far that the loss stays mostly above its start; standardized, the valley "
                  "is far rounder and the same 0.2 walks straight down.")


_PROBA_CASES = ((_PROBLEMS[0][0], _PROBLEMS[0][2], _PROBLEMS[0][3]),
                (_PROBLEMS[1][0], 400.0 * _PROBLEMS[1][2], -2.0))  # logits in the hundreds: needs a stable sigmoid


def check_predict_proba(fn):
    """Notebook 06: ``fn(X, coef, intercept)`` returns probabilities of shape (n_samples, 2): [1 − p, p].

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X, coef, intercept)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for X, w, b in _PROBA_CASES:
        coef, intercept = w.reshape(1, -1), np.array([b])
        result, problem = call(fn, X, coef, intercept, names=("X", "coef", "intercept"), stable=_SIGMOID_STABLE)
        if problem:
            return problem
        p = sigmoid(X @ w + b)
        try:  # np.shape of a ragged tuple such as (array, "abc") raises; as_array below names it
            shape = np.shape(result) if isinstance(result, (np.ndarray, list, tuple)) else None
        except Exception:
            shape = None
        if shape == (len(X),):
            return hint("return both columns, np.column_stack([1 - p, p]), not p alone.")
        if shape == (2, len(X)):
            return hint("the probabilities are in rows: return one row per sample, np.column_stack([1 - p, p]).")
        proba, problem = as_array(result, "the probabilities", (len(X), 2))
        if problem:
            return problem
        expected = np.column_stack([1 - p, p])
        if close(proba, expected):
            continue
        p_no_b = sigmoid(X @ w)
        if close(proba, expected[:, ::-1]):
            return hint("the columns are swapped: column 0 is P(class 0) = 1 - p, column 1 is P(class 1) = p.")
        if close(proba, np.column_stack([1 - p_no_b, p_no_b])):
            return hint("add the intercept: p = σ(X coef[0] + intercept[0]).")
        return compare(proba, expected, "the probabilities")
    silencer = _silencer(fn)
    if silencer:
        return hint(f"your values are right, but your function silences numpy's warnings ({silencer}): exp still "
                    "overflows at these logits, you only stopped hearing it. Use a sigmoid that never overflows "
                    "(the one from notebook 01) and remove the silencing.")
    return passed("columns [1 − p, p], like scikit-learn.")


_STANDARDIZE_CASES = ((np.array([[1.0, 10.0], [2.0, 30.0], [3.0, 20.0], [6.0, 40.0]]),
                       np.array([[4.0, 25.0], [0.0, 50.0]])),
                      (_rng.normal(3.0, 2.0, size=(6, 3)), _rng.normal(-1.0, 5.0, size=(3, 3))))


def check_standardize(fn):
    """Notebook 04: ``fn(X_train, X_other)`` returns both standardized with the training mean and std.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X_train, X_other)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for train, other in _STANDARDIZE_CASES:
        result, problem = call(fn, train, other, names=("X_train", "X_other"))
        pair, problem = (None, problem) if problem else as_pair(result, "(X_train_scaled, X_other_scaled)")
        got_train, problem = (None, problem) if problem else as_array(pair[0], "X_train_scaled", train.shape)
        got_other, problem = (None, problem) if problem else as_array(pair[1], "X_other_scaled", other.shape)
        if problem:
            return problem
        mean, std = train.mean(axis=0), train.std(axis=0)
        if close(got_train, (train - mean) / std) and close(got_other, (other - mean) / std):
            continue
        both = np.vstack([train, other])
        named = [((other - other.mean(axis=0)) / other.std(axis=0),
                  "X_other was scaled with its own mean and std: use the training statistics for both."),
                 ((other - mean) / train.std(axis=0, ddof=1), "that is the sample std (ddof=1, pandas' .std()); "
                                                              "use np.std, ddof=0, like StandardScaler."),
                 ((other - both.mean(axis=0)) / both.std(axis=0), "the statistics come from both splits together: "
                                                                  "compute them from X_train only."),
                 (other - mean, "subtract the mean and divide by the standard deviation too."),
                 ((other - train.mean()) / train.std(), "one mean and std for all features: compute them per "
                                                        "feature, with axis=0.")]
        for wrong, text in named:
            if close(got_other, wrong):
                return hint(text)
        return (compare(got_train, (train - mean) / std, "X_train_scaled")
                or compare(got_other, (other - mean) / std, "X_other_scaled"))
    return passed("both splits standardized with the training mean and standard deviation.")


_THRESHOLD_CASES = ((np.array([0.1, 0.3, 0.5, 0.7, 0.3]), 0.5), (np.array([0.1, 0.3, 0.5, 0.7, 0.3]), 0.3),
                    (np.array([0.25, 0.6, 0.9, 0.05, 0.6, 0.45]), 0.6), (np.array([0.25, 0.6, 0.9, 0.05]), 0.05))


def check_apply_threshold(fn):
    """Notebook 05: ``fn(p, threshold)`` labels 1 where p >= threshold, else 0.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(p, threshold)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    results = []
    for p, threshold in _THRESHOLD_CASES:
        result, problem = call(fn, p, threshold, names=("p", "threshold"))
        labels, problem = (None, problem) if problem else as_array(result, "the labels", p.shape)
        if problem:
            return problem
        results.append(labels)
    if all(close(labels, apply_threshold(p, t)) for labels, (p, t) in zip(results, _THRESHOLD_CASES)):
        return passed("labels are 1 exactly where p >= threshold.")
    if not all(np.isin(labels, (0.0, 1.0)).all() for labels in results):
        return hint("labels must be 0 or 1 (say (p >= threshold).astype(int)), not probabilities.")
    named = [(lambda p, t: p > t, "p exactly equal to the threshold should be labelled 1: use >=, not >."),
             (lambda p, t: p >= 0.5, "your labels ignore the threshold: compare p with the threshold argument, "
                                     "not with 0.5."),
             (lambda p, t: p < t, "the labels are flipped: 1 where p >= threshold, 0 below it."),
             (lambda p, t: p <= t, "the labels are flipped: 1 where p >= threshold, 0 below it.")]
    for wrong, text in named:  # a hint only when it explains every case: the function is otherwise right
        if all(close(labels, wrong(p, t)) for labels, (p, t) in zip(results, _THRESHOLD_CASES)):
            return hint(text)
    for labels, (p, t) in zip(results, _THRESHOLD_CASES):
        problem = compare(labels, apply_threshold(p, t), f"the labels for p = {p.tolist()} at threshold {t}")
        if problem:
            return problem
    return hint("the labels differ from (p >= threshold).")  # not reached: some case above differs


_COUNT_CASES = ((np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]), np.array([1, 1, 1, 1, 0, 0, 1, 0, 0, 0])),  # 4, 1, 2, 3
                (np.array([0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0]), np.array([1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0])))  # 1 3 5 2


def check_confusion_counts(fn):
    """Notebook 05: ``fn(y_true, y_pred)`` returns ``(tp, fp, fn, tn)`` with 1 as the positive class.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(y_true, y_pred)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for y_true, y_pred in _COUNT_CASES:
        result, problem = call(fn, y_true, y_pred, names=("y_true", "y_pred"))
        if problem:
            return problem
        counts, problem = as_array(result, "(tp, fp, fn, tn)", (4,))
        if problem:
            return problem
        tp, fp = int(np.sum((y_true == 1) & (y_pred == 1))), int(np.sum((y_true == 0) & (y_pred == 1)))
        fn_, tn = int(np.sum((y_true == 1) & (y_pred == 0))), int(np.sum((y_true == 0) & (y_pred == 0)))
        if np.array_equal(counts, [tp, fp, fn_, tn]):
            continue
        named = [([tp, fn_, fp, tn], "false positives and false negatives are swapped: a false negative is a "
                                     "positive (1) predicted 0."),
                 ([tn, fp, fn_, tp], "that is scikit-learn's order, confusion_matrix(y_true, y_pred).ravel() = "
                                     "(tn, fp, fn, tp); return (tp, fp, fn, tn)."),
                 ([tn, fn_, fp, tp], "class 0 was treated as the positive class: class 1 is positive, a true "
                                     "positive is y_true = 1 and y_pred = 1.")]
        for wrong, text in named:
            if np.array_equal(counts, wrong):
                return hint(text)
        return compare(counts, [tp, fp, fn_, tn], "(tp, fp, fn, tn)")
    return passed("(tp, fp, fn, tn) counted right.")


def check_brier_score(fn):
    """Notebook 07: ``fn(y, p)`` returns the Brier score ``mean((p - y)²)``.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(y, p)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for y, p in zip(_Y_CASES, _P_CASES, strict=True):
        result, problem = call(fn, y, p, names=("y", "p"))
        problem = problem or as_array(result, "the Brier score", ())[1]
        if problem:
            return problem
        expected = brier_score(y, p)
        if np.isclose(result, expected * len(y)):
            return hint("you returned the sum over samples; the Brier score is the mean (divide by n).")
        if np.isclose(result, np.sqrt(expected)):
            return hint("that is the root of the Brier score: do not take the square root.")
        problem = compare(result, expected, "the Brier score")
        if problem:
            return problem
    return passed("your Brier score matches mean((p − y)²).")


def check_cost_threshold(fn):
    """Notebook 07: ``fn(cost_fp, cost_fn)`` returns the threshold where flagging and not flagging cost the same.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(cost_fp, cost_fn)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for cost_fp, cost_fn in ((1.0, 10.0), (1.0, 1.0), (5.0, 2.0)):
        result, problem = call(fn, cost_fp, cost_fn)
        problem = problem or as_array(result, f"the threshold for costs FP {cost_fp:g}, FN {cost_fn:g}", ())[1]
        if problem:
            return problem
        expected = cost_threshold(cost_fp, cost_fn)
        if cost_fp != cost_fn and np.isclose(result, 1 - expected):
            return hint("the costs are swapped: a costly miss (false negative) should make you flag sooner, "
                        "so the threshold must fall as cost_fn grows.")
        if np.isclose(result, cost_fp / cost_fn):
            return hint("close, but compare expected costs: flag when p · cost_fn >= (1 − p) · cost_fp, "
                        "and solve that for p.")
        problem = compare(result, expected, f"the threshold for cost_fp = {cost_fp:g}, cost_fn = {cost_fn:g}")
        if problem:
            return problem
    return passed("flag when p >= cost_fp / (cost_fp + cost_fn): 1/11 for costs 1 and 10.")


def check_precision_at_prevalence(fn):
    """Notebook 07: ``fn(recall, false_positive_rate, prevalence)`` returns the precision at that prevalence.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(recall, false_positive_rate, prevalence)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    for recall, fpr, prevalence in ((0.9, 0.05, 0.5), (0.95, 0.02, 0.01), (0.8, 0.1, 0.37)):
        result, problem = call(fn, recall, fpr, prevalence)
        what = f"the precision for recall {recall}, fpr {fpr}, prevalence {prevalence}"
        problem = problem or as_array(result, what, ())[1]
        if problem:
            return problem
        if np.isclose(result, recall / (recall + fpr)) and prevalence != 0.5:
            return hint("the prevalence is missing: weigh the true positives by π and the false positives by 1 − π.")
        problem = compare(result, precision_at_prevalence(recall, fpr, prevalence), what)
        if problem:
            return problem
    return passed("precision = recall·π / (recall·π + fpr·(1 − π)): rare positives, many false alarms.")



STRONG_PENALTY_CHOICES = {
    "a": "the boundary stays where it is; only the shading fades",
    "b": "the boundary moves out past the malignant tumours, so almost every tumour is called benign",
    "c": "the boundary moves out past the benign tumours, so almost every tumour is called malignant",
}


def check_boundary_at_strong_penalty(answer):
    """Notebook 07: what the two-feature boundary of the C explorer does as C falls to 0.001: ``"b"``.

    `answer` is the letter of one of `STRONG_PENALTY_CHOICES`, or a function returning it.

    Parameters
    ----------
    answer : str or callable
        ``"a"``, ``"b"`` or ``"c"``, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    choice, problem = _given_word(answer, {key: {f"({key})", f"{key})"} for key in STRONG_PENALTY_CHOICES},
                                  "your choice")
    if problem:
        return problem
    if choice == "a":
        return hint("the shading does fade. But the boundary is where w·x + b = 0, and the penalty shrinks w, "
                    "not b: if w gets small while b does not, how far from the data must x go for w·x to "
                    "cancel b?")
    if choice == "c":
        return hint("with w close to 0, every tumour gets about the same p = σ(b), and the best single "
                    "probability for all of them is the share of malignant tumours in the training data. Is "
                    "that share above or below 0.5?")
    return passed("w shrinks towards 0 but b, not penalized, stays near the log-odds of the malignant share "
                  "(37 % here, so b < 0): p < 0.5 for almost every tumour, and the boundary moves out to where "
                  "a tiny w·x finally cancels b.")

# Reasoning exercises: the learner derives, predicts or chooses. The answer is what a small function
# returns (so that the student notebook's stub, which raises NotImplementedError, is reported as "not
# written yet"), or the value itself. Each check names the likely wrong answers; the notebook
# explains the right one after the check.

def _given(answer, *args):
    """``(value, None)``: `answer` itself, or what it returns when it is a function; else ``(None, CheckResult)``."""
    if not callable(answer):
        return answer, None
    value, problem = call(answer, *args)
    if problem is None and value is None:
        problem = hint("your function returned None: did you forget `return`?")
    return value, problem


def _number(answer, name):
    """``(float, None)`` for one finite real number, else ``(None, CheckResult)`` saying what it got."""
    if isinstance(answer, (str, bool, np.bool_)):
        return None, hint(f"{name} should be one number, got {shown(answer)}.")
    try:  # np.ndim and float call the learner's object, which may refuse in any way
        if np.ndim(answer) != 0:
            return None, hint(f"{name} should be one number, got {shown(answer)}.")
        if np.iscomplexobj(answer):  # float() would drop the imaginary part with a ComplexWarning
            return None, hint(f"{name} should be a real number, got the complex number {shown(answer)}.")
        value = float(answer)
    except Exception:
        return None, hint(f"{name} should be one number, got {type(answer).__name__}.")
    if not np.isfinite(value):
        return None, hint(f"{name} should be a finite number, got {value}.")
    return value, None


def _given_word(answer, meanings, name):
    """`_word` of `answer`, or of what it returns when it is the learner's function (`_given`)."""
    word, problem = _given(answer)
    return (None, problem) if problem else _word(word, meanings, name)


_SAME = {"unchanged", "equal", "the same", "stays", "no change"}  # "same" in words, for the three-word predictions


def _word(answer, meanings, name):
    """The key of `meanings` whose words include `answer` (case and spaces ignored), or a CheckResult."""
    choices = ", ".join(repr(key) for key in meanings)
    if not isinstance(answer, str):
        return None, hint(f"{name} should be a word in quotes, one of {choices}; got {shown(answer)}.")
    try:  # a str subclass may break its own methods: read it as a plain str
        said = " ".join(str.lower(str.__str__(answer)).replace("'", " ").replace('"', " ").split()).strip(" .!")
    except Exception:
        return None, hint(f"{name} should be a plain word in quotes, one of {choices}.")
    for key, words in meanings.items():
        if said == key or said in words:
            return key, None
    return None, hint(f"{name} should be one of {choices}; got {shown(answer)}.")


def check_crossing(answer):
    """Notebook 01: for w = -2, b = 1, the pair ``(x_cross, malignant_side)``: where p = 0.5, and which side
    of it (``"left"`` or ``"right"``) is predicted malignant. `answer` is the pair or a function returning it.

    Parameters
    ----------
    answer : tuple (float, str) or callable
        ``(x_cross, malignant_side)``, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    pair, problem = _given(answer)
    if problem:
        return problem
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return hint("answer with a pair (x_cross, malignant_side), for example (1.5, \"right\").")
    x_cross, malignant_side = pair
    x, problem = _number(x_cross, "x_cross")
    if problem:
        return problem
    if np.isclose(x, -0.5):
        return hint("check the sign: w x + b = 0 gives x = -b / w = -1 / (-2).")
    if np.isclose(abs(x), 2.0):
        return hint("you divided w by b; solve w x + b = 0 for x instead: x = -b / w.")
    if not np.isclose(x, 0.5):
        return hint("p = 0.5 where the logit is 0: solve -2 x + 1 = 0 for x.")
    side, problem = _word(malignant_side, {"left": {"smaller", "smaller x", "below", "to the left"},
                                           "right": {"larger", "larger x", "above", "to the right"}},
                          "malignant_side")
    if problem:
        return problem
    if side == "right":
        return hint("with w < 0 the S is flipped: p falls as x grows, so p > 0.5 for x smaller than the crossing.")
    return passed("p = 0.5 at x = -b / w = 0.5, and with w < 0 the smaller tumours get p > 0.5.")


FAR_TUMOUR_X = 15.0
"""Notebook 01, Exercise 1: the standardized mean radius of the far-out malignant tumour added to the data."""
_DIRECTIONS = {"left": {"to the left", "smaller", "smaller x", "lower", "down"},
               "right": {"to the right", "larger", "larger x", "higher", "up"},
               "stay": {"stays", "same", "the same", "unchanged", "no change", "does not move"}}


def check_line_crossing(answer):
    """Notebook 01: one malignant tumour far out at x = `FAR_TUMOUR_X` is added; where does the 0.5 crossing of the
    least-squares line move? ``"right"`` (the line flattens). `answer` is the word, or a function returning it.

    Parameters
    ----------
    answer : str or callable
        ``"left"``, ``"right"`` or ``"stay"``, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    direction, problem = _given_word(answer, _DIRECTIONS, "your prediction")
    if problem:
        return problem
    if direction == "left":
        return hint("the new tumour is malignant, so it feels as if more tumours should be called malignant. But "
                    f"the line is fitted by squared distances: look at what it predicts at x = {FAR_TUMOUR_X:g}, "
                    "far above the label 1. Which way must it tilt to shrink that miss, and where does a flatter "
                    "line reach 0.5?")
    if direction == "stay":
        return hint("the line would stay only if the new tumour lay on it. Compute the line's prediction at "
                    f"x = {FAR_TUMOUR_X:g} with the slope and intercept printed above: is it near the label 1?")
    return passed(f"the line predicts far more than 1 at x = {FAR_TUMOUR_X:g}; to shrink that squared miss it "
                  "flattens, and a flatter line reaches 0.5 further right.")


def check_baseline_loss(answer, y):
    """Notebook 02: the mean log loss on labels `y` of the best constant prediction, p = mean(y) for all.

    `answer` is that number, or a function of the labels returning it (called with a copy of `y`).

    Parameters
    ----------
    answer : float or callable
        The loss, or a function of the labels returning it.
    y : array-like of shape (n_samples,), labels 0 or 1

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    try:
        y = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"y must be an array of 0/1 labels, got {shown(y)}") from None
    if y.ndim != 1 or len(y) == 0 or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y must be a non-empty 1-D array of 0/1 labels, got {shown(y)}")
    value, problem = _given(answer, y.copy())
    if problem:
        return problem
    loss, problem = _number(value, "your baseline loss")
    if problem:
        return problem
    rate = y.mean()
    right = binary_cross_entropy(y, np.full(len(y), rate))
    close = lambda target: np.isclose(loss, target, rtol=1e-3)  # noqa: E731 (three decimals are enough)
    if close(right):
        return passed(f"predicting the base rate p = {rate:.3f} for every tumour scores {right:.4f} nats.")
    if close(np.log(2)):
        return hint("ln 2 = 0.693 is the loss of p = 0.5. A constant can do better: "
                    "predict the share of malignant tumours, p = mean(y), for every tumour.")
    if close(rate) or close(1 - rate):
        return hint("that is the base rate itself; the question asks for its mean log loss, "
                    "binary_cross_entropy(y, p) with p = mean(y) for every tumour.")
    if close(binary_cross_entropy(y, np.full(len(y), 1 - rate))):
        return hint("you predicted the share of benign tumours; p is the probability of malignant (y = 1).")
    if close(right / np.log(10)) or close(right / np.log(2)):
        return hint("use the natural logarithm (np.log): the loss is measured in nats.")
    return hint(f"{loss:.4f} is not it: compute the mean log loss of predicting p = mean(y) for every tumour.")


def check_likelihood_gap(answer, n_samples):
    """Notebook 02: model A gives the labels of `n_samples` tumours ten times the likelihood that model B gives
    them; by how many nats is A's mean log loss lower than B's? ``ln(10) / n_samples``.

    `answer` is that number, or a function of the number of samples returning it (then also tried with
    other numbers of samples, so that a number typed in for one cannot pass).

    Parameters
    ----------
    answer : float or callable
        The gap in nats, or a function ``answer(n_samples)`` returning it.
    n_samples : int >= 1
        The number of tumours both models are scored on.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    n_samples = check_integer(n_samples, "n_samples")
    for n in ((n_samples, 100, 7) if callable(answer) else (n_samples,)):
        value, problem = _given(answer, n) if callable(answer) else (answer, None)
        if problem:
            return problem
        gap, problem = _number(value, f"your gap for n = {n}")
        if problem:
            return problem
        right = np.log(10) / n
        close = lambda target, gap=gap: np.isclose(gap, target, rtol=1e-2)  # noqa: E731 (two digits are enough)
        if close(right):
            continue
        if close(-right):
            return hint("A's loss is the lower one: give the gap as a positive number, B's mean loss minus A's.")
        if close(np.log(10)):
            return hint("ln 10 = 2.303 is the gap between the two log-likelihoods, a sum over all the tumours; "
                        "the mean log loss is that sum divided by the number of tumours.")
        if close(np.log(10) * n):
            return hint("the mean divides by the number of tumours; it does not multiply by it.")
        if close(1 / n) or close(np.log2(10) / n):
            return hint("use the natural logarithm (np.log): the loss is measured in nats.")
        if close(10 / n) or close(9 / n) or close(10.0) or close(9.0) or close(0.1):
            return hint("a ratio of likelihoods becomes a difference of log-likelihoods: take the logarithm "
                        "of the ratio 10, then turn the sum into a mean.")
        return hint(f"{gap:.4g} is not it for n = {n}: write each mean log loss as -(1/n) ln(likelihood), "
                    "then subtract A's from B's.")
    return passed(f"ln(10) / {n_samples} = {np.log(10) / n_samples:.4f} nats: a tenfold likelihood is a small "
                  "gap in the mean log loss.")


def check_fit_loop(fn):
    """Notebook 04: ``fn(X, y, learning_rate, n_iter)`` returns ``(w, b, losses)`` like `gradient_descent`.

    Parameters
    ----------
    fn : callable
        The learner's function, called as ``fn(X, y, learning_rate, n_iter)``.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    # a learning rate and a number of steps per problem: a function that ignores either cannot pass
    for (X, y, _, _), (n_iter, rate) in zip(_PROBLEMS, ((20, 0.5), (13, 0.3)), strict=True):
        problem = _check_fit_loop_on(fn, X, y, n_iter, rate)
        if problem:
            return problem
    return passed("your loop lands on the same weights and records the same losses as gradient_descent.")


@np.errstate(over="ignore", invalid="ignore")  # an uphill run can overflow; it is only compared, never shown
def _steps(X, y, rate, n_iter, sign, move_b):
    """The final w of a classic wrong loop: steps of ``sign * rate * gradient``, b updated or not."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iter):
        _, dw, db = loss_and_gradients(X, y, w, b)  # unchecked: a check must never raise
        w, b = w + sign * rate * dw, b + sign * rate * db * move_b
    return w


def _check_fit_loop_on(fn, X, y, n_iter, rate):
    result, problem = call(fn, X, y, rate, n_iter, names=("X", "y"))
    if problem:
        return problem
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        return hint("return three things, (w, b, losses): the final weights, intercept and the loss history.")
    w_ref, b_ref, h_ref = gradient_descent(X, y, rate, n_iter)
    b, problem = as_array(result[1], "b", ())
    if problem:
        return problem
    w, problem = as_array(result[0], "w", w_ref.shape)
    if problem:
        return problem
    one_w, _ = gradients(X, y, np.zeros(X.shape[1]), 0.0)
    if np.allclose(w, -rate * one_w):
        return hint(f"w is where one step lands: repeat the step n_iter = {n_iter} times, starting from w = 0, b = 0.")
    if np.allclose(w, gradient_descent(X, y, 2 * rate, n_iter)[0]):
        return hint("your steps are twice too long: a stray factor 2 in the gradient (the tutorial's mistake)?")
    if np.allclose(w, gradient_descent(X, y, rate, n_iter + 1)[0]):
        return hint(f"one step too many: take n_iter = {n_iter} steps (the loss is recorded {n_iter + 1} times: "
                    "at the start and after each step).")
    for sign, move_b, message in ((1.0, True, "w moved uphill: subtract learning_rate * dw (and * db), do not add it."),
                                  (-1.0, False, "b did not move: update it too, b - learning_rate * db.")):
        if np.allclose(w, _steps(X, y, rate, n_iter, sign, move_b)):
            return hint(message)
    for typed_rate, typed_n_iter in ((0.5, n_iter), (rate, 20), (0.5, 20)):  # the first problem's numbers, typed in
        if (typed_rate, typed_n_iter) != (rate, n_iter) and np.allclose(
                w, gradient_descent(X, y, typed_rate, typed_n_iter)[0]):
            return hint(f"use the learning_rate and n_iter you are given ({rate:g} and {n_iter} here), "
                        "not fixed numbers.")
    problem = compare(w, w_ref, "the final w") or compare(b, b_ref, "the final b")
    if problem:
        return problem
    losses, problem = as_array(result[2], "losses", None)  # refuses text, complex, NaN, what float() cannot read
    if problem:
        return problem
    losses = losses.ravel()
    if len(losses) in (n_iter, n_iter - 1) and np.allclose(losses, h_ref[: len(losses)]):
        return hint(f"losses has {len(losses)} values: record the loss at the start and after every step, "
                    f"{n_iter + 1} values for {n_iter} steps.")
    if len(losses) == n_iter and np.allclose(losses, h_ref[1:]):
        return hint(f"the loss at the start, before any step, is missing: {n_iter + 1} values for {n_iter} steps.")
    if len(losses) != n_iter + 1:
        return hint(f"losses should have {n_iter + 1} values for {n_iter} steps (the start and after each step), "
                    f"got {len(losses)}.")
    return compare(losses, h_ref, "the loss history")


_VERDICTS = {"converges": {"converge", "converged", "converging"}, "crawls": {"crawl", "crawling"},
             "oscillates": {"oscillate", "oscillating", "oscillation"},
             "unstable": {"diverges", "chaotic", "explodes"}}


def check_curve_verdict(answer):
    """Notebook 04: the verdict for the learning-rate-17 curve (C = 1, 1,000 steps): ``"oscillates"``.

    `answer` is the word, or a function returning it.

    Parameters
    ----------
    answer : str or callable
        The verdict, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    verdict, problem = _given_word(answer, _VERDICTS, "your verdict")
    if problem:
        return problem
    if verdict == "converges":
        return hint("it did look converged after 100 steps, but look at the rest: the loss goes up and down "
                    "again, on many steps. A converged run levels off and stays there.")
    if verdict == "crawls":
        return hint("crawling is a slow, steady fall; this curve rises on many of its steps.")
    if verdict == "unstable":
        return hint("an unstable run spends most of its second half above the starting loss 0.693; "
                    "this one spends most of it on the floor, far below, between its spikes.")
    return passed("the loss rises on many steps but mostly stays near its minimum: the steps overshoot, it oscillates.")


def check_band_width(answer):
    """Notebook 04: from iteration 30 to 500 of the boundary explorer's run, the band p = 0.1 to 0.9 narrows.

    `answer` is the word, or a function returning it.

    Parameters
    ----------
    answer : str or callable
        ``"narrower"``, ``"same"`` or ``"wider"``, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    width, problem = _given_word(answer, {
        "narrower": {"narrows", "thinner", "smaller", "shrinks", "steeper", "sharper"},
        "same": _SAME,
        "wider": {"broader", "larger", "grows", "widens", "softer", "flatter"}}, "your prediction")
    if problem:
        return problem
    if width == "same":
        return hint("the line barely turns, but the line is not the whole model: ||w|| sets how fast p changes "
                    "across it. What do the steps do to ||w|| once the direction is right?")
    if width == "wider":
        return hint("a wider band means less confident probabilities. Would that lower the loss, when most "
                    "samples already sit on their own side of the line?")
    return passed("once the direction is right, the steps mostly lengthen w: p rises more steeply across the "
                  "boundary, and the band, 2 ln 9 / ||w|| wide, narrows.")


def check_separable_stop(answer):
    """Notebook 04: on the separable training data, with ``tol`` ten times tighter, ``||w||`` at the stop is longer.

    `answer` is the word, or a function returning it.

    Parameters
    ----------
    answer : str or callable
        ``"longer"``, ``"same"`` or ``"shorter"``, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    length, problem = _given_word(answer, {
        "longer": {"larger", "bigger", "grows", "increases", "more", "higher", "up"},
        "same": _SAME,
        "shorter": {"smaller", "less", "decreases", "lower", "down"}}, "your prediction")
    if problem:
        return problem
    if length == "same":
        return hint("the same w would mean the first stop was at a minimum. There is none here: the gradient "
                    "was below 1e-4 there but not 0. What does the run have to do to make it smaller still?")
    if length == "shorter":
        return hint("a tighter tol can only mean more steps, never fewer: think about what each extra step of "
                    "this run does to ||w|| (the loss falls at every doubling of w).")
    return passed("the gradient shrinks only as ||w|| grows, so a tighter tol stops later, with longer weights: "
                  "the stop is wherever tol says, not at a minimum.")


def check_threshold_direction(answer):
    """Notebook 05: a missed cancer costs 5 false alarms instead of 10; the best threshold moves ``"higher"``.

    The question is about the threshold for exact probabilities, ``cost_fp / (cost_fp + cost_fn)``
    (1/11 at cost 10, 1/6 at cost 5): its direction is certain, where a threshold chosen on finite
    validation data may tie (notebook 05's does: 0.16 is still among the best at cost 5).
    `answer` is the word, or a function returning it.

    Parameters
    ----------
    answer : str or callable
        ``"higher"`` or ``"lower"``, or a function of no arguments returning it.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    direction, problem = _given_word(answer, {
        "higher": {"up", "raise", "rises", "increase", "increases", "larger"},
        "lower": {"down", "decrease", "decreases", "falls", "smaller"},
        "same": {"unchanged", "stays", "no change", "the same"}}, "your prediction")
    if problem:
        return problem
    if direction == "lower":
        return hint("a missed cancer is now cheaper (5 false alarms, not 10). Take a tumour whose p sits just "
                    "above the cost-10 threshold: is p · cost_fn, the expected cost of missing it, still at "
                    "least (1 - p) · cost_fp, that of a false alarm? Is it still worth flagging?")
    if direction == "same":
        return hint("the question is about the threshold for exact probabilities, where p · cost_fn = "
                    "(1 - p) · cost_fp: it depends on the ratio of the two costs. Solve it for p at cost 10 "
                    "and at cost 5. (On 91 validation tumours the old threshold can still tie for the "
                    "lowest cost: a tie on finite data, not the formula.)")
    return passed("cheaper missed cancers: flagging pays only from a larger p, so the threshold "
                  "cost_fp / (cost_fp + cost_fn) moves up, from 1/11 to 1/6.")


_COUNT_NAMES = ("tp", "fp", "fn", "tn")


def check_rising_counts(answer):
    """Notebook 05: lowering the threshold, which of tp, fp, fn, tn can only rise (or stay)? ``{"tp", "fp"}``.

    `answer` is a collection of the names (a set, list or tuple, or one string such as ``"tp, fp"``),
    or a function returning it.

    Parameters
    ----------
    answer : collection of str, str or callable
        The names of the counts that can only rise, or a function of no arguments returning them.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).

    Examples
    --------
    >>> check_rising_counts({"tp", "fp"}).passed, check_rising_counts(["tp", "fn"]).passed
    (True, False)
    """
    value, problem = _given(answer)
    if problem:
        return problem
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (set, frozenset, list, tuple)) or not all(isinstance(v, str) for v in value):
        return hint(f"answer with the names of the counts in quotes, for example {{'tp', 'tn'}}; got {shown(value)}.")
    said = {v.strip().lower() for v in value}
    unknown = sorted(said - set(_COUNT_NAMES))
    if unknown:
        return hint(f"the four counts are named 'tp', 'fp', 'fn' and 'tn'; got {shown(unknown)}.")
    if "fn" in said or "tn" in said:
        return hint("fn and tn count tumours predicted benign. A lower threshold only ever turns a 'benign' "
                    "prediction into a 'malignant' one: can any tumour become predicted benign when it was not?")
    if "fp" not in said:
        return hint("think of a benign tumour whose probability lies between the new threshold and the old one: "
                    "which cell of the matrix was it in before, and which is it in now?")
    if "tp" not in said:
        return hint("think of a malignant tumour whose probability lies between the new threshold and the old one: "
                    "which cell of the matrix was it in before, and which is it in now?")
    return passed("a lower threshold only moves tumours from 'predicted benign' to 'predicted malignant': "
                  "tp and fp can only rise, fn and tn can only fall.")


LEARNING_RATE_OPTIONS = (0.01, 0.1, 0.5, 1.0, 15.0)


def check_safe_learning_rate(answer, beta):
    """Notebook 06: the largest of `LEARNING_RATE_OPTIONS` safe from any start, given the curvature bound β.

    `answer` is the chosen rate, or a function returning it.

    Parameters
    ----------
    answer : float or callable
        One of `LEARNING_RATE_OPTIONS`, or a function of no arguments returning it.
    beta : float > 0
        The curvature bound (the largest eigenvalue of the Hessian) the safe rate follows from.

    Returns
    -------
    CheckResult
        Passed, or a hint saying what to change (``result.message``).
    """
    choice, problem = _given(answer)
    if problem:
        return problem
    rate, problem = _number(choice, "your learning rate")
    bound, problem2 = _number(beta, "beta")
    if problem or problem2:
        return problem or problem2
    if bound <= 0:
        return hint(f"beta is the largest curvature, a positive number; got {bound}.")
    if not any(np.isclose(rate, option) for option in LEARNING_RATE_OPTIONS):
        return hint(f"choose one of the options {list(LEARNING_RATE_OPTIONS)}.")
    safe = [option for option in LEARNING_RATE_OPTIONS if option < 2 / bound]
    if not safe:
        return hint(f"none of the options is below 2 / beta = {2 / bound:.3g}: is beta right?")
    if np.isclose(rate, 15.0):
        return hint("15 is just below the edge at the optimum (notebook 04), where the curvature is small; "
                    f"from w = 0 the curvature is beta, and a safe step must stay below 2 / beta = {2 / bound:.2f}.")
    if rate >= 2 / bound:
        return hint(f"{rate:g} is above 2 / beta = {2 / bound:.2f}: along the steepest direction it overshoots "
                    "by more than it gains.")
    if rate < max(safe):
        return hint(f"{rate:g} is safe, but not the largest safe option: every step is shorter than it need be.")
    return passed(f"{rate:g} is the largest option below 2 / beta = {2 / bound:.2f}, safe from any starting point.")
