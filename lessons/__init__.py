"""Logistic Regression from Scratch: the helper package every notebook imports.

The maths, one module per notebook:

- `logistic` (01): the sigmoid, its derivative, the logit;
- `cross_entropy` (02): the log loss, from probabilities and from logits;
- `objective` (03): the objective, its gradient, a finite-difference check and its relative error;
- `fit_loop` (04): gradient descent and `LogisticRegressionGD`;
- `thresholds` (05): decisions, metrics, choosing a threshold;
- `comparison` (06): Newton's method, the Hessian, comparing coefficients;
- `regularization` (07): odds ratios, choosing C, calibration, costs and prevalence;
- `capstone` (08): two digits of scikit-learn's images, milestone checks, a report card.

What the notebooks show it with, one module per kind: `data` (the
breast-cancer splits), `plots` (every figure), `widgets` (every slider; `boundary`, the
decision boundary moving with the fit, and the panel the C explorer shares),
`exercises` (every exercise check) and `tutorial` (the blog's mistakes, kept
only to be shown). `_validation` holds the input checks they all share.

Every name below is importable from `lessons` directly; no name hides a module.
"""

from .boundary import boundary_explorer
from .capstone import (
    ReportCard,
    check_fitted_model,
    check_gradient_gap,
    check_learning_rate,
    check_sklearn_agreement,
    check_standardize_splits,
    check_test_report,
    check_validation_threshold,
    load_digit_pair,
    loss_curves,
    report_card,
)
from .comparison import hessian, max_coef_difference, newton_method
from .cross_entropy import binary_cross_entropy, binary_cross_entropy_from_logits, logit_slopes, loss_slice
from .data import CLASS_NAMES, CourseData, load_course_data
from .descent import descent_explorer
from .exercises import (
    CheckResult,
    check_apply_threshold,
    check_band_width,
    check_baseline_loss,
    check_binary_cross_entropy,
    check_binary_cross_entropy_from_logits,
    check_boundary_at_strong_penalty,
    check_brier_score,
    check_central_difference,
    check_confusion_counts,
    check_cost_threshold,
    check_crossing,
    check_curve_verdict,
    check_descent_predictions,
    check_fit_loop,
    check_gradient_step,
    check_gradients,
    check_likelihood_gap,
    check_line_crossing,
    check_precision_at_prevalence,
    check_predict_proba,
    check_rising_counts,
    check_safe_learning_rate,
    check_separable_stop,
    check_sigmoid,
    check_sigmoid_derivative,
    check_standardize,
    check_threshold_direction,
)
from .fit_loop import LogisticRegressionGD, describe_run, gradient_descent, weight_norms
from .logistic import logit, sigmoid, sigmoid_derivative
from .objective import gradients, loss, numerical_gradient, relative_gradient_error
from .plots import (
    PALETTE,
    plot_c_sweep,
    plot_class_weight_images,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_digit_gallery,
    plot_digit_weights,
    plot_finite_difference_error,
    plot_line_fits,
    plot_loss_comparison,
    plot_loss_curves,
    plot_loss_slice,
    plot_loss_surface,
    plot_regularization_path,
    plot_reliability_diagram,
    plot_roc_pr,
    plot_sigmoid,
    plot_threshold_curve,
    plot_weight_norms,
)
from .regularization import (
    brier_score,
    c_sweep,
    cost_threshold,
    cross_validate_C,
    odds_ratios,
    precision_at_prevalence,
    regularization_path,
    reliability_table,
)
from .thresholds import (
    apply_threshold,
    choose_threshold,
    threshold_metrics,
    threshold_sweep,
    threshold_tuning_experiment,
)
from .tutorial import naive_sigmoid
from .widgets import learning_rate_explorer, regularization_explorer, sigmoid_explorer, threshold_explorer

__all__ = [
    "CLASS_NAMES", "CheckResult", "CourseData", "LogisticRegressionGD", "PALETTE", "ReportCard", "apply_threshold",
    "binary_cross_entropy", "binary_cross_entropy_from_logits", "brier_score", "c_sweep", "check_apply_threshold",
    "check_binary_cross_entropy", "check_binary_cross_entropy_from_logits", "check_brier_score",
    "check_central_difference", "check_confusion_counts", "check_cost_threshold", "check_fitted_model",
    "check_gradient_gap", "check_gradient_step", "check_gradients", "check_learning_rate",
    "check_precision_at_prevalence", "check_predict_proba", "check_sigmoid", "check_sigmoid_derivative",
    "check_sklearn_agreement", "check_standardize", "check_standardize_splits", "check_test_report",
    "check_validation_threshold", "choose_threshold", "cost_threshold", "cross_validate_C", "describe_run",
    "gradient_descent", "gradients", "hessian", "learning_rate_explorer", "load_course_data", "load_digit_pair",
    "logit", "logit_slopes", "loss", "loss_curves", "max_coef_difference", "naive_sigmoid", "newton_method",
    "numerical_gradient",
    "odds_ratios", "plot_c_sweep", "plot_class_weight_images", "plot_confusion_matrix", "plot_decision_boundary",
    "plot_digit_gallery", "plot_digit_weights", "plot_finite_difference_error", "plot_loss_comparison",
    "plot_loss_curves", "plot_loss_surface", "plot_regularization_path", "plot_reliability_diagram", "plot_roc_pr",
    "plot_sigmoid", "plot_threshold_curve", "plot_weight_norms", "precision_at_prevalence",
    "regularization_explorer", "regularization_path", "reliability_table", "report_card", "sigmoid",
    "sigmoid_derivative", "sigmoid_explorer", "threshold_explorer", "threshold_metrics", "threshold_sweep",
    "threshold_tuning_experiment", "weight_norms",
]
__all__ += [
    "check_baseline_loss", "check_crossing", "check_curve_verdict", "check_fit_loop", "check_safe_learning_rate",
    "check_threshold_direction",
]
__all__ += ["check_rising_counts"]
__all__ += ["check_likelihood_gap", "loss_slice", "plot_loss_slice"]  # notebook 02
__all__ += ["check_descent_predictions", "descent_explorer", "relative_gradient_error"]  # notebook 03
__all__ += ["check_band_width", "check_separable_stop"]
__all__ += ["boundary_explorer"]
__all__ += ["check_boundary_at_strong_penalty"]
__all__ += ["check_line_crossing", "plot_line_fits"]
