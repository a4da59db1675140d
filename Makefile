# Two commands for a newcomer: `make lab` and `make test`. Each sets up a local
# virtual environment (.venv, python3 -m venv + pip) on first use and reinstalls
# only when pyproject.toml or requirements-lock.txt change.

PYTHON ?= python3
# Fixed, not `?=`: `make clean` runs rm -rf $(VENV), which must never take a path from the environment.
override VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
PORT ?= 8888
# nbval-perturbed's runs at a time; make test, which already runs two suites at once, asks for 1.
PERTURB_JOBS ?= 2
LAB_ARGS ?=
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg --nbval-kernel-startup-timeout 300

# Jupyter's platformdirs migration warning would fail the warnings-as-errors suite;
# an inherited MPLBACKEND=Agg would stop figures from reaching notebook outputs.
export JUPYTER_PLATFORM_DIRS := 1
unexport MPLBACKEND

.PHONY: setup lab lab-reset grade test unit nbval nbval-perturbed notebooks lint lock clean student html bench test-browser test-platforms test-host test-hub

$(STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-lock.txt -e ".[lab,test]"
	touch $@

setup: $(STAMP)  ## create or update .venv

# Serves a copy of the notebooks (work/, or work-student/ with STUDENT=1), never notebooks/ itself:
# the logic is in tools/lab.py so that `python tools/lab.py` does the same without make.
lab: $(STAMP)  ## JupyterLab on 127.0.0.1 (with a token), on your copy of the notebooks in work/ (STUDENT=1: work-student/)
	$(BIN)/python tools/lab.py --port $(PORT) $(if $(STUDENT),--student) $(LAB_ARGS)

lab-reset: $(STAMP)  ## start NOTEBOOK afresh in work/ (STUDENT=1: work-student/); your old copy goes to replaced/
	@test -n "$(NOTEBOOK)" || { echo "usage: make lab-reset NOTEBOOK=01_sigmoid.ipynb [STUDENT=1]"; exit 2; }
	$(BIN)/python tools/lab.py --prepare-only --reset $(NOTEBOOK) $(if $(STUDENT),--student)

# Runs students' code with your permissions (not a sandbox): grade untrusted work in a throwaway container or VM, or as another user.
GRADES ?= grades
grade: $(STAMP)  ## grade SUBMISSIONS=<folder> (one sub-folder or file per student): $(GRADES)/grades.csv and summary.md
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=<folder> [GRADES=grades] [LESSONS='01 02'] [GRADE_ARGS='--cell-timeout 30']"; exit 2; }
	$(BIN)/python tools/grade.py "$(SUBMISSIONS)" --output "$(GRADES)" $(if $(LESSONS),--lessons $(LESSONS)) $(GRADE_ARGS)

# The suites below are independent, so they run two at a time (-j2, each one's output kept together by -O),
# in this order: the browser test and the perturbation harness start together (the harness is one notebook
# run at a time, so the browser is never starved of CPU; its one-thread run is the strict nbval of the
# stored outputs, so plain `make nbval` is not run again); the unit tests start when the browser test ends.
test: $(STAMP)  ## lint, every unit test and doctest, every notebook under strict nbval (as stored, and perturbed), a wheel for every pin on every platform, the sliders in a real browser
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory -j2 -O test-browser nbval-perturbed unit test-platforms PERTURB_JOBS=1

unit: $(STAMP)
	$(BIN)/python -m pytest lessons lessons_tests

# Importing matplotlib once first builds its font cache, whose one-time notice would
# otherwise appear on a notebook's stderr and fail strict nbval on a fresh machine.
nbval: $(STAMP)
	@if [ -z "$(NOTEBOOKS)" ]; then echo "nbval: no notebooks in notebooks/ yet, nothing to check."; \
	else $(BIN)/python -c "import matplotlib.pyplot" && $(BIN)/python -m pytest $(NBVAL) $(NOTEBOOKS); fi

# A stored output must be true on every machine: the same strict nbval with scikit-learn's data
# perturbed by 1e-12 (relative) for seeds 1, 2, 3, and unperturbed with one-thread BLAS, two runs
# at a time (lessons_tests/perturbation/run.py; it lists every cell whose output changed).
nbval-perturbed: $(STAMP)  ## every notebook under strict nbval on data perturbed by 1e-12 (3 seeds) and with one-thread BLAS
	@if [ -z "$(NOTEBOOKS)" ]; then echo "nbval-perturbed: no notebooks in notebooks/ yet, nothing to check."; \
	else $(BIN)/python -c "import matplotlib.pyplot" && $(BIN)/python lessons_tests/perturbation/run.py --jobs $(PERTURB_JOBS) $(NOTEBOOKS); fi

# Opens every notebook that shows a slider in JupyterLab, in headless Chromium, and moves each
# slider (slow, so not part of `unit`). Needs /usr/bin/chromium (apt-get install -y chromium);
# screenshots go to browser-screenshots/. html_check.py opens every `make html` page with the
# network cut off: formulas as MathML, no TeX shown, no serious axe-core accessibility violation.
test-browser: $(STAMP)  ## move every slider in JupyterLab in headless Chromium; open the `make html` pages offline
	$(BIN)/python -m pytest lessons_tests/browser/browser_check.py lessons_tests/browser/html_check.py

# Asks the package index, through pip, whether every version in requirements-lock.txt has a wheel
# for CPython 3.11-3.13 on Linux x86-64/aarch64, macOS arm64/x86-64 and Windows (20-60 s; what pip
# read is kept in .venv/, so a rerun with the same lock takes a second). Offline it is skipped, except
# under CI=true. `$(BIN)/python tools/wheel_matrix.py` prints the whole matrix.
test-platforms: $(STAMP)  ## a wheel for every pinned version on every supported platform and Python
	$(BIN)/python -m pytest lessons_tests/lock_platforms_check.py

# Every notebook as Colab-like hosts run it (lessons_tests/host_check.py): a fresh venv in a temporary folder
# with only the host's packages at the locked versions (numpy, pandas, matplotlib, scikit-learn, ipywidgets,
# ipykernel; pytest and nbval to run them), not lessons; each notebook's setup cell installs lessons from a
# copy of this clone (COURSE_INSTALL_SOURCE), with pip cut off from the index; strict nbval on a copy of each;
# and two broken copies of notebook 01 must fail. Uses pip's cache; not part of `make test` (CI runs it).
test-host: $(STAMP)  ## every notebook in a fresh venv with only a Colab-like host's packages; its setup cell installs lessons
	$(BIN)/python -m pytest lessons_tests/host_check.py

# A class on one JupyterHub, for real (lessons_tests/hub/hub_check.py; the INSTRUCTOR_GUIDE's recipe):
# JupyterHub (pip) and configurable-http-proxy (npm) in .venv-hub, three learner accounts created and
# removed, each logs in, pulls the student edition with nbgitpuller, edits, saves, runs a kernel, pulls
# again; the grader reads the three homes. Needs root, git, node and npm; skipped with the reason
# elsewhere, except under CI=true. 50-80 s; 2-5 min when it first builds .venv-hub.
test-hub: $(STAMP)  ## a JupyterHub class of three on 127.0.0.1: login, nbgitpuller, kernel, save, grade (root only)
	$(BIN)/python -m pytest -s lessons_tests/hub/hub_check.py

# tools/normalize_notebook.py makes the result byte-stable: widget ids, split prints, and the timing
# cells (NBVAL_IGNORE_OUTPUT) keep their stored output unless FRESH=1. Unchanged notebook, no diff.
notebooks: $(STAMP)  ## re-execute every notebook in place, after any change to lessons/ (FRESH=1: new timings too)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && for nb in $(NOTEBOOKS); do \
	  cp "$$nb" "$$tmp/before.ipynb" && \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=python3 \
	    --ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=120 "$$nb" && \
	  $(BIN)/python tools/normalize_notebook.py "$$nb" $(if $(FRESH),,--previous "$$tmp/before.ipynb") || exit 1; \
	done

student: $(STAMP)  ## the notebooks for learners, in student/: every solution a stub, no outputs
	rm -rf student
	$(BIN)/python tools/make_student.py notebooks student

html: $(STAMP)  ## the executed notebooks as static pages readable offline, in html/ (start at html/index.html)
	rm -rf html
	$(BIN)/python tools/make_html.py notebooks html

bench: $(STAMP)  ## timings (loss, GD iteration vs memory bandwidth, convergence, sliders, notebooks) -> bench/results.md
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check lessons lessons_tests notebooks bench tools hub
	$(BIN)/python -m numpydoc lint lessons/*.py

lock: $(STAMP)  ## record the exact versions installed (what CI tested) in requirements-lock.txt
	$(BIN)/python -m pip freeze --exclude-editable --exclude lessons > requirements-lock.txt

clean:
	rm -rf $(VENV) .venv-hub build *.egg-info lessons/__pycache__ lessons_tests/__pycache__ .pytest_cache .ruff_cache
