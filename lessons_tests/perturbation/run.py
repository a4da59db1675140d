"""Perturbation harness: every notebook under strict nbval, on data another machine could compute.

A stored output must be true on every machine. Floating-point results differ in their last
bits between CPUs, BLAS kernels and thread counts; a computation that amplifies such
differences (a chaotic one) prints numbers that another machine will not reproduce. This
harness simulates other machines cheaply and runs every notebook under the same strict nbval
flags as ``make nbval``:

- for each seed, scikit-learn's bundled data sets are perturbed at the 1e-12 relative level
  (``startup.py``, an IPython startup file in a temporary IPYTHONDIR, which the kernels
  nbval starts inherit; figures are not drawn, see `NO_PNG`), and
- once unperturbed, with the BLAS held to one thread.

It prints every cell whose output changed (notebook, cell index counting from 0 with
markdown cells, variant, stored -> computed) and the wall time, and exits 1 if any did.

    python lessons_tests/perturbation/run.py [--seeds 1 2 3] [--jobs 2] [notebooks ...]
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NBVAL_FLAGS = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval_sanitize.cfg",
               "--nbval-kernel-startup-timeout", "300"]
"""The flags of the Makefile's ``NBVAL`` (a unit test keeps the two equal)."""
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
SEEDS = (1, 2, 3)


def variants(seeds):
    """(name, extra environment) for each run: one per seed, then one-thread BLAS."""
    runs = [(f"seed {seed}", {"LESSONS_PERTURB_SEED": str(seed)}) for seed in seeds]
    runs.append(("one-thread BLAS", dict(ONE_THREAD)))
    return runs


NO_PNG = "c.InlineBackend.figure_formats = set()\n"
"""Kernel configuration for the perturbed runs: figures are shown as text only (``<Figure size ...>``).

nbval never compares images (``image/png`` is in its skip list), so a perturbed run has nothing to
check in them, and drawing and encoding them is a fifth of a notebook run's CPU time. The text output
of a figure is still compared. The one-thread run draws every figure, as ``make nbval`` does."""


def environment(extra, workdir):
    """The caller's environment for a notebook run, with its own IPYTHONDIR holding the startup file."""
    ipythondir = workdir / "ipython"
    startup = ipythondir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    shutil.copy(HERE / "startup.py", startup / "00-perturb.py")
    if "LESSONS_PERTURB_SEED" in extra:
        (ipythondir / "profile_default" / "ipython_kernel_config.py").write_text(NO_PNG)
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "LESSONS_PERTURB_SEED")}
    env.update(JUPYTER_PLATFORM_DIRS="1", IPYTHONDIR=str(ipythondir),
               LESSONS_PERTURB_LOG=str(workdir / "loads.log"), LESSONS_NBVAL_RECORD=str(workdir / "failed.jsonl"))
    env.update(extra)
    return env


def run_variant(name, extra, notebooks, workdir):
    """Run nbval on the notebooks; return (name, returncode, failures, loads, seconds, pytest's last line)."""
    workdir.mkdir()
    env = environment(extra, workdir)
    command = [sys.executable, "-m", "pytest", *NBVAL_FLAGS, "-q", "-p", "lessons_tests.perturbation.nbval_record",
               *map(str, notebooks)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    record, log = workdir / "failed.jsonl", workdir / "loads.log"
    failures = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    loads = log.read_text().split("\n")[:-1] if log.exists() else []
    summary = (proc.stdout.strip().splitlines() or [proc.stderr.strip()])[-1]
    return name, proc.returncode, failures, loads, seconds, summary


def loading_notebooks(notebooks):
    """Notebooks whose code loads a data set (directly or through lessons.load_course_data)."""
    return [nb for nb in notebooks if "load_" in pathlib.Path(nb).read_text()]


def check_perturbation_reached(name, extra, loads, notebooks):
    """A perturbed run must have perturbed the data in every notebook that loads some: else the run proves nothing."""
    if "LESSONS_PERTURB_SEED" not in extra:
        return []
    seed = extra["LESSONS_PERTURB_SEED"]
    kernels = {line.split()[2] for line in loads if line.split()[1] == seed}
    expected = len(loading_notebooks(notebooks))
    if len(kernels) < expected:
        return [f"{name}: the data was perturbed in {len(kernels)} kernels, expected {expected} "
                f"(one per notebook that loads data): is the startup file still reaching sklearn.datasets?"]
    return []


def show(text):
    return "\n".join("        | " + line for line in text.rstrip("\n").splitlines()) or "        | (nothing)"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path)
    parser.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    runs = variants(args.seeds)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nbval-perturbed-") as tmp, ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_variant, name, extra, notebooks, pathlib.Path(tmp) / f"run{i}")
                   for i, (name, extra) in enumerate(runs)]
        results = [f.result() for f in futures]
    problems = []
    for (name, extra), (_, code, failures, loads, seconds, summary) in zip(runs, results):
        print(f"{name:>16}: {summary} ({seconds:.1f} s)")
        problems += check_perturbation_reached(name, extra, loads, notebooks)
        if code != 0 and not failures:
            problems.append(f"{name}: pytest exited with {code} but no cell was recorded: {summary}")
        for f in failures:
            same = "\n      (same text: the difference is elsewhere, e.g. text/html or the number of outputs)" * (
                f["stored"] == f["computed"])
            problems.append(f"{name}: {f['notebook']} cell {f['cell']} (nbval Cell {f['nbval_cell']})\n"
                            f"      stored:\n{show(f['stored'])}\n      computed:\n{show(f['computed'])}{same}")
    print(f"wall time {time.perf_counter() - start:.1f} s for {len(runs)} runs of {len(notebooks)} notebooks, "
          f"{args.jobs} at a time")
    if problems:
        print("\nOutputs that do not survive a 1e-12 perturbation or one-thread BLAS (a stored output must be"
              " true on every machine; see README, Testing):\n")
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
