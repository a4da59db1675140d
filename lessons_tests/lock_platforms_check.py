"""Every version pinned in requirements-lock.txt installs from a wheel on every platform we support.

The platforms: CPython 3.11, 3.12 and 3.13 on Linux x86-64 and aarch64 (manylinux, glibc
2.28+), macOS arm64 and x86-64 (macOS 12+) and Windows amd64; ``tools/wheel_matrix.py``
says how the index is read (one pip dry run, not fifteen) and prints the whole matrix.

Run by ``make test-platforms`` (part of ``make test``, not of ``make unit``: this file is not
named ``test_*.py``, because asking the index takes 20-60 s). What pip read is kept in
``.venv/lock-wheels-<hash of the lock>.json``, so a second run with the same lock takes a
second; under ``CI=true`` the index is always asked. When pip cannot connect to the index
the tests are skipped, with pip's error, unless ``CI=true``: then they fail.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from tooling import ROOT, load_tool

wheel_matrix = load_tool("wheel_matrix")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Cross-checked against pip's own choice with --platform: a universal2 wheel (greenlet), an abi3 one
# (tornado, argon2-cffi-bindings), plain cpXY ones (PyYAML), on the two targets whose tags are the most involved.
CROSS_CHECKED = ("greenlet", "tornado", "argon2-cffi-bindings", "pyyaml")
CROSS_CHECK_TARGETS = (("macOS arm64", "3.13"), ("macOS x86-64", "3.11"))


def cache_file():
    """The reading of the index for this lock, kept inside the virtual environment (None outside one)."""
    if sys.prefix == sys.base_prefix:
        return None
    digest = hashlib.sha256(wheel_matrix.LOCK.read_bytes()).hexdigest()[:16]
    return Path(sys.prefix) / f"lock-wheels-{digest}.json"


def ask_index(pins):
    why = wheel_matrix.unreachable_index(pins)
    if why and IN_CI:
        pytest.fail(f"CI=true, and pip cannot reach the package index: {why}")
    if why:
        pytest.skip(f"pip cannot reach the package index (offline?): {why}. Under CI=true this fails.")
    files, report, yanked = wheel_matrix.query_index()
    requirements = [f"{pins[name][0]}=={pins[name][1]}" for name in CROSS_CHECKED]
    pip_choices = {f"{target} {python}": wheel_matrix.pip_choices(target, python, requirements)
                   for target, python in CROSS_CHECK_TARGETS}
    return {"files": files, "report": report, "yanked": yanked, "pip_choices": pip_choices}


@pytest.fixture(scope="module")
def pins():
    return wheel_matrix.read_lock()


@pytest.fixture(scope="module")
def index(pins):
    cache = cache_file()
    if cache and cache.exists() and not IN_CI:
        return json.loads(cache.read_text())
    answer = ask_index(pins)
    if cache:
        cache.write_text(json.dumps(answer))
    return answer


@pytest.fixture(scope="module")
def matrix(index):
    return wheel_matrix.wheel_matrix(index["files"])


def test_every_pin_has_a_wheel_on_every_platform(index, matrix, pins):
    missing = {key for key, wheel in matrix.items() if wheel is None}
    unexpected = sorted(missing - set(wheel_matrix.EXPECTED_GAPS))
    details = [f"{name}=={pins[name][1]} on {target}, Python {python}; its files include: "
               + ", ".join(f"{file} (Requires-Python {rp or 'any'})" for file, rp in index["files"][name][:8])
               for name, target, python in unexpected]
    assert not unexpected, "no wheel for:\n" + "\n".join(details) + "\n(python tools/wheel_matrix.py shows all)"
    stale = sorted(set(wheel_matrix.EXPECTED_GAPS) - missing)
    assert not stale, f"EXPECTED_GAPS lists cells that are served now: remove them: {stale}"


def test_reading_of_pip_log_agrees_with_pip_on_this_machine(index, pins):
    assert len(index["files"]) == len(pins) > 100
    assert wheel_matrix.log_problems(index["files"], index["report"], pins) == []


@pytest.mark.parametrize(("target", "python"), CROSS_CHECK_TARGETS)
def test_tag_matching_agrees_with_pip_platform_option(index, matrix, target, python):
    chosen_by_pip = index["pip_choices"][f"{target} {python}"]
    assert set(chosen_by_pip) == set(CROSS_CHECKED)
    assert {name: matrix[name, target, python] for name in CROSS_CHECKED} == chosen_by_pip


def test_no_pinned_version_is_yanked(index):
    assert index["yanked"] == [], "pip warns that these pinned versions were yanked: pin another release"


def test_platforms_in_readme_match_the_targets():
    readme = (ROOT / "README.md").read_text()
    assert wheel_matrix.PLATFORMS_NOTE in readme.replace("\n", " ")
