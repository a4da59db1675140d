"""The descent explorer without a browser: move its controls, check the path against gradient_descent and the
contours against scikit-learn's log loss."""

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image
from scipy.special import expit
from sklearn.metrics import log_loss

from lessons import check_descent_predictions, descent_explorer, gradient_descent, load_course_data
from lessons.descent import LEARNING_RATES, _surface, path_verdict
from lessons.exercises import DESCENT_RUNS


@pytest.fixture(scope="module")
def radius():
    raw = load_course_data(scaled=False)
    return raw.X_train[:, raw.columns("mean radius")[0]], raw.y_train


@pytest.fixture(scope="module")
def box(radius):
    return descent_explorer(*radius, feature_name="mean radius", n_iter=400)


def controls(box):
    return box.children[0].children


def shown(box):
    return html.unescape(box.children[1].value), box.children[2].value


def pixels(img_tag):
    data = re.search(r'src="data:image/png;base64,([^"]*)"', img_tag).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))))


def test_controls_have_names_and_the_kinds_asked_for(box):
    mode, rate, step = controls(box)
    assert isinstance(mode, widgets.ToggleButtons) and mode.options == ("raw", "standardized")
    assert isinstance(rate, widgets.SelectionSlider) and isinstance(step, widgets.IntSlider)
    assert [c.description for c in (mode, rate, step)] == ["feature", "learning rate", "iteration"]
    assert mode.tooltip and rate.tooltip and step.tooltip  # the label's title: what the control does
    assert tuple(rate.options[i][1] for i in range(len(rate.options))) == LEARNING_RATES
    assert step.max == step.value == 400 and step.min == 0


@pytest.mark.parametrize("scaled, rate", [(False, 0.035), (False, 0.1), (True, 0.1), (True, 3.0)])
def test_the_frame_is_a_run_of_gradient_descent_to_the_last_bit(radius, scaled, rate):
    x, y = radius
    X = ((x - x.mean()) / x.std() if scaled else x).reshape(-1, 1)
    w, b, history, path = gradient_descent(X, y, rate, 60, return_path=True)
    box = descent_explorer(x, y, learning_rate=rate, n_iter=60, scaled=scaled)
    _, _, step = controls(box)
    for k in (60, 7, 0):
        step.value = k
        text, image = shown(box)
        assert f"iteration {k} of 60: w = {path[k, 0]:.3g}, b = {path[k, 1]:.3g}, loss {history[k]:.3g}" in text
    frame = box.frames["standardized" if scaled else "raw"]  # the drawn line is the recorded path
    line_x, line_y = frame["line"].get_data()
    assert np.array_equal(line_x, path[:1, 0]) and np.array_equal(line_y, path[:1, 1])
    assert np.array_equal(frame["runs"][rate][1], path) and np.array_equal(frame["runs"][rate][0], history)


def test_moving_each_control_changes_the_text_and_the_figure(box):
    mode, rate, step = controls(box)
    before_text, before_image = shown(box)
    for control, value in ((step, 25), (rate, 0.1), (mode, "standardized"), (rate, 0.001)):
        control.value = value
        text, image = shown(box)
        assert text != before_text and image != before_image, control.description
        assert not np.array_equal(pixels(image), pixels(before_image))
        before_text, before_image = text, image
    assert "standardized mean radius, learning rate 0.001, iteration 25 of 400" in before_text
    assert re.search(r'alt="Loss contours over the weight w and the intercept b, and the gradient-descent path\. '
                     r"standardized mean radius, learning rate 0.001", before_image)
    mode.value, rate.value, step.value = "raw", 0.035, 400  # back to the start for the other tests


def test_the_contours_are_the_log_loss(radius):
    x, y = radius
    ws, bs, L = _surface(x.reshape(-1, 1), y, ((-0.1, 0.3), (-3.0, 0.5)))
    for i, j in ((0, 0), (17, 42), (59, 59)):
        assert L[i, j] == pytest.approx(log_loss(y, expit(ws[j] * x + bs[i]), labels=[0, 1]), rel=1e-10)


def test_crawl_zig_zag_bounce_and_the_straight_walk_are_each_reachable(radius):
    """The verdicts the notebook names, from gradient_descent's own runs, 1,000 steps as in the notebook."""
    x, y = radius
    X_raw, X_std = x.reshape(-1, 1), ((x - x.mean()) / x.std()).reshape(-1, 1)
    verdicts = {}
    for key, X in (("raw", X_raw), ("standardized", X_std)):
        for rate in (0.001, 0.035, 0.05, 0.1, 3.0):
            _, _, history, path = gradient_descent(X, y, rate, 1000, return_path=True)
            verdicts[f"{key} {rate:g}"] = verdict = path_verdict(history, path)[0]
            rises = np.sum(np.diff(history) > 0)
            if verdict == "unstable":  # the loss goes up and down, above its start on most of the second half
                assert rises > 50 and np.median(history[500:]) > np.log(2) and np.isfinite(history).all()
            if verdict in ("zig-zags", "crawls", "walks straight down"):
                assert history[-1] < history[0]
    assert verdicts["raw 0.001"] == "crawls" and verdicts["raw 0.035"] == "zig-zags"
    assert verdicts["raw 0.05"] == verdicts["raw 0.1"] == "unstable"
    assert verdicts["standardized 0.1"] == verdicts["standardized 3"] == "walks straight down"
    assert verdicts["standardized 0.035"] == "crawls"  # no zig-zag, but 1,000 short steps do not level off


def test_raw_01_bounces_between_two_walls_and_slides_down_the_valley(radius):
    """What the notebook says of the raw run at 0.1: no divergence. The bounces grow for 3 steps, then w swaps
    between two walls while b slides further down the valley than at 0.035; the loss peaks fall."""
    x, y = radius
    X = x.reshape(-1, 1)
    _, _, history, path = gradient_descent(X, y, 0.1, 5000, return_path=True)
    assert np.argmax(history) <= 5 and history.max() < 5
    jumps = np.diff(path[10:1001, 0])  # from wall to wall: over half a unit of w, changing sign at every step
    assert np.all(np.abs(jumps) > 0.5) and np.all(np.sign(jumps[1:]) == -np.sign(jumps[:-1]))
    assert abs(path[10, 0] - 0.16) < 0.02 and abs(path[11, 0] + 0.47) < 0.02  # the two walls at first
    b_slow = gradient_descent(X, y, 0.035, 1000, return_path=True)[3][-1, 1]
    assert path[1000, 1] < 2 * b_slow < 0
    peaks = [history[i:i + 500].max() for i in range(0, 5000, 500)]
    assert all(later < earlier for earlier, later in zip(peaks, peaks[1:]))
    best = gradient_descent(((x - x.mean()) / x.std()).reshape(-1, 1), y, 1.0, 5000)[2][-1]
    assert best < history[-1] < best + 0.02  # the minimum is the same loss, raw or standardized


def test_standardized_rates_about_100_times_raw_walk_straight_to_the_star(radius):
    """The notebook: standardized, 0.1 to 3 walk straight down (w only grows, b only falls, no overshoot), while
    raw, 0.035 is the last rate whose loss keeps falling."""
    x, y = radius
    X = ((x - x.mean()) / x.std()).reshape(-1, 1)
    for rate in (0.1, 0.3, 1.0, 3.0):
        _, _, history, path = gradient_descent(X, y, rate, 1000, return_path=True)
        assert path_verdict(history, path)[0] == "walks straight down"
        assert np.all(np.diff(path[:, 0]) >= 0) and np.all(np.diff(path[:, 1]) <= 0)
    raw_history = gradient_descent(x.reshape(-1, 1), y, 0.035, 1000)[2]
    assert np.all(np.diff(raw_history) <= 0)


def test_the_exercise_key_is_what_real_runs_do(radius):
    """check_descent_predictions compares with real runs; its stated key agrees with them, far from each
    threshold of path_verdict (so no machine's rounding changes a verdict)."""
    from lessons.exercises import _DESCENT_ANSWERS, descent_verdicts

    assert descent_verdicts() == _DESCENT_ANSWERS
    assert check_descent_predictions(dict(_DESCENT_ANSWERS)).passed
    on_the_slider = {f"{mode} {rate:g}" for mode in ("raw", "standardized") for rate in LEARNING_RATES}
    assert not set(DESCENT_RUNS) & on_the_slider and len(DESCENT_RUNS) == 4
    x, y = radius
    X_raw, X_std = x.reshape(-1, 1), ((x - x.mean()) / x.std()).reshape(-1, 1)
    runs = {key: gradient_descent(X_raw if key.startswith("raw") else X_std, y, float(key.split()[1]), 1000,
                                  return_path=True)[2:] for key in DESCENT_RUNS}
    crawl = {key: (h[-100] - h[-1]) / (h[0] - h[-1]) for key, (h, _) in runs.items()}
    rises = {key: np.sum(np.diff(h) > 0) for key, (h, _) in runs.items()}
    assert crawl["raw 0.005"] > 0.02 and rises["raw 0.005"] == 0  # still falling: 10 times the 0.002 cut-off
    assert rises["raw 0.032"] == 0 and crawl["raw 0.032"] > 0.02
    w_steps = np.diff(runs["raw 0.032"][1][:, 0])
    assert np.sum(np.sign(w_steps[1:]) != np.sign(w_steps[:-1])) >= 6  # twice the 3 reversals needed
    assert rises["raw 0.2"] > 400 and np.median(runs["raw 0.2"][0][500:]) > 2 * np.log(2)
    assert rises["standardized 0.2"] == 0 and crawl["standardized 0.2"] < 1e-4


def test_path_verdict_by_hand():
    assert path_verdict([0.7, 0.6, 0.8, 0.9], [[0, 0], [1, 0], [2, 0], [3, 0]])[0] == "unstable"
    bounce = [[0, 0], [1, 0], [-1, 0], [1, 0], [-1, 0], [1, 0]]
    assert path_verdict([0.7, 0.6, 0.65, 0.55, 0.6, 0.5], bounce)[0] == "oscillates"
    zig = [[0, 0], [1, 0], [0.5, 0], [0.8, 0], [0.6, 0], [0.7, 0]]
    assert path_verdict([0.7, 0.6, 0.5, 0.45, 0.42, 0.41], zig)[0] == "zig-zags"
    straight = [[k, 0] for k in range(11)]
    level = [0.69, 0.5, 0.4, 0.35, 0.34, 0.339, 0.3389, 0.3388, 0.33879, 0.33878, 0.33878]
    assert path_verdict(level, straight)[0] == "walks straight down"
    assert path_verdict(np.linspace(0.69, 0.5, 11), straight)[0] == "crawls"
    with pytest.raises(ValueError, match="one row per loss"):
        path_verdict([0.7, 0.6], [[0, 0]])


def test_the_view_holds_the_raw_01_path_and_its_contours(box):
    """The bouncing raw 0.1 path fits in the raw view, and contours show beside and through it."""
    frame = box.frames["raw"]
    (w0, w1), (b0, b1) = frame["ax"].get_xlim(), frame["ax"].get_ylim()
    path = frame["runs"][0.1][1]
    assert w0 < path[:, 0].min() and path[:, 0].max() < w1 and b0 < path[:, 1].min() and path[:, 1].max() < b1
    assert frame["line"].get_alpha() < 1


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(learning_rate=0.04), ValueError, "learning_rate must be one of the slider's values"),
    (dict(n_iter=5), ValueError, "n_iter"),
    (dict(scaled="yes"), TypeError, "scaled must be True or False"),
    (dict(feature_name=3), TypeError, "feature_name must be a string"),
])
def test_refuses_clearly(radius, kwargs, error, match):
    with pytest.raises(error, match=match):
        descent_explorer(*radius, **kwargs)


def test_refuses_a_constant_or_huge_feature():
    with pytest.raises(ValueError, match="x is constant"):
        descent_explorer(np.ones(6), [0, 1] * 3)
    with pytest.raises(ValueError, match="x has values beyond 1e150"):
        descent_explorer(np.array([1e200, 1.0] * 3), [0, 1] * 3)
