"""Binder-style hosts (repo2docker) build the course from environment.yml: check what they rely on.

repo2docker picks the first build pack that matches: a Dockerfile, Julia, Nix or R files
would win over environment.yml, and a binder/ or .binder/ folder is searched instead of
the root. It reads the Python version from a ``python=X.Y`` line, installs the conda
packages from the listed channels, then the ``pip:`` section after copying the repository
(so ``-e .`` works).
"""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYTHON_PIN = re.compile(r"python\s*=+\s*([\d\.]*)")  # repo2docker's own pattern (buildpacks/conda)
CONDA_FORGE_NAMES = {"playwright": "playwright-python"}  # PyPI name -> conda-forge name, where they differ
# The conda packages environment.yml may name: each has a conda-forge feedstock of that name
# (conda-forge/<name>-feedstock, which builds the package <name>), looked up on 2026-11-28 in a public
# index of GitHub repositories, since conda-forge itself cannot be reached from CI. A new conda
# dependency must be looked up the same way (or go in the pip: section) and added here.
ON_CONDA_FORGE = {"python", "pip", "numpy", "pandas", "matplotlib", "scikit-learn", "ipywidgets", "jupyterlab",
                  "pytest", "nbval", "hypothesis", "scipy", "ruff", "playwright-python", "pillow",
                  "websocket-client", "numpydoc", "psutil"}
OVERRIDING_FILES = ["Dockerfile", "Project.toml", "JuliaProject.toml", "REQUIRE", "default.nix", "install.R",
                    "DESCRIPTION", "runtime.txt"]


def environment():
    with open(ROOT / "environment.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def pyproject():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def conda_specs():
    return [dep for dep in environment()["dependencies"] if isinstance(dep, str)]


def conda_name(spec):
    return canonicalize_name(re.match(r"[A-Za-z0-9_.-]+", spec)[0])


def pip_specs():
    sections = [dep["pip"] for dep in environment()["dependencies"] if isinstance(dep, dict) and "pip" in dep]
    assert len(sections) <= 1, "one pip: section"
    return sections[0] if sections else []


def lower_bounds(requirements):
    """{canonical name: the ``>=`` version, or None}, from PEP 508 strings."""
    bounds = {}
    for text in requirements:
        req = Requirement(text)
        floor = [spec.version for spec in req.specifier if spec.operator == ">="]
        bounds[canonicalize_name(req.name)] = floor[0] if floor else None
    return bounds


def test_binder_reads_the_root_environment_yml():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), \
        "repo2docker would read binder/ (or .binder/) instead of the root environment.yml"
    found = [name for name in OVERRIDING_FILES if (ROOT / name).exists()]
    assert not found, f"repo2docker would build from {found} and ignore environment.yml"
    env = environment()
    assert isinstance(env, dict) and env["channels"] == ["conda-forge"]
    assert isinstance(env["dependencies"], list)


def test_python_pin_is_one_binder_understands_and_pyproject_accepts():
    pins = [spec for spec in conda_specs() if conda_name(spec) == "python"]
    assert len(pins) == 1, f"exactly one python line, got {pins}"
    match = PYTHON_PIN.fullmatch(pins[0].replace(" ", ""))
    assert match and re.fullmatch(r"3\.\d+", match[1]), \
        f"write python=3.X: repo2docker does not read {pins[0]!r} and falls back to its default Python"
    assert SpecifierSet(pyproject()["requires-python"]).contains(match[1])


def test_same_packages_and_lower_bounds_as_pyproject_with_lab_and_test_extras():
    project = pyproject()
    expected = lower_bounds(project["dependencies"] + project["optional-dependencies"]["lab"]
                            + project["optional-dependencies"]["test"])
    from_conda = lower_bounds(spec for spec in conda_specs() if conda_name(spec) not in ("python", "pip"))
    conda_to_pypi = {conda: pypi for pypi, conda in CONDA_FORGE_NAMES.items()}
    listed = {conda_to_pypi.get(name, name): version for name, version in from_conda.items()}
    listed.update(lower_bounds(spec for spec in pip_specs() if not spec.startswith("-")))
    assert listed == expected


def test_conda_packages_use_their_conda_forge_names():
    wrong = [spec for spec in conda_specs() if conda_name(spec) in CONDA_FORGE_NAMES]
    assert not wrong, (f"conda-forge has no package {wrong}: it is {CONDA_FORGE_NAMES} there "
                       "(or install it from PyPI in the pip: section)")


def test_conda_packages_are_ones_conda_forge_has():
    unknown = sorted({conda_name(spec) for spec in conda_specs()} - ON_CONDA_FORGE)
    assert not unknown, (f"not known to be on conda-forge: {unknown}; check that conda-forge has a feedstock "
                         "of that name, then add it to ON_CONDA_FORGE (or install it in the pip: section)")


def test_installs_the_course_package_itself_with_pip():
    assert "pip" in conda_specs()
    assert "-e ." in pip_specs(), "the pip: section must install `lessons` (the notebooks import it)"
