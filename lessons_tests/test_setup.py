"""The set-up promises: pinned versions recorded, the two commands exist, CI runs the README's command."""

import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def requirement_name(spec):
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_lock_file_pins_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    lines = [ln for ln in (ROOT / "requirements-lock.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    pinned = {requirement_name(ln): ln.split("==")[1] for ln in lines}
    assert all("==" in ln for ln in lines), "every line of requirements-lock.txt pins an exact version"
    missing = {requirement_name(d) for d in wanted} - set(pinned)
    assert not missing, f"not pinned in requirements-lock.txt: {missing}"


def test_makefile_has_the_readme_commands():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "lint", "clean"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "tools/lab.py" in makefile and "0.0.0.0" not in makefile  # the lab's flags: test_lab.py
    assert "--nbval " in makefile and "--nbval-sanitize-with" in makefile


def test_readme_gives_the_two_commands_and_ci_runs_one_of_them():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert re.search(r"^make test\b", (ROOT / ".ci" / "run").read_text(), re.M)
