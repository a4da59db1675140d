"""Tests for the figures added for notebooks 02-03: `plot_loss_comparison`, `plot_finite_difference_error`.

The plotted data is compared with scipy's `expit` and with the calculus of the
sigmoid (σ'' = σ'(1 − 2σ), σ''' = σ'(1 − 6σ + 6σ²)), not with our own output.
"""

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy.special import expit

from lessons import PALETTE, plot_finite_difference_error, plot_loss_comparison


def _labelled(fig):
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def _uses_palette(fig):
    palette = {c.lower() for c in PALETTE.values()}
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_label().startswith("_"):
                continue  # reference lines (grey)
            assert matplotlib.colors.to_hex(line.get_color()) in palette


def test_plot_loss_comparison_draws_both_losses_and_their_slopes():
    fig = plot_loss_comparison(z_min=-6.0, z_max=6.0)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    _labelled(fig)
    _uses_palette(fig)
    left, right = fig.axes
    log_line, se_line = left.get_lines()[:2]
    p = log_line.get_xdata()
    np.testing.assert_allclose(log_line.get_ydata(), -np.log(p))
    np.testing.assert_allclose(se_line.get_ydata(), (1 - p) ** 2)
    log_slope, se_slope = [line for line in right.get_lines() if not line.get_label().startswith("_")]
    z = log_slope.get_xdata()
    assert z.min() == -6.0 and z.max() == 6.0
    s = expit(z)
    np.testing.assert_allclose(log_slope.get_ydata(), 1 - s, atol=1e-15)
    np.testing.assert_allclose(se_slope.get_ydata(), 2 * (1 - s) * s * (1 - s), atol=1e-15)


def test_plot_loss_comparison_squared_error_slope_never_exceeds_its_maximum():
    # max over z of 2 (1 - s) s (1 - s) is 8/27 ≈ 0.296, at s = 1/3.
    right = plot_loss_comparison().axes[1]
    se_slope = [line for line in right.get_lines() if not line.get_label().startswith("_")][1]
    assert se_slope.get_ydata().max() == pytest.approx(8 / 27, rel=1e-3)


def test_plot_finite_difference_error_matches_the_truncation_error_of_the_sigmoid():
    x = 1.0
    fig = plot_finite_difference_error(x=x)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    _labelled(fig)
    _uses_palette(fig)
    ax = fig.axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    one_sided, central = ax.get_lines()
    h = one_sided.get_xdata()
    assert h[-1] == pytest.approx(0.1)
    s = expit(x)
    d1 = s * (1 - s)
    d2 = d1 * (1 - 2 * s)
    d3 = d1 * (1 - 6 * s + 6 * s**2)
    # Taylor: one-sided error ≈ |σ''| h / 2, central ≈ |σ'''| h² / 6 (within 10% at h = 0.1 and 0.01).
    for i in (-1, -6):  # h = 0.1 and h = 0.01 (0.2 decades apart)
        assert one_sided.get_ydata()[i] == pytest.approx(abs(d2) * h[i] / 2, rel=0.1)
        assert central.get_ydata()[i] == pytest.approx(abs(d3) * h[i] ** 2 / 6, rel=0.1)
    # The best central difference is far better than the best one-sided one.
    assert central.get_ydata().min() < 1e-9 < one_sided.get_ydata().min() * 1e2


def test_plot_finite_difference_error_is_not_managed_by_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plot_finite_difference_error()
    plot_loss_comparison()
    assert plt.get_fignums() == before
