"""Write the student version of every notebook: each exercise's solution becomes a stub.

Usage: ``python tools/make_student.py [SOURCE_DIR [OUTPUT_DIR]]`` (default: notebooks student),
which is what ``make student`` runs.

In a solution cell (tag ``solution``), the lines from ``### BEGIN SOLUTION`` to
``### END SOLUTION`` (markers included) become one line,
``raise NotImplementedError("<hint>")``, at the marker's indentation; the hint is the
cell's ``# Hint: ...`` line. Every output, execution count and the saved widget state
are cleared, and the ``source_hidden`` flag is removed so the stub is visible. In markdown,
the sentence that points at the collapsed solution (``SOLUTION_NOTE``), untrue once the
solution is a stub, becomes ``STUDENT_NOTE``.
"""

import copy
import json
import re
import sys
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
COURSE = Path(__file__).resolve().parents[1] / "notebooks"
HINT = re.compile(r"^\s*# Hint:\s*(?P<hint>.+?)\s*$", re.MULTILINE)
SOLUTION_NOTE = re.compile(r"The worked solution is in the next cell, collapsed[^.]*\.")
STUDENT_NOTE = ("Your teacher has the worked solution; write yours in the next cell, "
                "where the line `raise NotImplementedError` stands.")


def for_students(markdown):
    """`markdown` with the sentence about the collapsed worked solution made true for the student version.

    >>> for_students("Try first. The worked solution is in the next cell, collapsed (click it).")[:50]
    'Try first. Your teacher has the worked solution; w'
    """
    return SOLUTION_NOTE.sub(STUDENT_NOTE, markdown)


class SolutionCellError(ValueError):
    """A solution cell that does not follow the convention (markers, hint)."""


def is_solution(cell):
    """True for a code cell tagged ``solution``."""
    return cell.cell_type == "code" and "solution" in cell.get("metadata", {}).get("tags", [])


def stub_solution(source, where="a solution cell"):
    """The source with each BEGIN/END SOLUTION block replaced by ``raise NotImplementedError(<hint>)``.

    >>> print(stub_solution('# Hint: add one.\\ndef f(x):\\n    ### BEGIN SOLUTION\\n    return x + 1\\n'
    ...                     '    ### END SOLUTION'))
    # Hint: add one.
    def f(x):
        raise NotImplementedError("add one.")
    """
    hint = HINT.search(source)
    if hint is None:
        raise SolutionCellError(f"{where} has no '# Hint: ...' line; the stub's error message is that hint.")
    out, begin, blocks = [], None, 0
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.strip()
        if marker == BEGIN:
            if begin is not None:
                raise SolutionCellError(f"{where}, line {number}: a second '{BEGIN}' before '{END}'.")
            begin = line
        elif marker == END:
            if begin is None:
                raise SolutionCellError(f"{where}, line {number}: '{END}' without '{BEGIN}' before it.")
            indent = begin[: len(begin) - len(begin.lstrip())]
            out.append(f"{indent}raise NotImplementedError({json.dumps(hint['hint'], ensure_ascii=False)})")
            begin, blocks = None, blocks + 1
        elif begin is None:
            out.append(line)
    if begin is not None:
        raise SolutionCellError(f"{where}: '{BEGIN}' is never closed by '{END}'.")
    if blocks == 0:
        raise SolutionCellError(f"{where} is tagged 'solution' but has no '{BEGIN}' ... '{END}' block.")
    return "\n".join(out)


def student_notebook(nb, name="the notebook"):
    """A copy of `nb` for learners: solutions stubbed, outputs, counts and widget state cleared."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)  # per-cell timings, when recorded
        if cell.cell_type == "markdown":
            cell.source = for_students(cell.source)
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if is_solution(cell):
            cell.source = stub_solution(cell.source, f"{name}, cell {index} (id {cell.get('id', '?')})")
            jupyter = cell.metadata.get("jupyter", {})
            jupyter.pop("source_hidden", None)
            if "jupyter" in cell.metadata and not jupyter:
                del cell.metadata["jupyter"]
    return nb


def course_notebooks(folder=COURSE):
    """The course's notebooks in `folder` (default: notebooks/), in order: ``NN_*.ipynb``.

    With `is_solution`, `BEGIN` and `END`, the one definition the other tools import.
    """
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def write_student_versions(notebooks, output_dir="student"):
    """Write the student version of each notebook path to `output_dir`; return the paths written."""
    output_dir, written = Path(output_dir), []
    output_dir.mkdir(parents=True, exist_ok=True)
    for path in map(Path, notebooks):
        if path.parent.resolve() == output_dir.resolve():
            raise ValueError(f"{path}: the output folder must differ from the notebook's, or its solutions are lost.")
        nb = student_notebook(nbformat.read(path, as_version=4), name=str(path))
        nbformat.validate(nb)
        nbformat.write(nb, output_dir / path.name)
        written.append(output_dir / path.name)
    return written


def main(argv):
    source_dir, output_dir = (argv + ["notebooks", "student"][len(argv):])[:2]
    try:
        written = write_student_versions(course_notebooks(source_dir), output_dir)
    except ValueError as exc:  # a SolutionCellError, or the output folder is the notebooks
        sys.exit(f"make_student: {exc}")
    print(f"make_student: wrote {len(written)} student notebooks to {output_dir}/"
          + ("" if written else f" (no NN_*.ipynb in {source_dir}/ yet)"))


if __name__ == "__main__":
    main(sys.argv[1:])
