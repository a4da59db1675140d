"""The course's benchmarks: `make bench` runs this, prints a table and writes bench/results.md.

Plain `time.perf_counter`, medians of repeated runs, and the two sides of every
comparison interleaved (A, B, A, B, ...) so that a change in machine load hits
both. Timings belong here, never in the test suite.
"""

import os
import pathlib
import platform
import sys
import time

import matplotlib
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info, threadpool_limits

import lessons
from lessons import objective
from lessons.objective import loss_and_gradients
from lessons.tutorial import loop_binary_cross_entropy

ROOT = pathlib.Path(__file__).resolve().parents[1]
QUICK = os.environ.get("BENCH_QUICK") == "1"  # smaller sizes, for trying the script out


def interleaved(funcs, repeats):
    """Median seconds of each function, running them in turn `repeats` times."""
    times = [[] for _ in funcs]
    for _ in range(repeats):
        for i, f in enumerate(funcs):
            start = time.perf_counter()
            f()
            times[i].append(time.perf_counter() - start)
    return [float(np.median(t)) for t in times]


def machine():
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")),
               platform.processor())
    blas = ", ".join(f"{i['internal_api']} {i['version']} ({i['num_threads']} threads)" for i in threadpool_info()
                     if i["user_api"] == "blas")
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__} "
            f"with {blas}, scikit-learn {sklearn.__version__}, matplotlib {matplotlib.__version__}")


def bench_loss(rows):
    rng = np.random.default_rng(0)
    y, p = rng.integers(0, 2, 100_000).astype(float), rng.uniform(0, 1, 100_000)
    loop, vec = interleaved([lambda: loop_binary_cross_entropy(y, p), lambda: lessons.binary_cross_entropy(y, p)], 7)
    rows.append(("loss, 1e5 values", "Python loop / vectorized", f"{loop * 1e3:.1f} ms / {vec * 1e3:.2f} ms",
                 f"{loop / vec:.0f}x slower", "ratio, no goal"))


def bench_iteration(rows):
    """One gradient-descent iteration is one call of `loss_and_gradients` (what every fit runs) plus the update.

    Measured two ways: the function alone, and as the marginal cost of an iteration inside
    `LogisticRegressionGD.fit` (a fit of 2k steps minus a fit of k steps, divided by k), so that the
    estimator's own overheads are in the figure.
    """
    rng = np.random.default_rng(0)
    sizes = [1_000, 10_000, 100_000] + ([] if QUICK else [1_000_000])
    for n in sizes:
        X = rng.normal(size=(n, 30))
        y = (rng.random(n) < 0.4).astype(float)
        w, b = rng.normal(size=30) * 0.1, 0.1
        repeats = max(15, min(200, 20_000_000 // (n * 30)))  # 15 at n = 1e6: this shared machine is noisy
        read, one = interleaved([lambda: X.sum(), lambda: loss_and_gradients(X, y, w, b, 1.0)], repeats)
        goal = "goal ≤ 1.5" if n == 1_000_000 else ""
        rows.append((f"GD iteration, n = {n:,} × 30", "loss_and_gradients (what every gradient-descent fit runs)",
                     f"{one * 1e3:.3f} ms ({one / n * 1e9:.1f} ns per row)",
                     f"{one / (2 * read):.2f} × two reads of X "
                     f"(one read {read * 1e3:.3f} ms, {X.nbytes / read / 1e9:.1f} GB/s)", goal))
        if n == sizes[-1]:
            k = 10
            short, long, read = interleaved([
                lambda: lessons.LogisticRegressionGD(C=1.0, n_iter=k).fit(X, y),
                lambda: lessons.LogisticRegressionGD(C=1.0, n_iter=2 * k).fit(X, y),
                lambda: X.sum()], 9)
            per_iter = (long - short) / k
            rows.append((f"GD iteration, n = {n:,} × 30", f"inside LogisticRegressionGD.fit ({2 * k} minus {k} steps)",
                         f"{per_iter * 1e3:.3f} ms", f"{per_iter / (2 * read):.2f} × two reads of X", goal))
            read, blocked, whole, product = interleaved([
                lambda: X.sum(), lambda: loss_and_gradients(X, y, w, b, 1.0), lambda: without_blocks(X, y, w, b),
                lambda: X @ w], repeats)
            rows.append((f"GD iteration, n = {n:,} × 30", f"in blocks of {objective.BLOCK_ROWS:,} rows / all rows "
                         "at once (one block)", f"{blocked * 1e3:.3f} ms / {whole * 1e3:.3f} ms",
                         f"{blocked / (2 * read):.2f} / {whole / (2 * read):.2f} × two reads of X", ""))
            rows.append((f"GD iteration, n = {n:,} × 30", "X @ w alone (the first of the iteration's two products)",
                         f"{product * 1e3:.3f} ms", f"{product / (2 * read):.2f} × two reads of X", ""))
            with threadpool_limits(1):
                read1, one1 = interleaved([lambda: X.sum(), lambda: loss_and_gradients(X, y, w, b, 1.0)], repeats)
            rows.append((f"GD iteration, n = {n:,} × 30", "loss_and_gradients, BLAS on one thread only",
                         f"{one1 * 1e3:.3f} ms", f"{one1 / (2 * read1):.2f} × two reads of X", ""))


def without_blocks(X, y, w, b):
    """`loss_and_gradients` with the whole of X as one block: what the blocks save."""
    saved, objective.BLOCK_ROWS = objective.BLOCK_ROWS, len(y)
    try:
        return loss_and_gradients(X, y, w, b, 1.0)
    finally:
        objective.BLOCK_ROWS = saved


def bench_convergence(rows):
    data = lessons.load_course_data()
    X, y = data.X_train, data.y_train.astype(float)
    exact = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=100).fit(X, y)
    target = np.r_[exact.coef_[0], exact.intercept_]
    lipschitz = np.linalg.eigvalsh(np.column_stack([X, np.ones(len(X))]).T @ np.column_stack([X, np.ones(len(X))]))[-1]
    lipschitz = lipschitz / (4 * len(X)) + 1 / len(X)
    for lr, label in [(0.1, "0.1"), (1 / lipschitz, f"1/β = {1 / lipschitz:.2f}")]:
        w, b, reached = np.zeros(30), 0.0, {}
        for i in range(1, 60_001):
            _, dw, db = loss_and_gradients(X, y, w, b, 1.0)
            w, b = w - lr * dw, b - lr * db
            gap = np.max(np.abs(np.r_[w, b] - target))
            for tol in (1e-3, 1e-6):
                if gap <= tol and tol not in reached:
                    reached[tol] = i
            if 1e-6 in reached:
                break
        for tol, its in sorted(reached.items(), reverse=True):
            model = lessons.LogisticRegressionGD(C=1.0, learning_rate=lr, n_iter=its)
            (seconds,) = interleaved([lambda: model.fit(X, y)], 5)
            rows.append((f"convergence to max |Δcoef| ≤ {tol:g}", f"LogisticRegressionGD, lr {label}",
                         f"{seconds * 1e3:.1f} ms", f"{its:,} iterations", ""))
    for solver, kwargs in [("newton-cholesky", {}), ("lbfgs", {}), ("lbfgs", {"tol": 1e-10, "max_iter": 1000})]:
        model = LogisticRegression(C=1.0, solver=solver, **kwargs)
        (seconds,) = interleaved([lambda: model.fit(X, y)], 7)
        gap = np.max(np.abs(np.r_[model.coef_[0], model.intercept_] - target))
        rows.append(("scikit-learn at C = 1", f"{solver} {kwargs or '(defaults)'}", f"{seconds * 1e3:.1f} ms",
                     f"{int(model.n_iter_[0])} iterations, {gap:.1e} from the optimum", ""))


def bench_sliders(rows):
    data = lessons.load_course_data()
    model = lessons.LogisticRegressionGD(C=1.0).fit(data.X_train, data.y_train)
    p = model.predict_proba(data.X_val)[:, 1]
    box = lessons.threshold_explorer(data.y_val, p, cost_fn=10, cost_fp=1)
    slider = box.children[0].children[0]
    values = iter(np.tile(np.round(np.linspace(0.05, 0.95, 19), 2), 3))

    def move(s, vals):
        s.value = float(next(vals))  # the callback runs synchronously, outputs updated on return

    (seconds,) = interleaved([lambda: move(slider, values)], 30)
    rows.append(("slider response", "threshold explorer (91 validation samples)", f"{seconds * 1e3:.1f} ms",
                 "median of 30 moves", "goal ≤ 50 ms"))
    box = lessons.learning_rate_explorer(data.X_train, data.y_train, C=1.0)
    slider = box.children[0].children[0]
    values = iter(np.tile(10.0 ** np.arange(-4, 2.01, 0.25), 2))
    (seconds,) = interleaved([lambda: move(slider, values)], 20)
    rows.append(("slider response", "learning-rate explorer (364 × 30, 1,000 iterations)",
                 f"{seconds * 1e3:.1f} ms", "median of 20 moves", "goal ≤ 150 ms"))
    start = time.perf_counter()
    box = lessons.regularization_explorer(data.X_train, data.y_train, data.X_val, data.y_val, data.feature_names)
    built = time.perf_counter() - start
    slider = box.children[0].children[0]
    values = iter(np.tile(10.0 ** np.arange(-3, 4.01, 0.25), 2))
    (seconds,) = interleaved([lambda: move(slider, values)], 29)
    rows.append(("slider response", "C explorer (30 weights, 29 values of C fitted once by Newton's method)",
                 f"{seconds * 1e3:.1f} ms", f"median of 29 moves; built in {built:.2f} s", "goal ≤ 150 ms"))


def bench_boundary_sliders(rows):
    """The boundary explorer (issue 18): an iteration is a row of a recorded run; a learning rate runs once."""
    data = lessons.load_course_data()
    features = ("worst area", "worst smoothness")
    X2 = data.X_train[:, data.columns(*features)]
    box = lessons.boundary_explorer(X2, data.y_train, learning_rate=1.0, n_iter=500, feature_names=features)
    step, lr = box.children[0].children
    steps = iter(np.tile(np.arange(0, 500, 7), 3))
    (seconds,) = interleaved([lambda: setattr(step, "value", int(next(steps)))], 40)
    rows.append(("slider response", "boundary explorer, iteration (364 × 2, a row of the recorded path)",
                 f"{seconds * 1e3:.1f} ms", "median of 40 moves", "goal ≤ 50 ms"))
    rates = iter(10.0 ** np.arange(-2, 1.51, 0.25))  # each one new: a 500-step run of gradient_descent each
    (seconds,) = interleaved([lambda: setattr(lr, "value", float(next(rates)))], 14)
    rows.append(("slider response", "boundary explorer, learning rate (first visit: one 500-step run, kept)",
                 f"{seconds * 1e3:.1f} ms", "median of 14 moves", "goal ≤ 50 ms"))


def bench_sliders_end_to_end(rows):
    """Key press → new figure on screen, in JupyterLab in headless Chromium (see bench/slider_latency.py)."""
    if not pathlib.Path("/usr/bin/chromium").exists():
        rows.append(("slider, end to end", "skipped: /usr/bin/chromium missing (apt-get install -y chromium)",
                     "", "", ""))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from slider_latency import MOVES, breakdown, measure

    for (notebook, name), times in measure().items():
        total = times["total"]
        rows.append(("slider, end to end", f"{notebook}, {name} (JupyterLab, headless Chromium)",
                     f"{np.median(total) * 1e3:.0f} ms", f"median of {MOVES} key presses, max "
                     f"{np.max(total) * 1e3:.0f} ms; medians of its parts: {breakdown(times)}", "goal ≤ 100 ms"))


def bench_course(rows):
    import nbformat
    from nbclient import NotebookClient

    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
        seconds = time.perf_counter() - start
        total += seconds
        rows.append(("notebook execution", path.name, f"{seconds:.1f} s", "kernel start included", "< 30 s"))
    rows.append(("notebook execution", "all notebooks", f"{total:.1f} s", "", ""))
    sys.path.insert(0, str(ROOT / "tools"))
    from reading_load import EXEMPT, WORDS_PER_MINUTE, reading_load
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        words, minutes = reading_load(path)
        goal = "exempt (capstone)" if path.name.startswith(EXEMPT) else f"≤ {WORDS_PER_MINUTE} words/min"
        rows.append(("main-path reading load", path.name, f"{minutes} min teaching",
                     f"{words:,} words, {words / minutes:.0f} words/min", goal))
    # `make test` as a whole is timed by hand (`time make test`, warm .venv) and written in the README:
    # it runs the notebooks five more times, so repeating it here would double the bench's run time.


def main():
    rows = []
    for section in (bench_loss, bench_iteration, bench_convergence, bench_sliders, bench_boundary_sliders,
                    bench_sliders_end_to_end,
                    bench_course):
        print(f"running {section.__name__} ...", file=sys.stderr, flush=True)
        section(rows)
    header = "| what | compared | time | result | goal |\n|---|---|---|---|---|\n"
    table = header + "".join("| " + " | ".join(row) + " |\n" for row in rows)
    text = f"Machine: {machine()}.\n\n{table}"
    print(text)
    (ROOT / "bench" / "results.md").write_text(f"# Benchmark results (`make bench`)\n\n{text}")


if __name__ == "__main__":
    main()
