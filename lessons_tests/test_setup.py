"""The set-up promises: pinned versions recorded, the two commands exist, CI runs the README's command."""

import os
import pathlib
import re
import subprocess
import sys
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


def readme_block(marker):
    """The command lines of the README's code block between ``<!-- marker:begin`` and ``<!-- marker:end``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"<!-- {marker}:begin.*?-->\n```\w*\n(.*?)```\n<!-- {marker}:end", text, re.S)
    assert block, f"README.md has no {marker} block"
    return block[1].strip().splitlines()


def test_make_clean_never_takes_its_venv_path_from_the_environment(tmp_path):
    victim = tmp_path / "outside-the-repository"
    victim.mkdir()
    env = dict(os.environ, VENV=str(victim))
    for command in (["make", "-n", "clean"], ["make", "-n", "clean", f"VENV={victim}"], ["make", "-n", "-e", "clean"]):
        dry_run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
        assert str(victim) not in dry_run and "rm -rf .venv " in dry_run, command


def test_every_third_party_import_of_the_package_is_declared():
    declared = {requirement_name(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
                ["dependencies"]}
    import_names = {"numpy": "numpy", "pandas": "pandas", "matplotlib": "matplotlib", "sklearn": "scikit-learn",
                    "ipywidgets": "ipywidgets", "PIL": "pillow", "scipy": "scipy", "IPython": "ipython"}
    found = set()
    for path in (ROOT / "lessons").glob("*.py"):
        found |= set(re.findall(r"^(?:from|import) (\w+)", path.read_text(), re.M))
    third_party = found - set(sys.stdlib_module_names) - {"lessons"}
    unknown = third_party - set(import_names)
    assert not unknown, f"add {unknown} to import_names here and to pyproject.toml"
    missing = {import_names[name] for name in third_party} - declared
    assert not missing, f"lessons/ imports {missing}, which pyproject.toml does not declare"


def test_windows_lines_are_the_no_make_lines_ci_runs():
    unix, windows = readme_block("no-make"), readme_block("no-make-windows")
    as_unix = [line.replace("py -3 ", "python3 ").replace(".venv\\Scripts\\", ".venv/bin/").replace("tools\\", "tools/")
               for line in windows]
    assert as_unix == unix
    assert re.search(r"^\.ci/no-make$", (ROOT / ".ci" / "run").read_text(), re.M), "CI must run the no-make lines"


def test_no_make_lines_are_what_make_runs():
    """The set-up line installs what `make setup` installs, and the lab line is `make lab`'s script."""
    makefile = (ROOT / "Makefile").read_text()
    install = next(line for line in readme_block("no-make") if "pip install" in line).split("python ", 1)[1]
    setup = re.search(r"\$\(BIN\)/python (-m pip install .*)", makefile)[1].split()
    assert [arg for arg in setup if not arg.startswith("--")] == install.split()
    assert ".venv/bin/python tools/lab.py" in readme_block("no-make")
    assert re.search(r"^\t\$\(BIN\)/python tools/lab\.py", makefile, re.M)
