"""tools/make_student.py (`make student`): no solution survives, and the checks still work.

Every test runs on lessons_tests/fixtures/exercise_example.ipynb (so the tool is
tested even before the course's notebooks exist) and on every notebooks/NN_*.ipynb.
"""

import ast
import asyncio
import copy
import doctest
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from tooling import load_tool

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "lessons_tests" / "fixtures" / "exercise_example.ipynb"


make_student = load_tool("make_student")
NOTEBOOKS = [FIXTURE, *make_student.course_notebooks(ROOT / "notebooks")]
each_notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])


def read(path):
    return nbformat.read(path, as_version=4)


def solution_cells(nb):
    return [(i, cell) for i, cell in enumerate(nb.cells) if make_student.is_solution(cell)]


def check_cell(nb, index):
    """The exercise's check: the first code cell after the solution cell at `index`."""
    return next(cell for cell in nb.cells[index + 1:] if cell.cell_type == "code")


def solution_lines(nb):
    """The lines strictly between the markers; lines without a letter or digit (``)``, ``]``) say nothing."""
    lines, inside = [], False
    for _, cell in solution_cells(nb):
        for line in cell.source.splitlines():
            if line.strip() in (make_student.BEGIN, make_student.END):
                inside = line.strip() == make_student.BEGIN
            elif inside and any(ch.isalnum() for ch in line):
                lines.append(line.strip())
    return lines


def all_text(node):
    """Every string in a notebook's JSON (sources, outputs, metadata, keys), multi-line strings joined."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list) and node and all(isinstance(item, str) for item in node):
        return ["".join(node)]
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in [key, *all_text(value)]]
    if isinstance(node, list):
        return [text for item in node for text in all_text(item)]
    return []


def output_text(cell):
    return "".join(str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", "")) for out in cell.outputs)


def errors(cells):
    return [f"{out.ename}: {out.evalue} (in: {cell.source[:60]!r})" for cell in cells
            for out in cell.get("outputs", []) if out.output_type == "error"]


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    """{notebook path: (the full notebook, its student version as `make student` writes it)}.

    The full notebooks are read once, here: the tests compare against this copy.
    """
    folder = tmp_path_factory.mktemp("student")
    written = make_student.write_student_versions(NOTEBOOKS, folder)
    return {path: (read(path), read(student_path)) for path, student_path in zip(NOTEBOOKS, written, strict=True)}


@each_notebook
def test_every_notebook_has_exercises_with_checks(path):
    full = read(path)
    assert solution_cells(full), f"{path.name} has no code cell tagged 'solution'."
    for index, cell in solution_cells(full):
        assert cell.metadata.get("jupyter", {}).get("source_hidden"), f"{path.name} cell {index}: solution not hidden"
        assert "check_" in check_cell(full, index).source, f"{path.name} cell {index}: no check cell after it"


@each_notebook
def test_no_solution_text_survives(student, path):
    """No line of any notebook's solutions is anywhere in this student file (sources, outputs, metadata),
    except lines that this notebook's author shows in its other cells (``p = sigmoid(z)`` in a worked example)."""
    full, nb = student[path]
    assert solution_lines(full), f"{path.name}: no solution lines between the markers"
    shown = "\n".join(cell.source for cell in full.cells if not make_student.is_solution(cell))
    secrets = {line for other, _ in student.values() for line in solution_lines(other) if line not in shown}
    text = "\n".join(all_text(nb))
    survivors = sorted(line for line in secrets if line in text)
    assert not survivors, f"student/{path.name} still contains solution lines: {survivors}"


def test_fixture_outputs_hold_solution_text_to_remove():
    """The fixture prints its solution's source, so the test above proves that outputs are cleared."""
    full = read(FIXTURE)
    outputs = "\n".join(text for cell in full.cells for text in all_text(cell.get("outputs", [])))
    assert all(line in outputs for line in solution_lines(full))
    assert "widgets" in full.metadata


@each_notebook
def test_student_version_is_cleared_and_keeps_the_rest(student, path):
    full, nb = student[path]
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert [c.get("id") for c in nb.cells] == [c.get("id") for c in full.cells]
    for index, (cell, original) in enumerate(zip(nb.cells, full.cells, strict=True)):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} cell {index} keeps outputs"
        if make_student.is_solution(original):
            assert "source_hidden" not in cell.metadata.get("jupyter", {})
            assert "raise NotImplementedError(" in cell.source and make_student.BEGIN not in cell.source
        elif cell.cell_type == "markdown":
            assert cell.source == make_student.for_students(original.source), f"{path.name} cell {index} changed"
            assert not make_student.SOLUTION_NOTE.search(cell.source), f"{path.name} cell {index}: untrue note"
        else:
            assert cell.source == original.source, f"{path.name} cell {index} changed"


def test_stub_keeps_hint_imports_and_indentation():
    source = ('import numpy as np\n# Hint: use "np.maximum", not max.\ndef relu(x):\n    x = np.asarray(x)\n'
              '    ### BEGIN SOLUTION\n    return np.maximum(x, 0)\n    ### END SOLUTION\n')
    result = make_student.stub_solution(source)
    assert result.splitlines() == ["import numpy as np", '# Hint: use "np.maximum", not max.', "def relu(x):",
                                   "    x = np.asarray(x)",
                                   '    raise NotImplementedError("use \\"np.maximum\\", not max.")']
    raised = ast.parse(result).body[-1].body[-1].exc
    assert ast.literal_eval(raised.args[0]) == 'use "np.maximum", not max.'


@pytest.mark.parametrize(("source", "message"), [
    ("# Hint: h.\ndef f():\n    return 1\n", "tagged 'solution' but has no"),
    ("# Hint: h.\ndef f():\n    ### BEGIN SOLUTION\n    return 1\n", "never closed"),
    ("# Hint: h.\ndef f():\n    ### END SOLUTION\n    return 1\n", "without"),
    ("# Hint: h.\ndef f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n", "a second"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n", "no '# Hint: ...' line"),
])
def test_broken_solution_cells_are_errors_naming_notebook_and_cell(source, message):
    nb = new_notebook(cells=[new_code_cell(source, metadata={"tags": ["solution"]})])
    with pytest.raises(make_student.SolutionCellError, match=message) as info:
        make_student.student_notebook(nb, name="notebooks/07_demo.ipynb")
    assert "notebooks/07_demo.ipynb, cell 0" in str(info.value)


def test_refuses_to_overwrite_the_notebooks():
    with pytest.raises(ValueError, match="must differ"):
        make_student.write_student_versions([FIXTURE], FIXTURE.parent)


def test_doctests():
    result = doctest.testmod(make_student)
    assert result.attempted > 0 and result.failed == 0


@pytest.fixture(scope="module")
def executed(student):
    """{path: student notebook run as is, then each solution put back and its check run again, same kernel}.

    The solutions and checks are appended after the last cell, so the first cells are exactly
    what a learner runs. Two notebooks run at a time (this machine has two cores).
    """
    async def run(path, limit):
        full, nb = student[path][0], copy.deepcopy(student[path][1])
        nb.cells += [new_code_cell(source) for index, _ in solution_cells(nb)
                     for source in (full.cells[index].source, check_cell(nb, index).source)]
        async with limit:
            await NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True, record_timing=False,
                                 resources={"metadata": {"path": str(path.parent)}}).async_execute()
        return nb

    async def run_all():
        limit = asyncio.Semaphore(2)
        return await asyncio.gather(*(run(path, limit) for path in NOTEBOOKS))

    return dict(zip(NOTEBOOKS, asyncio.run(run_all()), strict=True))


@each_notebook
def test_student_version_runs_and_checks_say_not_written_yet(student, executed, path):
    run = executed[path]
    learner = run.cells[:len(student[path][1].cells)]
    assert not errors(learner), f"student/{path.name} raised: {errors(learner)}"
    for index, _ in solution_cells(run):
        shown = output_text(check_cell(run, index))
        assert "✗ Not yet: the function is not written yet" in shown, \
            f"student/{path.name}, the check after cell {index} shows {shown!r}"


@each_notebook
def test_solutions_put_back_make_every_check_pass(student, executed, path):
    run = executed[path]
    appended = run.cells[len(student[path][1].cells):]
    assert len(appended) == 2 * len(solution_cells(run)) > 0
    assert not errors(appended), f"{path.name}'s solutions raised: {errors(appended)}"
    for check in appended[1::2]:
        assert "✓ Correct" in output_text(check), f"{path.name}: {check.source} shows {output_text(check)!r}"


def test_every_exercise_points_at_its_collapsed_solution_and_students_are_told_the_truth():
    """Teachers read 'the worked solution is in the next cell, collapsed'; students, who have a stub there, don't."""
    for path in make_student.course_notebooks(ROOT / "notebooks"):
        full = read(path)
        for index, _ in solution_cells(full):
            assert make_student.SOLUTION_NOTE.search(full.cells[index - 1].source), f"{path.name} cell {index - 1}"
            assert make_student.STUDENT_NOTE in make_student.for_students(full.cells[index - 1].source)
