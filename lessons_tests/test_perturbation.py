"""The perturbation harness really perturbs, by 1e-12, the same way for the same seed, and can fail.

The harness (``lessons_tests/perturbation/``, run by ``make nbval-perturbed``) is only worth
something if its IPython startup file reaches the data a notebook uses. One test runs the harness
itself on a small notebook, so nbval's kernel loads the file from
``$IPYTHONDIR/profile_default/startup/`` as in ``make nbval-perturbed``; the others run the file in
this process (scikit-learn's loaders are put back afterwards). Perturbed data are compared with
scikit-learn's own, unperturbed loader.
"""

import importlib.util
import pathlib
import re
import subprocess
import sys

import nbformat
import numpy as np
import pytest
import sklearn.datasets
from sklearn.datasets import load_breast_cancer, load_digits

ROOT = pathlib.Path(__file__).resolve().parents[1]
HARNESS = ROOT / "lessons_tests" / "perturbation"


def load_runner():
    spec = importlib.util.spec_from_file_location("perturbation_run", HARNESS / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def relative_change(perturbed, reference):
    """Largest |perturbed / reference - 1| over the nonzero entries; zeros must stay zero."""
    nonzero = reference != 0
    assert np.array_equal(perturbed[~nonzero], reference[~nonzero])
    return np.max(np.abs(perturbed[nonzero] / reference[nonzero] - 1))


def run_startup_file(monkeypatch, seed):
    """Run the startup file in this process; monkeypatch puts scikit-learn's loaders back after the test."""
    for module in [m for n, m in sys.modules.items() if n.startswith("sklearn.datasets")]:
        for name in dir(module):
            if name.startswith("load_"):
                monkeypatch.setattr(module, name, getattr(module, name))
    if seed is None:
        monkeypatch.delenv("LESSONS_PERTURB_SEED", raising=False)
    else:
        monkeypatch.setenv("LESSONS_PERTURB_SEED", str(seed))
    monkeypatch.delenv("LESSONS_PERTURB_LOG", raising=False)
    exec(compile((HARNESS / "startup.py").read_text(), "startup.py", "exec"), {"__name__": "startup"})
    return sklearn.datasets


@pytest.fixture
def perturbed_loaders(monkeypatch):
    return run_startup_file(monkeypatch, 7)


def test_every_return_form_gets_the_same_noise_and_targets_stay(perturbed_loaders):
    d = perturbed_loaders
    reference = load_digits()  # imported before the patch: the original
    bunch = d.load_digits()
    assert 1e-13 < relative_change(bunch.data, reference.data) < 1e-11
    assert np.array_equal(bunch.images.reshape(len(bunch.images), -1), bunch.data)
    X, y = d.load_digits(return_X_y=True)
    assert np.array_equal(X, bunch.data) and np.array_equal(y, reference.target)
    framed = d.load_digits(as_frame=True)
    assert np.array_equal(framed.data.to_numpy(), bunch.data)
    assert np.array_equal(framed.frame[framed.feature_names].to_numpy(), bunch.data)
    assert np.array_equal(framed.frame["target"].to_numpy(), reference.target)
    X_frame, _ = d.load_digits(return_X_y=True, as_frame=True)
    assert np.array_equal(X_frame.to_numpy(), bunch.data)
    for name in ("load_breast_cancer", "load_diabetes", "load_iris", "load_linnerud", "load_wine"):
        original = getattr(d, name).__wrapped__()
        assert 1e-13 < relative_change(getattr(d, name)().data, original.data) < 1e-11, name
        assert np.array_equal(getattr(d, name)().target, original.target), name


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(monkeypatch):
    first = run_startup_file(monkeypatch, 1).load_breast_cancer().data
    monkeypatch.undo()
    again = run_startup_file(monkeypatch, 1).load_breast_cancer().data
    monkeypatch.undo()
    other = run_startup_file(monkeypatch, 2).load_breast_cancer().data
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other) and 1e-13 < relative_change(other, first) < 1e-11


def test_without_a_seed_the_startup_file_changes_nothing(monkeypatch):
    before = {name: getattr(sklearn.datasets, name) for name in dir(sklearn.datasets) if name.startswith("load_")}
    after = run_startup_file(monkeypatch, None)
    assert all(getattr(after, name) is before[name] for name in before)
    assert np.array_equal(after.load_breast_cancer().data, load_breast_cancer().data)


def test_harness_uses_the_makefiles_nbval_flags_and_make_test_runs_it():
    makefile = (ROOT / "Makefile").read_text()
    flags = re.search(r"^NBVAL :=(.*)$", makefile, re.M).group(1).split()
    assert flags == load_runner().NBVAL_FLAGS
    test_recipe = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert re.search(r"^make .*-j2 .*\bnbval-perturbed\b", test_recipe, re.M), "make test must run nbval-perturbed"
    runner = load_runner()
    names = [name for name, _ in runner.variants(runner.SEEDS)]
    assert len(runner.SEEDS) >= 3 and names[-1] == "one-thread BLAS"
    assert runner.variants([1])[-1][1] == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    assert "CORETYPE" not in (HARNESS / "run.py").read_text() + makefile


def test_in_a_notebook_kernel_the_course_data_moves_by_1e_12_and_the_harness_names_the_fragile_cell(tmp_path):
    """One perturbed run of the harness (seed 1) on a two-cell notebook, executed by nbval in its own kernel.

    Cell 1 saves what ``lessons.load_course_data()`` returns there (lessons imported its loader
    at import time, so this proves the wrapper reaches it); cell 2 prints digits that a 1e-12
    perturbation moves, so the harness must report that cell, and only that one.
    """
    saved = tmp_path / "course.npy"
    value = load_breast_cancer().data[0, 0]
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("A fact that survives, then digits that do not."),
        nbformat.v4.new_code_cell("import numpy as np\nimport lessons\n"
                                  "X = lessons.load_course_data(scaled=False).X_train\n"
                                  f"np.save({str(saved)!r}, X)\nprint(X.shape)"),
        nbformat.v4.new_code_cell("print(f'{lessons.data.load_breast_cancer().data[0, 0]:.17g}')"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()"),
    ]
    for count, (cell, text) in enumerate(zip(nb.cells[1:3], ["(364, 30)\n", f"{value:.17g}\n"]), start=1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    # A figure stored as a PNG, as `make notebooks` stores one: the perturbed run draws none (NO_PNG) and
    # must still pass this cell, because nbval compares a figure's text, never its image.
    nb.cells[3].execution_count = 3
    nb.cells[3].outputs = [nbformat.v4.new_output("display_data", data={
        "image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"})]
    path = tmp_path / "fragile.ipynb"
    nbformat.write(nb, path)
    runner = load_runner()
    (name, extra), = runner.variants([1])[:1]

    _, code, failures, loads, _, summary = runner.run_variant(name, extra, [path], tmp_path / "run")

    from lessons import load_course_data
    reference = load_course_data(scaled=False).X_train  # this process is not perturbed
    change = relative_change(np.load(saved), reference)
    assert 1e-13 < change < 1e-11, f"largest relative change {change:.2e}"
    assert np.mean(np.load(saved) != reference) > 0.9  # nearly every value moved, not just a few
    assert code == 1 and "1 failed, 2 passed" in summary, summary
    assert [(f["notebook"], f["cell"], f["nbval_cell"]) for f in failures] == [("fragile.ipynb", 2, 1)]
    assert failures[0]["stored"] == f"{value:.17g}\n" != failures[0]["computed"]
    assert runner.check_perturbation_reached(name, extra, loads, [path]) == []
    assert runner.check_perturbation_reached(name, extra, [], [path]) != []  # a run that perturbed nothing is flagged
    config = tmp_path / "run" / "ipython" / "profile_default" / "ipython_kernel_config.py"
    assert config.read_text() == runner.NO_PNG  # the perturbed run drew no figure...
    assert "LESSONS_PERTURB_SEED" not in runner.variants([1])[-1][1]  # ...the one-thread run is left as it is


def test_only_timings_ignore_their_output():
    """NBVAL_IGNORE_OUTPUT is no way around the harness: only a cell that measures time may use it."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if "NBVAL_IGNORE_OUTPUT" in cell.source or "nbval-ignore-output" in cell.metadata.get("tags", []):
                assert re.search(r"perf_counter|timeit|process_time", cell.source), (
                    f"{path.name} cell {i} ignores its output but times nothing: store a fact that survives"
                    " perturbation instead (README, Testing)")
