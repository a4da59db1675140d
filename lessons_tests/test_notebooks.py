"""The notebooks keep the course's promises: structure, exercises, figures with a sentence, clean outputs.

nbval checks that the stored outputs are what the code produces; this checks what a learner and a
teacher rely on besides.
"""

import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
each = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])


def read(path):
    return nbformat.read(path, as_version=4)


def test_the_eight_notebooks_in_order():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01_", "02_", "03_", "04_", "05_", "06_", "07_", "08_"]


@each
def test_opens_with_objectives_and_time_and_ends_with_keypoints(path):
    nb = read(path)
    first, last = nb.cells[0].source, nb.cells[-1].source
    assert first.startswith(f"# {path.name[:2]}")
    for part in ("Questions", "Objectives", "Before you start"):
        assert part in first, f"{path.name}: first cell lacks {part!r}"
    assert re.search(r"Time:\**\s*\d+ min teaching, \d+ min exercises", first)
    # the keypoints end the main path: the last cell, or the one just before the first `## Going further`
    further = [i for i, cell in enumerate(nb.cells) if cell.source.startswith("## Going further")][:1]
    ends = [last] + [nb.cells[i - 1].source for i in further]
    assert any("Keypoints" in end and re.search(r"\d\d_\w+\.ipynb|where to go next", end, re.I) for end in ends)
    assert nb.metadata["kernelspec"]["name"] == "python3"


@each
def test_at_least_two_exercises_each_with_hidden_solution_and_a_check(path):
    nb = read(path)
    solutions = [i for i, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) >= 2
    for i in solutions:
        cell, check = nb.cells[i], nb.cells[i + 1]
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{path.name} cell {i} not collapsed"
        assert "# Hint:" in cell.source and "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        assert "### Exercise" in nb.cells[i - 1].source, f"{path.name}: no exercise text before cell {i}"
        assert re.match(r"check_\w+\(", check.source), f"{path.name}: no check after cell {i}"
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in check.outputs)
        assert shown.startswith("✓ Correct"), f"{path.name} cell {i + 1}: {shown}"


@each
def test_imports_its_code_instead_of_redefining_it(path):
    import lessons

    nb = read(path)
    # exercise functions are the learner's own (my_...); small local helpers are fine, copies are not
    defined = {m.group(1) for c in nb.cells if c.cell_type == "code"
               for m in re.finditer(r"^def (\w+)\(", c.source, re.M)}
    assert not defined & set(lessons.__all__), f"{path.name} redefines {defined & set(lessons.__all__)}"


@each
def test_every_figure_has_a_sentence_saying_what_to_notice(path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            around = [nb.cells[j].source for j in (i - 1, i + 1) if 0 <= j < len(nb.cells)]
            assert any("What to notice" in text for text in around), f"{path.name} cell {i}: figure without a sentence"


@each
def test_no_errors_warnings_or_stderr_in_stored_outputs(path):
    nb = read(path)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name} cell {i}: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"{path.name} cell {i} wrote to stderr"
        assert "NBVAL_SKIP" not in cell.source
        if "NBVAL_IGNORE_OUTPUT" in cell.source:  # only timings, and the cell says so
            assert re.search(r"tim(e|ing)", cell.source.split("\n", 2)[1], re.I), f"{path.name} cell {i}"


@each
def test_stored_executed_in_order_from_a_fresh_kernel(path):
    counts = [c.execution_count for c in read(path).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
