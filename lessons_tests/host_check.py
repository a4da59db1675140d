"""The notebooks as Colab-like hosts run them: only the host's packages, and the setup cell installs `lessons`.

`make test-host` runs this file (not collected by `make unit`: it builds a virtual environment). The host is
a fresh venv with what such a host ships, at the versions of requirements-lock.txt: numpy, pandas,
matplotlib, scikit-learn, ipywidgets and ipykernel, plus pytest and nbval to run the notebooks, and the
build backend of pyproject.toml (pip builds `lessons` from a directory with it). Not `lessons`.

Every notebook then runs there under strict nbval, one at a time, from a copy outside the repository,
with `lessons` uninstalled before each, so that each notebook's setup cell has to install it; the cell's
``COURSE_INSTALL_SOURCE`` points at a copy of this clone's package, and pip is cut off from the package
index (``PIP_NO_INDEX``): the install must be satisfied by the host's own packages, and must change none
of them. Two broken copies of notebook 01 must fail: without its setup cell, and with an install that
cannot succeed.

Installing the host needs the package index or pip's cache; when neither answers, the test is skipped
with a message, except under CI=true, where it fails.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import colab_links  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HOST_PACKAGES = ["numpy", "pandas", "matplotlib", "scikit-learn", "ipywidgets", "ipykernel"]
RUNNER_PACKAGES = ["pytest", "nbval"]
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "nbval_sanitize.cfg"),
         "--nbval-kernel-startup-timeout", "300"]


def build_requirements():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["build-system"]["requires"]


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


class Host:
    """A venv in `folder` with the host's packages, and the copies the notebooks run from."""

    def __init__(self, folder):
        self.folder = folder
        self.python = folder / "venv" / "bin" / "python"
        self.course = folder / "course"  # what COURSE_INSTALL_SOURCE points at: the package, as a clone has it
        self.notebooks = folder / "notebooks"  # outside the course copy: `import lessons` must not find it by path

    def pip(self, *args, **kwargs):
        return run([str(self.python), "-m", "pip", "--disable-pip-version-check", *args], **kwargs)

    def env(self, source):
        env = {key: value for key, value in os.environ.items()
               if key not in ("PYTHONPATH", "MPLBACKEND", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
        env.update(COURSE_INSTALL_SOURCE=str(source), PIP_NO_INDEX="1", JUPYTER_PLATFORM_DIRS="1",
                   # pip's inverted spelling: the value goes to `build_isolation`, so "0" turns isolation off
                   # and the build uses the host's setuptools instead of downloading one
                   PIP_NO_BUILD_ISOLATION="0", IPYTHONDIR=str(self.folder / "ipython"))
        return env

    def freeze(self):
        lines = self.pip("freeze", "--all", check=True).stdout.splitlines()
        return sorted(line for line in lines if not line.lower().startswith("lessons"))

    def has_lessons(self):
        probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('lessons') is None)"
        return run([str(self.python), "-c", probe], cwd=self.notebooks, env=self.env(self.course)).returncode == 0

    def nbval(self, notebook, source=None):
        """Uninstall `lessons`, then run `notebook` under strict nbval; the completed process."""
        self.pip("uninstall", "--yes", "--quiet", "lessons", check=True)
        assert not self.has_lessons(), "lessons is still importable on the host after uninstalling it"
        command = [str(self.python), "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
                   str(self.folder), *NBVAL, str(notebook)]
        return run(command, cwd=self.folder, env=self.env(source or self.course), timeout=900)


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    folder = tmp_path_factory.mktemp("host")
    host = Host(folder)
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    packages = HOST_PACKAGES + RUNNER_PACKAGES + build_requirements()
    installed = host.pip("install", "--quiet", "-c", str(ROOT / "requirements-lock.txt"), *packages)
    if installed.returncode != 0:
        message = f"test-host: could not install the host's packages (no index, no cache?):\n{installed.stderr[-2000:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    shutil.copytree(ROOT / "lessons", host.course / "lessons", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, host.course / name)
    host.notebooks.mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, host.notebooks / path.name)
    # matplotlib's one-time font-cache notice would otherwise reach a notebook's stderr (as in `make nbval`)
    subprocess.run([str(host.python), "-c", "import matplotlib.pyplot"], check=True, env=host.env(host.course))
    return host


def test_the_host_has_no_lessons_and_every_runtime_dependency(host):
    assert not host.has_lessons()
    with open(ROOT / "pyproject.toml", "rb") as f:
        dependencies = tomllib.load(f)["project"]["dependencies"]
    missing = host.pip("install", "--dry-run", "--quiet", "--no-index", *dependencies, env=host.env(host.course))
    assert missing.returncode == 0, f"the host lacks a dependency of lessons:\n{missing.stderr}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_the_notebook_installs_lessons_and_passes_strict_nbval(host, path):
    before = host.freeze()
    result = host.nbval(host.notebooks / path.name)
    assert result.returncode == 0, f"{path.name} failed on the host:\n{result.stdout[-6000:]}"
    assert host.has_lessons(), f"{path.name} passed, but its setup cell installed nothing"
    location = run([str(host.python), "-c", "import lessons; print(lessons.__file__)"], cwd=host.notebooks,
                   env=host.env(host.course)).stdout.strip()
    assert location.startswith(str(host.folder / "venv")), f"lessons came from {location}, not the host's install"
    assert host.freeze() == before, "installing lessons changed the host's own packages"


def broken_copy(host, remove_setup):
    nb = nbformat.read(host.notebooks / NOTEBOOKS[0].name, as_version=4)
    index = colab_links.setup_cell_index(nb)
    assert index is not None, f"{NOTEBOOKS[0].name} has no setup cell: run tools/colab_links.py --write"
    if remove_setup:
        del nb.cells[index]
    folder = host.folder / ("without-setup" if remove_setup else "broken-install")
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / NOTEBOOKS[0].name)
    return folder / NOTEBOOKS[0].name


def test_a_notebook_without_its_setup_cell_fails_on_the_host(host):
    result = host.nbval(broken_copy(host, remove_setup=True))
    assert result.returncode != 0
    assert "No module named 'lessons'" in result.stdout


def test_a_setup_cell_whose_install_fails_fails_on_the_host(host):
    result = host.nbval(broken_copy(host, remove_setup=False), source=host.folder / "no-such-course")
    assert result.returncode != 0
    assert "Could not install the course's package from" in result.stdout
    assert not host.has_lessons()

