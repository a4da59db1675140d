"""The explorers without a browser: move a slider, check the shown numbers against scikit-learn/scipy."""

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, log_loss, precision_score, recall_score

from lessons import (
    describe_run,
    gradient_descent,
    learning_rate_explorer,
    load_course_data,
    sigmoid_explorer,
    threshold_explorer,
)
from lessons.plots import new_figure
from lessons.widgets import FigureRenderer


@pytest.fixture(scope="module")
def data():
    return load_course_data()


def parts(box):
    kinds = (widgets.FloatLogSlider, widgets.FloatSlider, widgets.IntSlider)
    sliders = [w for w in box.children[0].children if isinstance(w, kinds)]
    return sliders, box.children[1], box.children[2]


def reference_losses(X, y, lr, n_iter, C):
    """Gradient descent written out with scipy and scikit-learn: the loss at the start and after n_iter steps."""
    w, b, n = np.zeros(X.shape[1]), 0.0, len(y)
    losses = []
    for _ in range(n_iter + 1):
        p = expit(X @ w + b)
        losses.append(log_loss(y, p) + w @ w / (2 * n * C))
        w, b = w - lr * (X.T @ (p - y) / n + w / (n * C)), b - lr * np.mean(p - y)
    return losses[0], losses[-1]


def test_learning_rate_slider_updates_text_and_figure(data):
    box = learning_rate_explorer(data.X_train, data.y_train, learning_rate=0.1, n_iter=200, C=1.0)
    (lr, steps), text, image = parts(box)
    assert isinstance(lr, widgets.FloatLogSlider) and isinstance(steps, widgets.IntSlider)
    before_text, before_image = text.value, image.value
    assert "learning rate 0.1, 200 iterations" in before_text and "<img" in before_image
    lr.value = 1.0  # well below the stability edge (about 15 here): the digits are a reference's
    first, last = reference_losses(data.X_train, data.y_train, 1.0, 200, 1.0)
    assert f"Converges: the loss fell from {first:.3f} to {last:.3f}" in text.value
    lr.value = 100.0  # past the edge the run is chaotic: 1e-16 apart after a few hundred steps shows in the 3rd
    assert text.value != before_text and image.value != before_image  # decimal, so compare with the same code path
    assert describe_run(gradient_descent(data.X_train, data.y_train, 100.0, 200, C=1.0)[2])[1] in text.value
    assert "Unstable" in text.value
    lr.value = 1e-4
    assert "Crawls" in text.value
    steps.value = 50
    assert "50 iterations" in text.value
    assert 'alt="Loss curve. learning rate 0.0001, 50 iterations' in image.value


def test_threshold_slider_updates_counts_and_figure(data):
    model = LogisticRegression(C=1.0).fit(data.X_train, data.y_train)
    y, p = data.y_val, model.predict_proba(data.X_val)[:, 1]
    box = threshold_explorer(y, p, cost_fn=10, cost_fp=1)
    (slider,), text, image = parts(box)
    assert slider.description == "threshold" and slider.value == 0.5
    before = image.value
    for threshold in (0.3, 0.05, 0.9):
        slider.value = threshold
        pred = (p >= threshold).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
        shown = text.value
        assert f"threshold {threshold:.2f}:" in shown
        assert f"true positives {tp}, false negatives {fn}" in shown
        assert f"false positives {fp}, true negatives {tn}" in shown
        assert f"precision {precision_score(y, pred, zero_division=0):.3f}" in shown
        assert f"recall {recall_score(y, pred):.3f}" in shown
        assert f"cost {10 * fn + fp:g}" in shown
        assert image.value != before
        before = image.value
        assert re.search(r'alt="Confusion matrix, ROC and precision-recall curves\. threshold', image.value)


def test_every_slider_has_a_name_and_a_description(data, radius):
    from lessons import boundary_explorer, regularization_explorer

    boxes = [learning_rate_explorer(data.X_train, data.y_train, n_iter=20), sigmoid_explorer(*radius),
             threshold_explorer(data.y_val, np.linspace(0.01, 0.99, len(data.y_val))),
             regularization_explorer(SMALL_X, SMALL_Y, SMALL_X, SMALL_Y),
             boundary_explorer(data.X_train[:, :2], data.y_train, n_iter=10)]
    for box in boxes:
        for slider in box.children[0].children:
            assert slider.description.strip() and len(slider.tooltip) > 10, slider  # shown as the label's title


def test_explorers_reject_bad_input(data):
    with pytest.raises(ValueError, match=r"p must be probabilities in \[0, 1\]"):
        threshold_explorer([0, 1], [0.5, 2.0])
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        threshold_explorer([0, 1], [0.5, 0.2], threshold=2.0)
    with pytest.raises(ValueError, match="X and y must have the same number of samples"):
        learning_rate_explorer(data.X_train, data.y_val)


@pytest.fixture(scope="module")
def radius():
    data = load_course_data()
    return data.X_train[:, data.columns("mean radius")[0]], data.y_train


def _alt(box):
    return html.unescape(re.search(r'alt="([^"]*)"', box.children[2].value).group(1))


def _expected(x, y, w, b):
    p = expit(w * x + b)
    return f"mean log loss {log_loss(y, p, labels=[0, 1]):.4f} nats", f"accuracy {accuracy_score(y, p > 0.5):.3f}"


def test_layout_is_sliders_text_image(radius):
    box = sigmoid_explorer(*radius)
    assert isinstance(box, widgets.VBox)
    sliders = box.children[0].children
    assert [s.description for s in sliders] == ["w", "b"]
    assert all(isinstance(s, widgets.FloatSlider) for s in sliders)
    assert box.children[2].value.startswith('<img src="data:image/png;base64,')


def test_initial_text_shows_the_loss_of_the_initial_w_and_b(radius):
    x, y = radius
    box = sigmoid_explorer(x, y, w=1.0, b=0.0)
    loss_text, accuracy_text = _expected(x, y, 1.0, 0.0)
    text = html.unescape(box.children[1].value)
    assert loss_text in text and accuracy_text in text
    assert "p = 0.5 at x = −b/w = 0.00" in text


def test_moving_the_sliders_updates_text_and_image(radius):
    x, y = radius
    box = sigmoid_explorer(x, y)
    w_slider, b_slider = box.children[0].children
    before_image = box.children[2].value
    w_slider.value = 2.0
    b_slider.value = -0.5
    loss_text, accuracy_text = _expected(x, y, 2.0, -0.5)
    for shown in (html.unescape(box.children[1].value), _alt(box)):
        assert "w = 2.00, b = -0.50" in shown
        assert loss_text in shown and accuracy_text in shown
        assert "p = 0.5 at x = −b/w = 0.25" in shown  # 0.5 / 2
    assert box.children[2].value != before_image


def test_a_better_fit_shows_a_smaller_loss(radius):
    x, y = radius
    box = sigmoid_explorer(x, y, w=1.0, b=0.0)
    first = float(re.search(r"mean log loss ([0-9.]+)", box.children[1].value).group(1))
    box.children[0].children[0].value = 3.3
    box.children[0].children[1].value = -0.7
    second = float(re.search(r"mean log loss ([0-9.]+)", box.children[1].value).group(1))
    assert second == pytest.approx(log_loss(y, expit(3.3 * x - 0.7)), abs=1e-4)
    assert second < first


def test_w_zero_gives_a_flat_curve(radius):
    x, y = radius
    box = sigmoid_explorer(x, y, w=1.0, b=0.0)
    box.children[0].children[0].value = 0.0
    box.children[0].children[1].value = 1.0
    text = html.unescape(box.children[1].value)
    assert f"every sample gets p = σ(b) = {expit(1.0):.3f}" in text
    assert f"mean log loss {log_loss(y, np.full(len(y), expit(1.0))):.4f}" in text


def test_small_example_by_hand():
    # w = 0, b = 0: p = 0.5 for both samples, loss ln 2; accuracy: z = 0 is not > 0, so both are called 0.
    box = sigmoid_explorer([-1.0, 1.0], [0, 1], w=0.0, b=0.0)
    assert f"mean log loss {np.log(2):.4f}" in box.children[1].value
    assert "accuracy 0.500" in box.children[1].value


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"w": 50.0}, ValueError, "w must be between"),
    ({"b": -9.0}, ValueError, "b must be between"),
])
def test_out_of_range_start_values_raise(radius, kwargs, error, match):
    with pytest.raises(error, match=match):
        sigmoid_explorer(*radius, **kwargs)


def test_bad_labels_raise():
    with pytest.raises(ValueError, match="only 0 and 1"):
        sigmoid_explorer([0.0, 1.0], [0, 3])


def test_no_pyplot_figures_are_left_behind(radius):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    sigmoid_explorer(*radius)
    assert plt.get_fignums() == before


def pixels_of(img_tag):
    data = re.search(r'base64,([^"]+)"', img_tag).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))


def full_redraw(fig):
    for artist in fig.findobj():
        artist.set_animated(False)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3]


def test_fast_redraw_equals_full_redraw():
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], color="grey")
    (marker,) = ax.plot([0.2], [0.2], "o")
    ax.set(title="start", xlabel="x", ylabel="y")
    renderer = FigureRenderer(fig, [marker, ax.title])
    first = pixels_of(renderer.html("a marker"))
    marker.set_data([0.7], [0.4])
    ax.title.set_text("moved")
    moved = pixels_of(renderer.html("a marker"))
    assert not np.array_equal(first, moved)
    np.testing.assert_array_equal(moved, full_redraw(fig))


def test_png_encoding_round_trips_through_pillow():
    rgba = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    png = base64.b64decode(FigureRenderer.encode(rgba))
    Image.open(io.BytesIO(png)).verify()  # the chunks and their CRCs are valid
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGB" and image.size == (5, 7)
    np.testing.assert_array_equal(np.asarray(image), rgba[..., :3])


def test_alt_text_is_escaped():
    fig, ax = new_figure()
    ax.set(title="t", xlabel="x", ylabel="y")
    tag = FigureRenderer(fig, []).html('p < 0.5 & "quoted"')
    assert 'alt="p &lt; 0.5 &amp; &quot;quoted&quot;"' in tag


# Issue 10: the explorers refuse what they cannot show, like the maths does, and never leak a warning.
SMALL_X = np.array([[-1.0, 0.5], [0.5, -0.2], [1.5, 1.0], [-0.3, -1.2]])
SMALL_Y = np.array([0, 1, 1, 0])


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(learning_rate=0), ValueError, r"learning_rate must be between 0\.0001 and 100 \(the slider's range\)"),
    (dict(learning_rate=-1), ValueError, r"learning_rate must be between .* \(the slider's range\)"),
    (dict(learning_rate=1e6), ValueError, r"learning_rate must be between .* \(the slider's range\)"),
    (dict(n_iter=0), ValueError, r"n_iter must be between 10 and 2000 \(the slider's range\)"),
    (dict(n_iter=5), ValueError, r"n_iter must be between 10 and 2000"),
    (dict(n_iter=5000), ValueError, r"n_iter must be between 10 and 2000"),
    (dict(n_iter=100.0), TypeError, "n_iter must be an integer"),
    (dict(C=0), ValueError, "C must be"),
])
def test_learning_rate_explorer_refuses_values_outside_its_sliders(kwargs, error, match):
    with pytest.raises(error, match=match):
        learning_rate_explorer(SMALL_X, SMALL_Y, **kwargs)


def test_learning_rate_explorer_accepts_c_inf():
    box = learning_rate_explorer(SMALL_X, SMALL_Y, n_iter=20, C=np.inf)
    assert "20 iterations" in box.children[1].value


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(y=np.array(["a", "b", "a", "b"])), TypeError, r"\by must be numbers"),
    (dict(y=np.zeros(4)), ValueError, r"\by holds only one class"),
    (dict(p=np.array([0.1, 0.2, 3.0, 0.4])), ValueError, r"\bp must be probabilities"),
    (dict(class_names=("benign",)), ValueError, "class_names must hold 2 names"),
    (dict(threshold=float("nan")), ValueError, "threshold must be in"),
])
def test_threshold_explorer_refuses_clearly(kwargs, error, match):
    args = dict(y=SMALL_Y, p=np.array([0.2, 0.7, 0.6, 0.4])) | kwargs
    with pytest.raises(error, match=match):
        threshold_explorer(**args)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(w="1"), TypeError, r"\bw must be a number between -10 and 10"),
    (dict(b=None), TypeError, r"\bb must be a number"),
    (dict(w=float("nan")), ValueError, r"\bw must be between"),
    (dict(class_names=("benign",)), ValueError, "class_names must hold 2 names"),
    (dict(feature_name=3), TypeError, "feature_name must be a string"),
])
def test_sigmoid_explorer_refuses_clearly(kwargs, error, match):
    with pytest.raises(error, match=match):
        sigmoid_explorer(SMALL_X[:, 0], SMALL_Y, **kwargs)


# Notebook 07: the C explorer, against scikit-learn's solver and metrics.

def test_regularization_slider_shows_scikit_learns_fit_at_each_C(data):
    from lessons import regularization_explorer

    box = regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, data.feature_names, C=1.0)
    (slider,), text, image = parts(box)
    assert isinstance(slider, widgets.FloatLogSlider) and slider.description == "C"
    before = image.value
    for C in (0.01, 100.0, 1.0):
        slider.value = C
        sk = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(data.X_train,
                                                                                              data.y_train)
        shown = html.unescape(text.value)
        assert f"C = {C:.3g}:" in shown
        assert f"training loss {log_loss(data.y_train, sk.predict_proba(data.X_train)):.3f}" in shown
        assert f"validation loss {log_loss(data.y_val, sk.predict_proba(data.X_val)):.3f}" in shown
        assert f"validation accuracy {sk.score(data.X_val, data.y_val):.3f}" in shown
        top = int(np.argmax(np.abs(sk.coef_[0])))
        assert f"largest weights: {data.feature_names[top]} {sk.coef_[0][top]:+.2f}" in shown
        assert image.value != before and 'alt="Weights, the boundary of a two-feature model, and the loss against C.' \
            in image.value
        before = image.value
        # the boundary panel: scikit-learn's fit on the first two features alone, at the same C
        two = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(data.X_train[:, :2],
                                                                                               data.y_train)
        (w0, w1), b0 = two.coef_[0], two.intercept_[0]
        assert f"alone at this C: w = ({w0:+.2f}, {w1:+.2f}), b = {b0:+.2f}; w points at " \
               f"{np.degrees(np.arctan2(w1, w0)):.0f}°" in shown
        assert f"the band from p = 0.1 to 0.9 is 2 ln 9 / ||w|| = {2 * np.log(9) / np.hypot(w0, w1):.2g} wide" in shown


def test_as_C_falls_the_two_feature_boundary_turns_and_its_probabilities_soften(data):
    from lessons import regularization_explorer

    box = regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, data.feature_names,
                                  boundary_features=("worst radius", "worst texture"))
    (slider,), text, image = parts(box)
    shown = {}
    for C in (1e4, 1e-3):
        slider.value = C
        words = html.unescape(text.value)
        angle = float(re.search(r"w points at (-?[0-9]+)°", words).group(1))
        width = float(re.search(r"is 2 ln 9 / \|\|w\|\| = ([0-9.e+]+) wide", words).group(1))
        shown[C] = angle, width, pixels_of(image.value)
    assert abs(shown[1e4][0] - shown[1e-3][0]) >= 10  # it turns by 17° here
    assert shown[1e-3][1] > 20 * shown[1e4][1]  # the band from p = 0.1 to 0.9 widens: softer probabilities
    j = data.columns("worst radius", "worst texture")
    ref = LogisticRegression(C=1e-3, solver="newton-cholesky", tol=1e-12).fit(data.X_train[:, j], data.y_train)
    p = ref.predict_proba(data.X_train[:, j])[:, 1]
    assert 0.2 < p.min() and p.max() < 0.8  # soft indeed: no training sample gets beyond 0.2 or 0.8
    assert not np.array_equal(shown[1e4][2], shown[1e-3][2])


def test_regularization_explorer_rejects_bad_input(data):
    from lessons import regularization_explorer

    with pytest.raises(ValueError, match="C must be a number between 1e-3 and 1e4"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, C=1e6)
    with pytest.raises(ValueError, match="feature_names must name the 30 features"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, ["a", "b"])
    with pytest.raises(ValueError, match="y_val must contain only 0 and 1"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val + 2)
    with pytest.raises(ValueError, match="boundary_features must name two of the 30 features"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, boundary_features=(0, 30))
    with pytest.raises(ValueError, match="boundary_features must name two of the 30 features"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, data.feature_names,
                                boundary_features=("worst radius", "tumour colour"))
    with pytest.raises(ValueError, match="boundary_features must be two different features"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, boundary_features=(3, 3))
    with pytest.raises(TypeError, match="boundary_features must be a pair"):
        regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, boundary_features="ab")


def test_a_run_that_overflows_is_reported_in_the_explorer_not_raised(data):
    box = learning_rate_explorer(data.X_train, data.y_train, C=1e-3)  # a strong penalty: lr 100 overflows
    (lr, _), text, image = parts(box)
    lr.value = 100.0
    assert "the loss or the weights overflowed" in text.value and 'alt="Loss curve not drawn.' in image.value
    lr.value = 0.1
    assert "learning rate 0.1" in text.value and "overflowed" not in text.value


@pytest.mark.parametrize("rate", [1.0, 100.0])  # converging, and chaotic past the stability edge
def test_fewer_iterations_reuse_the_longer_run_and_show_what_a_fresh_run_shows(data, rate):
    box = learning_rate_explorer(data.X_train, data.y_train, learning_rate=rate, n_iter=300, C=1.0)
    (lr, steps), text, image = parts(box)
    for n in (120, 300, 500, 40):  # down (from the stored run), up (a new, longer run), down again
        steps.value = n
        fresh_text, fresh_image = parts(learning_rate_explorer(data.X_train, data.y_train, rate, n, C=1.0))[1:]
        assert text.value == fresh_text.value
        assert describe_run(gradient_descent(data.X_train, data.y_train, rate, n, C=1.0)[2])[1] in text.value
        assert image.value.split(' alt=')[1] == fresh_image.value.split(' alt=')[1]  # the same alt text
