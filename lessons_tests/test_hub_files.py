"""The JupyterHub recipe's files agree with the course: hub/requirements-user.txt pins what the lock pins,
and lists every package the course package needs at run time (as installed in this environment);
hub/collect.sh follows no symlink."""

import importlib.metadata
import re
import subprocess
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
HUB_ONLY = {"nbgitpuller"}  # the one package of the users' environment the course itself does not need


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """{canonical name: version} of the `name==version` lines of a requirements file."""
    found = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"{path.name}: '{line}' is not pinned with =="
            found[canonical(name)] = version
    return found


def runtime_closure(name="lessons"):
    """Every distribution `name` needs at run time (no extras), found through the installed metadata."""
    seen, todo = set(), [name]
    while todo:
        current = canonical(todo.pop())
        if current in seen:
            continue
        seen.add(current)
        for text in importlib.metadata.distribution(current).requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen - {canonical(name)}


def test_users_environment_pins_the_locked_versions():
    user, lock = pins(ROOT / "hub" / "requirements-user.txt"), pins(ROOT / "requirements-lock.txt")
    differ = {name: (version, lock.get(name)) for name, version in user.items()
              if name not in HUB_ONLY and lock.get(name) != version}
    assert not differ, f"hub/requirements-user.txt vs requirements-lock.txt: {differ}"


def test_users_environment_lists_every_runtime_dependency():
    user = pins(ROOT / "hub" / "requirements-user.txt")
    missing = runtime_closure() - set(user)
    assert not missing, f"the course package needs {sorted(missing)}: add them to hub/requirements-user.txt"
    extra = set(user) - runtime_closure() - HUB_ONLY
    assert not extra, f"hub/requirements-user.txt lists {sorted(extra)}, which the course does not need"


def test_hub_requirements_do_not_fight_the_lock():
    hub, lock = ROOT / "hub" / "requirements-hub.txt", pins(ROOT / "requirements-lock.txt")
    for line in hub.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==")
            locked = lock.get(canonical(name), version)
            assert locked == version, f"{name}: {version} here, {locked} locked"


def test_the_closure_can_fail():
    """The closure is read from real metadata: numpy is in it, and a package nobody needs is not."""
    closure = runtime_closure()
    assert {"numpy", "scikit-learn", "ipywidgets"} <= closure
    assert "pytest" not in closure


def test_collect_never_follows_symlinks(tmp_path):
    """hub/collect.sh runs as root: a learner's symlink (to a secret, or to another learner's folder) is skipped."""
    secret = tmp_path / "secret"
    secret.write_text("root's secret")
    a, b = tmp_path / "home" / "jupyter-a" / "course", tmp_path / "home" / "jupyter-b" / "course"
    (a / "sub").mkdir(parents=True)
    b.mkdir(parents=True)
    (tmp_path / "home" / "jupyter-c").mkdir()
    (a / "mine.ipynb").write_text("a's work")
    (a / "sub" / "deeper.ipynb").write_text("a's work too")
    (b / "theirs.ipynb").write_text("b's work")
    (a / "x.ipynb").symlink_to(secret)  # a file link
    (a / "linked").symlink_to(b, target_is_directory=True)  # a folder link inside the course folder
    (tmp_path / "home" / "jupyter-c" / "course").symlink_to(b, target_is_directory=True)  # the course folder
    done = subprocess.run(["bash", str(ROOT / "hub" / "collect.sh"), str(tmp_path / "subs"), "course",
                           *(str(tmp_path / "home" / f"jupyter-{n}") for n in "abc")],
                          capture_output=True, text=True, check=True)
    subs = tmp_path / "subs"
    collected = sorted(str(p.relative_to(subs)) for p in subs.rglob("*") if not p.is_dir())
    assert collected == ["a/mine.ipynb", "a/sub/deeper.ipynb", "b/theirs.ipynb"], collected
    assert "skipped a/x.ipynb: a symlink" in done.stdout and "skipped c:" in done.stdout, done.stdout
    assert not any(p.is_symlink() for p in subs.rglob("*"))
