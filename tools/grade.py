"""Grade handed-in notebooks: run each one, read every exercise check's answer, write a table.

Usage: ``python tools/grade.py SUBMISSIONS [--output grades] [--lessons 01 02] [--cell-timeout 60]
[--notebook-timeout 600] [--jobs 2]``, which is what ``make grade SUBMISSIONS=<folder>`` runs.

A *submission* is a sub-folder of SUBMISSIONS (every ``*.ipynb`` in it, recursively) or a
file directly in it (its stem names the submission). Every notebook runs top to bottom in a
fresh kernel, in an empty temporary folder, with a time limit per cell (the kernel is
interrupted, the next cells still run) and per notebook (the cells left are reported as not
run). Stored outputs are cleared first: only what runs now counts.

Which lesson a notebook belongs to is read from its content, not its file name (files get
renamed): its first heading, else the cell ids it shares with a course notebook, else the
checks it calls. An exercise is the check cell that follows a solution cell in the course
notebook (``check_sigmoid(my_sigmoid)``); in a submission it is the last cell calling that
check on the learner's function (demonstration calls such as ``check_sigmoid(naive_sigmoid)``
do not count). Its ``CheckResult`` shows one line, "✓ Correct: ..." or "✗ Not yet: <hint>".

Writes ``grades.csv`` (submission, notebook, lesson, exercise, passed, message; one row per
exercise of every lesson expected, so a missing exercise or notebook is a row that did not
pass), ``summary.md`` (per exercise: how many passed, the most common hint) and the executed
notebooks under ``executed/``. Expected lessons: ``--lessons``, else every lesson that at
least half of the submissions handed in.

This runs the submitted code with your permissions: grade untrusted work in a throwaway
container or virtual machine.
"""

import argparse
import ast
import asyncio
import collections
import csv
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PASS, FAIL = "✓ Correct:", "✗ Not yet:"
COLUMNS = ["submission", "notebook", "lesson", "exercise", "passed", "message"]


@dataclass
class Lesson:
    """A course notebook: its file name, title, cell ids, and exercises {check name: the learner's function}."""

    name: str
    title: str
    cell_ids: set
    exercises: dict
    demos: dict = field(default_factory=dict)  # {check name: arguments used only to demonstrate a failure}


def title_of(nb):
    """The first markdown heading of `nb`, normalized (``# 01 · The sigmoid`` -> ``01 · the sigmoid``), or ''."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.lstrip().startswith("#"):
                    return " ".join(line.strip().lstrip("#").split()).lower()
    return ""


def check_calls(source):
    """[(check name, first argument as source)] for every ``check_*(...)`` call in `source`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a broken cell: find the calls by pattern instead
        return [(m[1], m[2].strip()) for m in re.finditer(r"\b(check_\w+)\(\s*([^,)]*)", source)]
    return [(node.func.id, ast.unparse(node.args[0]) if node.args else "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("check_")]


def is_solution(cell):
    return cell.cell_type == "code" and "solution" in cell.get("metadata", {}).get("tags", [])


def read_lesson(path):
    """The `Lesson` of a course notebook: the check cell after each solution cell is an exercise."""
    nb = nbformat.read(path, as_version=4)
    exercises, demos = {}, collections.defaultdict(set)
    exercise_cells = set()
    for index, cell in enumerate(nb.cells):
        if is_solution(cell):
            check = next(i for i in range(index + 1, len(nb.cells)) if nb.cells[i].cell_type == "code")
            exercise_cells.add(check)
            for name, argument in check_calls(nb.cells[check].source):
                exercises[name] = argument
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and index not in exercise_cells:
            for name, argument in check_calls(cell.source):
                demos[name].add(argument)
    return Lesson(path.name, title_of(nb), {c.get("id") for c in nb.cells} - {None}, exercises, dict(demos))


def course_lessons(folder=ROOT / "notebooks"):
    return [read_lesson(path) for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))]


def identify(nb, lessons):
    """The `Lesson` that `nb` is a copy of, or None: by title, else shared cell ids, else the checks it calls."""
    title = title_of(nb)
    for lesson in lessons:
        if title and title == lesson.title:
            return lesson
    ids = {c.get("id") for c in nb.cells} - {None}
    overlap = max(lessons, key=lambda lesson: len(ids & lesson.cell_ids))
    if ids and len(ids & overlap.cell_ids) >= len(ids) / 2:
        return overlap
    called = {name for cell in nb.cells if cell.cell_type == "code" for name, _ in check_calls(cell.source)}
    best = max(lessons, key=lambda lesson: len(called & set(lesson.exercises)))
    return best if called & set(best.exercises) else None


def exercise_cells(nb, lesson):
    """{check name: index of the cell that grades it in `nb`} (the last such cell), for the lesson's exercises."""
    found = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for name, argument in check_calls(cell.source):
            wanted = lesson.exercises.get(name)
            if wanted is not None and (argument == wanted or argument not in lesson.demos.get(name, ())):
                found[name] = index
    return found


def result_of(cell, note):
    """(passed, message) from a check cell's outputs; `note` explains a cell that was stopped or not run."""
    if note:
        return False, note
    for output in reversed(cell.get("outputs", [])):
        if output.get("output_type") == "error":
            return False, f"the check cell raised {output.get('ename')}: {output.get('evalue')}"
        text = str(output.get("data", {}).get("text/plain", output.get("text", ""))).strip()
        for prefix, passed in ((PASS, True), (FAIL, False)):
            if text.startswith(prefix):
                return passed, text[len(prefix):].strip()
    return False, "the check cell showed no check result"


def definition_problem(nb, function, notes):
    """Why the cell defining `function` (``def my_sigmoid``) failed, or None: the cause behind a NameError."""
    defines = re.compile(rf"^\s*def\s+{re.escape(function)}\b|^\s*{re.escape(function)}\s*=", re.M)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and defines.search(cell.source):
            if index in notes:
                return f"the cell defining {function}: {notes[index]}"
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    return f"the cell defining {function} raised {output.get('ename')}: {output.get('evalue')}"
    return None


async def execute(nb, cell_timeout, notebook_timeout):
    """Run `nb` in place in a fresh kernel; return {cell index: why it was stopped or not run}."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notes = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    with tempfile.TemporaryDirectory() as folder:
        client = NotebookClient(nb, timeout=cell_timeout, interrupt_on_timeout=True, allow_errors=True,
                                kernel_name="python3", record_timing=False, resources={"metadata": {"path": folder}},
                                error_on_timeout={"ename": "TimeoutError", "evalue": "time limit", "traceback": []},
                                shutdown_kernel="immediate")
        deadline = time.monotonic() + notebook_timeout
        code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
        async with client.async_setup_kernel():
            for position, index in enumerate(code):
                left = deadline - time.monotonic()
                stop = None
                if left <= 0:
                    stop = f"not run: the notebook used up its time limit of {notebook_timeout:g} s"
                else:
                    started = time.monotonic()
                    try:
                        await asyncio.wait_for(client.async_execute_cell(nb.cells[index], index), left + 5)
                    except TimeoutError:
                        notes[index] = f"stopped: the notebook used up its time limit of {notebook_timeout:g} s"
                        stop = f"not run: the notebook used up its time limit of {notebook_timeout:g} s"
                    except DeadKernelError:
                        notes[index] = "the kernel died while running this cell"
                        stop = "not run: the kernel died in an earlier cell"
                    else:
                        if time.monotonic() - started >= cell_timeout:
                            notes[index] = (f"stopped after the cell's time limit of {cell_timeout:g} s "
                                            "(an endless loop?)")
                if stop:
                    notes.update({later: stop for later in code[position + (index in notes):]})
                    break
    return notes


def find_submissions(folder):
    """{submission name: (its folder, [paths])}: each sub-folder's notebooks (recursively), or a file of its own."""
    submissions = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith((".", "__MACOSX")):  # hidden files, and what macOS adds to zip files
            continue
        if entry.is_dir():
            notebooks = sorted(p for p in entry.rglob("*.ipynb")
                               if ".ipynb_checkpoints" not in p.parts and not p.name.startswith("._"))
            submissions[entry.name] = (entry, notebooks or [entry])
        else:
            submissions.setdefault(entry.stem, (entry.parent, []))[1].append(entry)
    return submissions


async def grade_notebook(submission, path, base, lessons, options, limit):
    """(lesson name or None, [rows]) for one submitted file."""
    notebook = path.relative_to(base).as_posix() if path != base else ""

    def row(lesson, exercise, passed, message):
        return dict(submission=submission, notebook=notebook, lesson=lesson, exercise=exercise,
                    passed=passed, message=" ".join(str(message).split()))  # one line, for the CSV and the table

    if path.is_dir():
        return None, [row("", "", False, "no notebook (.ipynb) in this submission")]
    if path.suffix != ".ipynb":
        return None, [row("", "", False, f"not a notebook ({path.suffix or 'no extension'}): hand in the .ipynb")]
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not JSON, not a notebook, an unknown format: all the same to a grader
        return None, [row("", "", False, f"not a readable notebook: {type(exc).__name__}: {exc}")]
    lesson = identify(nb, lessons)
    if lesson is None:
        return None, [row("", "", False, "not a notebook of this course (no known title, cells or checks)")]
    async with limit:
        try:
            notes = await execute(nb, options.cell_timeout, options.notebook_timeout)
        except Exception as exc:  # the kernel would not start, or died in a way nbclient does not report
            return lesson.name, [row(lesson.name, name, False, f"could not run the notebook: {type(exc).__name__}: "
                                     f"{exc}") for name in lesson.exercises]
    out = Path(options.output) / "executed" / submission / notebook
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    cells = exercise_cells(nb, lesson)
    rows = []
    for name, argument in lesson.exercises.items():
        if name in cells:
            passed, message = result_of(nb.cells[cells[name]], notes.get(cells[name]))
            if not passed and message.startswith("the check cell raised NameError"):
                message = definition_problem(nb, argument, notes) or message
        else:
            passed, message = False, f"missing: no cell calls {name}({argument}) (deleted?)"
        rows.append(row(lesson.name, name, passed, message))
    return lesson.name, rows


async def grade_all(options):
    lessons = course_lessons(options.course)
    if not lessons:
        raise SystemExit(f"grade: no course notebooks (NN_*.ipynb) in {options.course}")
    submissions = find_submissions(options.submissions)
    limit = asyncio.Semaphore(options.jobs)
    tasks = [(name, grade_notebook(name, path, base, lessons, options, limit))
             for name, (base, paths) in submissions.items() for path in paths]
    results = await asyncio.gather(*(task for _, task in tasks))
    graded = {name: [] for name in submissions}
    for (name, _), result in zip(tasks, results, strict=True):
        graded[name].append(result)
    by_name = {lesson.name: lesson for lesson in lessons}
    if options.lessons:
        expected = [lesson.name for lesson in lessons if any(lesson.name.startswith(p) for p in options.lessons)]
    else:
        handed_in = collections.Counter(n for results in graded.values() for n in {name for name, _ in results})
        expected = [n for n in by_name if handed_in[n] * 2 >= len(graded)]
    rows = []
    for name, results in graded.items():
        for _, notebook_rows in results:
            rows += notebook_rows
        for lesson_name in expected:
            if lesson_name not in {n for n, _ in results}:
                rows += [dict(submission=name, notebook="", lesson=lesson_name, exercise=exercise, passed=False,
                              message=f"no notebook of lesson {lesson_name} was handed in")
                         for exercise in by_name[lesson_name].exercises]
    return rows


def summary(rows):
    """Markdown: per exercise, how many passed and the most common hint; then per submission."""
    lines = ["| lesson | exercise | passed | most common hint (of the notebooks handed in) |", "|---|---|---|---|"]
    groups = collections.defaultdict(list)
    for r in rows:
        if r["exercise"]:
            groups[(r["lesson"], r["exercise"])].append(r)
    for (lesson, exercise), group in sorted(groups.items()):
        failed = [r for r in group if not r["passed"]]
        handed_in = [r for r in failed if r["notebook"]] or failed  # a check's hint before "not handed in"
        hints = collections.Counter(r["message"] for r in handed_in).most_common(1)
        hint = f"{hints[0][0]} ({hints[0][1]}×)" if hints else ""
        lines.append(f"| {lesson} | {exercise} | {sum(r['passed'] for r in group)} of {len(group)} | "
                     f"{hint.replace('|', '/')} |")
    lines += ["", "| submission | exercises passed | problems |", "|---|---|---|"]
    for submission in sorted({r["submission"] for r in rows}):
        mine = [r for r in rows if r["submission"] == submission]
        problems = "; ".join(sorted({f"{r['notebook']}: {r['message']}" for r in mine if not r["exercise"]}))
        lines.append(f"| {submission} | {sum(r['passed'] for r in mine if r['exercise'])} of "
                     f"{sum(1 for r in mine if r['exercise'])} | {problems.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def write(rows, output):
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    with open(output / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    text = summary(rows)
    (output / "summary.md").write_text(text, encoding="utf-8")
    return text


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", type=Path, help="folder: one sub-folder (or file) per submission")
    parser.add_argument("--output", type=Path, default=Path("grades"), help="where to write (default grades/)")
    parser.add_argument("--course", type=Path, default=ROOT / "notebooks", help="the course notebooks")
    parser.add_argument("--lessons", nargs="+", help="expected lessons, e.g. 01 02 (default: see above)")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    parser.add_argument("--notebook-timeout", type=float, default=600, help="seconds per notebook (default 600)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at the same time (default 2)")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse(argv)
    if not options.submissions.is_dir():
        sys.exit(f"grade: {options.submissions} is not a folder of submissions")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # Jupyter's platformdirs migration notice
    os.environ.pop("MPLBACKEND", None)
    if sys.platform == "win32":  # pyzmq (the kernel's messages) needs a selector event loop there
        asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    rows = asyncio.run(grade_all(options))
    print(write(rows, options.output), end="")
    print(f"grade: {len(rows)} rows in {options.output / 'grades.csv'}; the summary in {options.output / 'summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
