"""Logistic Regression from Scratch: the helper package every notebook imports.

One module per notebook: `sigmoid` (01), `cross_entropy` (02), `gradients` (03),
`fit_loop` (04), `thresholds` (05), `comparison` (06). Beside them: `data` (the
breast-cancer splits), `plots` and `plots_eval` (figures), `widgets` and
`widgets_sigmoid` (sliders), `render` (fast slider redraws), `fast` (the
blocked fit loop), `experiments` (05, 06), the exercise checks (`checks`,
`exercises`, `exercises_eval`) and `tutorial` (the blog's mistakes, kept only
to be shown).
"""

from .comparison import hessian, max_coef_difference, newton_method
from .cross_entropy import binary_cross_entropy, binary_cross_entropy_from_logits, logit_slopes
from .data import CLASS_NAMES, CourseData, load_course_data
from .exercises import (
    check_binary_cross_entropy,
    check_binary_cross_entropy_from_logits,
    check_central_difference,
    check_gradient_step,
    check_gradients,
    check_predict_proba,
    check_sigmoid,
    check_sigmoid_derivative,
)
from .exercises_eval import check_apply_threshold, check_confusion_counts, check_standardize
from .experiments import threshold_tuning_experiment, weight_norms
from .fit_loop import LogisticRegressionGD, describe_run, gradient_descent
from .gradients import gradients, loss, numerical_gradient
from .plots import (
    PALETTE,
    plot_decision_boundary,
    plot_finite_difference_error,
    plot_loss_comparison,
    plot_loss_curves,
    plot_loss_surface,
    plot_sigmoid,
)
from .plots_eval import plot_confusion_matrix, plot_roc_pr, plot_threshold_curve, plot_weight_norms
from .sigmoid import logit, sigmoid, sigmoid_derivative
from .thresholds import apply_threshold, choose_threshold, threshold_metrics, threshold_sweep
from .tutorial import naive_sigmoid
from .widgets import learning_rate_explorer, threshold_explorer
from .widgets_sigmoid import sigmoid_explorer

__all__ = [
    "CLASS_NAMES", "CourseData", "LogisticRegressionGD", "PALETTE", "apply_threshold", "binary_cross_entropy",
    "binary_cross_entropy_from_logits", "check_apply_threshold", "check_binary_cross_entropy",
    "check_binary_cross_entropy_from_logits", "check_central_difference", "check_confusion_counts",
    "check_gradient_step", "check_gradients", "check_predict_proba", "check_sigmoid", "check_sigmoid_derivative",
    "check_standardize", "choose_threshold", "describe_run", "gradient_descent", "gradients", "hessian",
    "learning_rate_explorer", "load_course_data", "logit", "logit_slopes", "loss", "max_coef_difference",
    "naive_sigmoid", "newton_method", "numerical_gradient", "plot_confusion_matrix", "plot_decision_boundary",
    "plot_finite_difference_error", "plot_loss_comparison", "plot_loss_curves", "plot_loss_surface", "plot_roc_pr",
    "plot_sigmoid", "plot_threshold_curve", "plot_weight_norms", "sigmoid", "sigmoid_derivative",
    "sigmoid_explorer", "threshold_explorer", "threshold_metrics", "threshold_sweep", "threshold_tuning_experiment",
    "weight_norms",
]
