"""The Colab links and the setup cell (tools/colab_links.py): one address, in course.toml, everywhere.

`make test-host` (lessons_tests/host_check.py) runs the notebooks as such a host does; this file checks
the links and the cell's logic without a network or a second environment.
"""

import importlib.util
import shutil
import subprocess
import sys
import tomllib
import types

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from tooling import ROOT, load_tool

colab_links = load_tool("colab_links")
NAMES = [path.name for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
# Colab's runtime as Google publishes it (github.com/googlecolab/backend-info, pip-freeze.txt and os-info.txt,
# commit a724079 of 2026-08-19, "Upgrade to Python 3.13"): the versions the setup cell meets there.
COLAB = {"python": "3.13", "numpy": "2.1.3", "pandas": "2.2.3", "matplotlib": "3.10.0", "scikit-learn": "1.6.1",
         "pillow": "11.3.0", "ipywidgets": "7.7.1"}


def test_readme_and_every_notebook_agree_with_course_toml():
    # Fails until `python tools/colab_links.py --write` has written the links and setup cells (then `make notebooks`)
    assert colab_links.problems() == []


def test_the_links_have_colabs_form():
    config = {"repository": "ada/course", "ref": "v1.0"}
    assert colab_links.colab_url(config, "01_sigmoid.ipynb") == (
        "https://colab.research.google.com/github/ada/course/blob/v1.0/notebooks/01_sigmoid.ipynb")
    assert colab_links.install_source(config) == "git+https://github.com/ada/course@v1.0"
    assert '"git+https://github.com/ada/course@v1.0"' in colab_links.setup_source(config)


@pytest.mark.parametrize("publish, message", [
    ('repository = "no slash"\nref = "main"', "repository must be"),
    ('repository = "a/b"\nref = "has space"', "ref must be"),
    ('repository = "a/b"', "ref must be"),
    ("", "repository must be"),
])
def test_a_malformed_course_toml_is_refused(tmp_path, publish, message):
    (tmp_path / "course.toml").write_text(f"[publish]\n{publish}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        colab_links.load_config(tmp_path / "course.toml")


@pytest.fixture
def course(tmp_path):
    """A copy of the README, course.toml and notebooks, brought in line with course.toml."""
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    shutil.copy(ROOT / "course.toml", tmp_path / "course.toml")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    colab_links.write(tmp_path)
    return tmp_path


def snapshot(root):
    return {path: path.read_bytes() for path in [root / "README.md", *sorted((root / "notebooks").iterdir())]}


def test_write_is_idempotent_and_the_check_writes_nothing(course):
    before = snapshot(course)
    assert colab_links.problems(course) == []
    assert colab_links.write(course) == []
    assert snapshot(course) == before
    nb = nbformat.read(course / "notebooks" / NAMES[0], as_version=4)
    assert sum(colab_links.LINK_LINE.match(line) is not None for line in nb.cells[0].source.split("\n")) == 1
    assert sum(cell.get("id") == colab_links.SETUP_ID for cell in nb.cells) == 1


def edit(course, name, change):
    path = course / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def test_the_check_finds_every_kind_of_disagreement(course):
    config = colab_links.load_config(course / "course.toml")
    wrong_ref = colab_links.colab_url(config, NAMES[1]).replace(f"/blob/{config['ref']}/", "/blob/other-branch/")
    setup = colab_links.SETUP_ID

    def drop_link(nb):
        nb.cells[0].source = "\n".join(line for line in nb.cells[0].source.split("\n")
                                       if not colab_links.LINK_LINE.match(line))

    def relink(nb):
        nb.cells[0].source = nb.cells[0].source.replace(colab_links.colab_url(config, NAMES[1]), wrong_ref)

    def drop_setup(nb):
        nb.cells = [cell for cell in nb.cells if cell.get("id") != setup]

    def other_address(nb):
        cell = next(cell for cell in nb.cells if cell.get("id") == setup)
        cell.source = cell.source.replace(config["repository"], "someone-else/fork")

    def move_setup(nb):
        index = colab_links.setup_cell_index(nb)
        nb.cells.insert(index + 1, nb.cells.pop(index))

    def stray_link(nb):
        nb.cells[-1].source += "\n\nSee [the next one](https://colab.research.google.com/github/x/y/blob/z/a.ipynb)."

    for name, change in zip(NAMES, [drop_link, relink, drop_setup, other_address, move_setup, stray_link]):
        edit(course, name, change)
    readme = (course / "README.md").read_text(encoding="utf-8")
    (course / "README.md").write_text(readme.replace(f"/blob/{config['ref']}/notebooks/{NAMES[-1]}",
                                                     f"/blob/old/notebooks/{NAMES[-1]}"), encoding="utf-8")
    found = colab_links.problems(course)
    expected = [f"{NAMES[0]}: its first cell has no line", f"{NAMES[1]}: its first cell has no line",
                f"{NAMES[1]} cell 0: a Colab link that disagrees", f"{NAMES[2]}: no setup cell",
                f"{NAMES[3]}: the setup cell differs", f"{NAMES[4]}: the setup cell is cell", f"{NAMES[5]} cell ",
                "README.md: the table", "README.md: a Colab link that disagrees"]
    for start in expected:
        assert sum(problem.startswith(start) for problem in found) == 1, (start, found)
    assert len(found) == len(expected), found
    assert f"(found '[Open in Colab]({wrong_ref})')" in next(p for p in found if p.startswith(NAMES[1]))
    assert NAMES[6] not in " ".join(found)  # the untouched notebooks agree
    colab_links.write(course)  # puts back every link line and setup cell (in its place); leaves a link it did not write
    last = len(nbformat.read(course / "notebooks" / NAMES[5], as_version=4).cells) - 1
    stray = "https://colab.research.google.com/github/x/y/blob/z/a.ipynb"
    assert colab_links.problems(course) == [f"{NAMES[5]} cell {last}: a Colab link that disagrees with course.toml: "
                                            f"{stray}"]


def test_a_new_address_in_course_toml_makes_every_link_disagree_until_written(course):
    (course / "course.toml").write_text('[publish]\nrepository = "ada/course"\nref = "v2"\n', encoding="utf-8")
    found = colab_links.problems(course)
    for name in NAMES:  # its link line, its setup cell, and the old link in its first cell
        assert [p.split(":")[0] for p in found if p.startswith(name)] == [name, name, f"{name} cell 0"], found
    assert sum(p.startswith("README.md: a Colab link that disagrees") for p in found) == len(NAMES)
    assert "README.md: the table of Colab links disagrees with course.toml or with notebooks/" in found
    colab_links.write(course)
    assert colab_links.problems(course) == []
    nb = nbformat.read(course / "notebooks" / NAMES[0], as_version=4)
    assert "git+https://github.com/ada/course@v2" in nb.cells[colab_links.setup_cell_index(nb)].source


def test_the_check_exits_1_and_names_the_fix(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(colab_links, "problems", lambda: ["01_sigmoid.ipynb: no setup cell"])
    assert colab_links.main([]) == 1
    assert "--write" in capsys.readouterr().out
    monkeypatch.setattr(colab_links, "problems", lambda: [])
    assert colab_links.main([]) == 0


def test_runtime_dependencies_are_ranges_that_colabs_versions_meet():
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    assert Version(COLAB["python"]) in Requirement(f"python{project['requires-python']}").specifier
    for line in project["dependencies"]:
        requirement = Requirement(line)
        assert requirement.specifier and all(spec.operator == ">=" for spec in requirement.specifier), (
            f"{line}: a pin or an upper bound would fight a host's own version")
        if requirement.name == "ipywidgets":  # the one upgrade on Colab: the sliders need ipywidgets 8
            assert Version(COLAB["ipywidgets"]) not in requirement.specifier
            assert Version("8.1") in requirement.specifier
        else:
            assert Version(COLAB[requirement.name]) in requirement.specifier, (line, COLAB[requirement.name])


def run_setup_cell(monkeypatch, *, importable, returncode=0, colab=False, env=None):
    """Run the setup cell's code here, with `lessons` importable or not and pip replaced: (calls, printed)."""
    calls = []

    def fake_run(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, returncode, "", "ERROR: no such thing")

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: (real_find_spec(name, *a) if importable or name != "lessons" else None))
    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.delenv("COURSE_INSTALL_SOURCE", raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    enabled = []
    if colab:
        output = types.SimpleNamespace(enable_custom_widget_manager=lambda: enabled.append(True))
        monkeypatch.setitem(sys.modules, "google.colab", types.SimpleNamespace(output=output))
        monkeypatch.setitem(sys.modules, "google.colab.output", output)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(colab_links.setup_source(colab_links.load_config()), {})
    return calls, enabled


def test_the_setup_cell_does_nothing_where_lessons_imports(monkeypatch, capsys):
    calls, enabled = run_setup_cell(monkeypatch, importable=True)
    assert calls == [] and enabled == []
    assert capsys.readouterr() == ("", "")


def test_the_setup_cell_installs_from_course_toml_or_the_environment_variable(monkeypatch, capsys):
    source = colab_links.install_source(colab_links.load_config())
    calls, _ = run_setup_cell(monkeypatch, importable=False)
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", source]]
    calls, _ = run_setup_cell(monkeypatch, importable=False, env={"COURSE_INSTALL_SOURCE": "/some/clone"})
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", "/some/clone"]]
    assert capsys.readouterr() == ("", "")  # ipywidgets 8 is loaded here: nothing to say


def test_the_setup_cell_raises_when_the_install_fails(monkeypatch):
    with pytest.raises(RuntimeError, match=r"Could not install the course's package from /x:\nERROR: no such thing"):
        run_setup_cell(monkeypatch, importable=False, returncode=1, env={"COURSE_INSTALL_SOURCE": "/x"})


def test_the_setup_cell_switches_colabs_widget_manager_on_in_colab_only(monkeypatch):
    assert run_setup_cell(monkeypatch, importable=True, colab=True) == ([], [True])
    assert run_setup_cell(monkeypatch, importable=True, colab=False) == ([], [])


def test_the_setup_cell_asks_for_a_restart_when_ipywidgets_7_was_loaded(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", types.SimpleNamespace(__version__="7.7.1"))
    run_setup_cell(monkeypatch, importable=False)
    assert "restart the session" in capsys.readouterr().out
