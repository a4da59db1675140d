"""Which platforms the versions pinned in requirements-lock.txt have wheels for.

Usage: ``python tools/wheel_matrix.py [--out MATRIX.md]`` prints (and writes) a Markdown
table, packages × platforms × CPython versions, saying for each cell whether the pinned
version has a wheel pip installs there. ``lessons_tests/lock_platforms_check.py``
(``make test-platforms``, part of ``make test``) checks the same matrix.

Asking pip once per platform and Python version (``pip install --dry-run --platform ...``)
means 15 runs, each reading the index page of every pinned package (tens of thousands of
file links): minutes of CPU. So pip runs once, a dry run of the lock for this machine,
with its debug log written to a file (``--log``). That log names every file link pip read
from the index, compatible here or not. We keep the files of each pinned version and match
their wheel tags against each target's tags with ``packaging.tags``, as pip itself does.
Two cross-checks guard this reading of the log: every pinned version must show at least
one file, and the wheel pip chose for this machine must be found and judged installable.

A Python version "3.11" means every 3.11.x release from 3.11.0 (Debian 12 ships 3.11.2),
which is also what ``pip --python-version 3.11`` checks Requires-Python against.
"""

import functools
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import compatible_tags, cpython_tags, mac_platforms, sys_tags
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements-lock.txt"
PYTHONS = ("3.11", "3.12", "3.13")


def _manylinux(arch, oldest):
    """manylinux_2_28 down to manylinux_2_<oldest> for ``arch``, and their legacy names: glibc 2.28 runs them all."""
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    return [f"manylinux_2_{minor}_{arch}" for minor in range(28, oldest - 1, -1)] + [
        f"{name}_{arch}" for minor, name in legacy.items() if minor >= oldest]


# Every target's platform tags, most specific first, as pip builds them for `--platform`.
TARGETS = {
    "Linux x86-64": _manylinux("x86_64", oldest=5),  # glibc 2.28+: Debian 10, Ubuntu 20.04, RHEL 8 and later
    "Linux aarch64": _manylinux("aarch64", oldest=17),
    "macOS arm64": list(mac_platforms((12, 0), "arm64")),  # macOS 12+ (scipy, scikit-learn need 12 on arm64)
    "macOS x86-64": list(mac_platforms((12, 0), "x86_64")),
    "Windows amd64": ["win_amd64"],
}
PLATFORMS_NOTE = "Linux: manylinux, glibc 2.28 or newer. macOS: 12 or newer. Windows: 64-bit (amd64)."
# Cells known to have no wheel, each with the reason: {(package, target, python): why}. None today.
EXPECTED_GAPS = {}

NETWORK_ERRORS = ("Could not fetch URL", "NewConnectionError", "Failed to establish a new connection",
                  "Temporary failure in name resolution", "Name or service not known", "Network is unreachable",
                  "ConnectTimeoutError", "ProxyError", "nodename nor servname", "No route to host")
URL = re.compile(r"\b(?:https?|file)://[^\s#]+")
REQUIRES_PYTHON = re.compile(r"\(requires-python:([^)]*)\)")
YANKED = re.compile(r"is a yanked version: '([^']+)' candidate \(version (\S+)")


def read_lock(path=LOCK):
    """{canonical name: (name as written, version)} for every ``name==version`` line."""
    pins = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = (part.strip() for part in line.split("=="))
            pins[canonicalize_name(name)] = (name, version)
    return pins


@functools.cache
def target_rank(target, python):
    """{tag: rank} of the tags pip accepts for CPython ``python`` on ``target``; rank 0 is its first choice."""
    version = tuple(int(part) for part in python.split("."))
    abi, platforms = f"cp{version[0]}{version[1]}", TARGETS[target]
    tags = [*cpython_tags(version, [abi], platforms), *compatible_tags(version, abi, platforms)]
    return {tag: rank for rank, tag in reversed(list(enumerate(tags)))}


def pip_dry_run(*args):
    """``pip install --dry-run --no-deps`` of ``args`` into a throwaway target; (finished process, --report)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        run = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps",
                              "--target", str(Path(tmp) / "target"), "--report", str(report),
                              "--disable-pip-version-check", "--quiet", *args], capture_output=True, text=True)
        return run, json.loads(report.read_text()) if report.exists() else None


def unreachable_index(pins):
    """pip's own words if it cannot connect to the index, else None. Takes seconds even offline (no retries)."""
    name, version = next(iter(pins.values()))
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "pip.log"  # pip logs connection errors at debug level only
        probe, _ = pip_dry_run("--retries", "0", "--timeout", "10", "--log", str(log), f"{name}=={version}")
        output = probe.stderr + (log.read_text(errors="replace") if log.exists() else "")
    errors = [re.sub(r"^\d{4}-\S+ ", "", line.strip()) for line in output.splitlines()
              if any(error in line for error in NETWORK_ERRORS)]
    if probe.returncode and errors:
        return errors[0][:300]
    if probe.returncode:
        raise RuntimeError(f"pip could not resolve {name}=={version}:\n{probe.stderr}")
    return None


def query_index(lock=LOCK):
    """One pip dry run of the whole lock for this machine.

    Returns ({name: [[file, requires_python], ...]}, pip's JSON report, [pinned versions pip says are yanked]).
    """
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "pip.log"
        run, report = pip_dry_run("--log", str(log), "-r", str(lock))
        if run.returncode:
            raise RuntimeError(f"pip install --dry-run -r {Path(lock).name} failed:\n{run.stderr[-3000:]}")
        yanked = [" ".join(found) for found in YANKED.findall(run.stderr)]
        return files_in_log(log.read_text(errors="replace"), read_lock(lock)), report, yanked


def pip_choices(target, python, requirements):
    """{name: wheel} that pip itself picks with ``--platform`` (every tag of ``target``) and ``--python-version``."""
    platforms = [arg for platform in TARGETS[target] for arg in ("--platform", platform)]
    run, report = pip_dry_run("--only-binary=:all:", "--implementation", "cp", "--python-version", python,
                              "--abi", "cp" + python.replace(".", ""), *platforms, *requirements)
    if run.returncode:
        raise RuntimeError(f"pip found no wheel on {target} for Python {python}:\n{run.stderr[-2000:]}")
    return {canonicalize_name(item["metadata"]["name"]): _filename(item["download_info"]["url"])
            for item in report["install"]}


def files_in_log(log, pins):
    """The files of each pinned version that pip's debug log names, with their Requires-Python."""
    found = {name: {} for name in pins}
    for line in log.splitlines():
        if match := URL.search(line):
            filename = _filename(match.group())
            parsed = _name_version(filename)
            if parsed and parsed[0] in pins and str(parsed[1]) == pins[parsed[0]][1]:
                requires = REQUIRES_PYTHON.search(line)
                found[parsed[0]].setdefault(filename, requires.group(1) if requires else "")
    return {name: sorted([file, requires] for file, requires in files.items()) for name, files in found.items()}


def _filename(url):
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def _name_version(filename):
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[:2]
        if filename.endswith((".tar.gz", ".zip")):
            return parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        pass
    return None


def _allows(requires_python, python):
    try:
        return SpecifierSet(requires_python).contains(python, prereleases=True)
    except InvalidSpecifier:
        return True  # pip ignores a Requires-Python it cannot parse


def best_wheel(files, rank, python):
    """The wheel pip would choose among ``files`` ([file, requires_python] pairs) for ``rank`` and ``python``."""
    scored = [(min(rank.get(tag, len(rank)) for tag in parse_wheel_filename(file)[3]), file)
              for file, requires in files if file.endswith(".whl") and _allows(requires, python)]
    scored = [(score, file) for score, file in scored if score < len(rank)]
    return min(scored)[1] if scored else None


def wheel_matrix(files):
    """{(name, target, python): the wheel pip installs there, or None} for every pin, target and Python."""
    return {(name, target, python): best_wheel(pinned, target_rank(target, python), python)
            for name, pinned in files.items() for target in TARGETS for python in PYTHONS}


def log_problems(files, report, pins):
    """Where our reading of the log disagrees with pip's own choice for this machine, or found nothing."""
    problems = [f"{name}: no file of version {pins[name][1]} found in pip's log" for name, f in files.items() if not f]
    here = {tag: rank for rank, tag in reversed(list(enumerate(sys_tags())))}
    python = f"{sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"
    for item in report["install"]:
        name, chosen = canonicalize_name(item["metadata"]["name"]), _filename(item["download_info"]["url"])
        if chosen not in {file for file, _ in files.get(name, [])}:
            problems.append(f"{name}: pip chose {chosen}, which the log reading did not find")
        elif chosen.endswith(".whl") and best_wheel(files[name], here, python) != chosen:
            problems.append(f"{name}: pip chose {chosen} here, the tag matching chose "
                            f"{best_wheel(files[name], here, python)}")
    return problems


def is_pure(wheel):
    return all(tag.abi == "none" and tag.platform == "any" for tag in parse_wheel_filename(wheel)[3])


def newest_os_needed(matrix, target):
    """The newest OS release that some wheel chosen for ``target`` needs, e.g. "glibc 2.28", "macOS 12.0", "-".

    A wheel tagged for several releases (``manylinux_2_27_x86_64.manylinux_2_28_x86_64``) needs the oldest.
    """
    needed = [min(_os_release(tag.platform) for tag in parse_wheel_filename(wheel)[3]
                  if tag in target_rank(target, python))
              for (_, where, python), wheel in matrix.items() if where == target and wheel]
    needed = [release for release in needed if release]
    if not needed:
        return "-"
    major, minor, kind = max(needed)
    return f"{kind} {major}.{minor}"


def _os_release(platform):
    """(major, minor, "glibc" or "macOS") that a platform tag needs; () for other platforms."""
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    if match := re.match(r"(manylinux|macosx)_(\d+)_(\d+)_", platform):
        return int(match.group(2)), int(match.group(3)), "glibc" if match.group(1) == "manylinux" else "macOS"
    if platform.rsplit("_", 1)[0] in legacy:
        return (*legacy[platform.rsplit("_", 1)[0]], "glibc")
    return ()


def render(pins, files, matrix):
    """Markdown: a summary, then one row per pin and one column per target and Python version."""
    kinds = {}
    for name in pins:
        chosen = [matrix[name, t, p] for t in TARGETS for p in PYTHONS if matrix[name, t, p]]
        has_wheel = any(file.endswith(".whl") for file, _ in files[name])
        kinds[name] = "pure" if chosen and all(map(is_pure, chosen)) else "platform" if has_wheel else "sdist only"
    missing = [key for key, wheel in matrix.items() if wheel is None]
    unexpected = [key for key in missing if key not in EXPECTED_GAPS]
    pure = sum(kind == "pure" for kind in kinds.values())
    lines = [
        f"{len(pins)} pinned packages: {len(pins) - pure} with platform-specific wheels, {pure} pure Python "
        f"(a py3-none-any wheel). {len(matrix) - len(missing)} of {len(matrix)} cells served; "
        f"{len(missing) - len(unexpected)} expected gaps, {len(unexpected)} unexpected.",
        "",
        f"{PLATFORMS_NOTE} Newest OS the chosen wheels need: "
        + "; ".join(f"{target} {newest_os_needed(matrix, target)}" for target in TARGETS) + ".",
        "✓ a wheel pip installs there; ✗ none (\"expected\": listed in EXPECTED_GAPS with its reason).",
        "",
    ]
    for (name, target, python), why in EXPECTED_GAPS.items():
        lines.append(f"- expected gap: {name} on {target}, Python {python}: {why}")
    header = ["package", "version", "kind", *(f"{target} {python}" for target in TARGETS for python in PYTHONS)]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in sorted(pins, key=lambda name: (kinds[name] == "pure", name)):
        cells = ["✓" if matrix[name, t, p] else "✗ expected" if (name, t, p) in EXPECTED_GAPS else "✗"
                 for t in TARGETS for p in PYTHONS]
        lines.append("| " + " | ".join([*pins[name], kinds[name], *cells]) + " |")
    return "\n".join(lines) + "\n"


def main(argv):
    pins = read_lock()
    files, report, yanked = query_index()
    matrix = wheel_matrix(files)
    table = render(pins, files, matrix)
    print(table)
    if "--out" in argv:
        Path(argv[argv.index("--out") + 1]).write_text(table)
    problems = log_problems(files, report, pins) + [f"yanked: {pin}" for pin in yanked]
    problems += [f"no wheel: {' '.join(key)}" for key, wheel in matrix.items()
                 if wheel is None and key not in EXPECTED_GAPS]
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
