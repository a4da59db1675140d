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

Each kernel imports ``lessons`` from a private, read-only copy of the course package (first on its
``PYTHONPATH``), one per notebook: a notebook that rewrites the package changes only its own copy,
and is caught by comparing the copy before and after (all its exercises fail). The course's own
``lessons/`` is compared before and after the whole run: if it changed, the grader says so and exits
with status 1. Every process a kernel started (its process group, its descendants, and anything
carrying its environment mark) is killed after its notebook. The output folder, and any earlier
run's, is never graded as a submission.

This is not a sandbox: the submitted code runs with your permissions and can read, change or delete
any of your files. Grade untrusted work in a throwaway container or virtual machine, or as a
separate user account.
"""

import argparse
import ast
import asyncio
import collections
import csv
import functools
import hashlib
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil

TOOLS = str(Path(__file__).resolve().parent)
if TOOLS not in sys.path:  # loaded by path (as the tests do): make the sibling scripts importable
    sys.path.append(TOOLS)
from make_student import is_solution  # noqa: E402  (one definition of a solution cell)

ROOT = Path(__file__).resolve().parents[1]
PASS, FAIL = "✓ Correct:", "✗ Not yet:"
COLUMNS = ["submission", "notebook", "lesson", "exercise", "passed", "message"]
PACKAGE = ROOT / "lessons"  # the course package; each kernel imports a private copy of it
MARK = "LESSONS_GRADE_KERNEL"  # environment variable naming the notebook a process was started for


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
    """{check name: index of the cell that grades it in `nb`}, for the lesson's exercises.

    A cell whose own result is the check (``check_x(my_x)`` as a statement of its own) wins over one that
    only passes it on (notebook 08's report card calls every milestone's check inside ``report_card``);
    among equals, the last such cell.
    """
    found, direct = {}, {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        own = direct_check_names(cell.source)
        for name, argument in check_calls(cell.source):
            wanted = lesson.exercises.get(name)
            if wanted is not None and (argument == wanted or argument not in lesson.demos.get(name, ())):
                found[name] = index
                if name in own:
                    direct[name] = index
    return found | direct


def direct_check_names(source):
    """Names of the ``check_*`` calls that stand as statements of their own in `source` (all of them if it
    does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {name for name, _ in check_calls(source)}
    return {node.value.func.id for node in tree.body
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id.startswith("check_")}


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


def fingerprint(folder):
    """{path relative to `folder`: SHA-256 of its content} for every file under `folder`, bytecode caches aside."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def changed_files(before, after):
    """The files added, removed or changed between two `fingerprint` results."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def snapshot(folder):
    """{relative path: bytes} of the package in `folder` (no bytecode caches): what every kernel's copy is made of."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def write_package(files, folder):
    """Write the package `files` (a `snapshot`) as ``folder/lessons``, read-only; return ``folder/lessons``."""
    package = Path(folder) / PACKAGE.name
    for name, content in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes(content)
    read_only = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
    for path in sorted(package.rglob("*"), reverse=True) + [package]:  # files before their folders
        path.chmod(read_only | (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH if path.is_dir() else 0))
    return package


def remove(folder):
    """Delete `folder`, making writable again what `write_package` (or a notebook) made read-only in it."""
    try:
        for path in [Path(folder), *Path(folder).rglob("*")]:
            if not path.is_symlink():  # Windows deletes no read-only file; POSIX needs writable folders
                path.chmod(stat.S_IRWXU if path.is_dir() else stat.S_IRUSR | stat.S_IWUSR)
    except OSError:  # what cannot be made writable is left behind in the temporary folder
        pass
    shutil.rmtree(folder, ignore_errors=True)


def kernel_env(course, profile, mark):
    """The kernel's environment: `course` first on PYTHONPATH, a fresh IPython profile, the notebook's mark."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(course), env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # the copy stays as written (a root user could write into it)
    env["IPYTHONDIR"] = str(profile)  # startup files a notebook writes reach no other notebook
    env[MARK] = mark
    return env


def processes(pid):
    """The kernel's process `pid` and all its descendants, while it runs ([] if it is gone)."""
    try:
        kernel = psutil.Process(pid)
        return [kernel, *kernel.children(recursive=True)]
    except psutil.Error:
        return []


def marked(mark):
    """Every process whose environment carries `mark` (exactly, or as its prefix if `mark` ends in '-')."""
    found = []
    for process in psutil.process_iter():
        try:
            value = process.environ().get(MARK, "")
        except (psutil.Error, OSError):  # gone, or not ours to read
            continue
        if value == mark or (mark.endswith("-") and value.startswith(mark)):
            found.append(process)
    return found


def stop_processes(group, family, mark):
    """Kill the kernel's process `group` (POSIX), the processes in `family` and every process marked `mark`."""
    if group and hasattr(os, "killpg") and group != os.getpgrp():
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:  # the group is empty already
            pass
    doomed = [p for p in [*family, *marked(mark)] if p.pid != os.getpid()]
    for process in doomed:
        try:
            process.kill()
        except psutil.Error:
            pass
    deadline = time.monotonic() + 3
    while doomed and time.monotonic() < deadline:  # killed is enough: a zombie is for its new parent to reap
        doomed = [p for p in doomed if running(p)]
        time.sleep(0.02)


def running(process):
    """Whether `process` still runs (neither gone nor a zombie)."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


async def execute(nb, cell_timeout, notebook_timeout, package=None, mark=""):
    """Run `nb` in place in a fresh kernel; return ({cell index: why it was stopped or not run}, [changed files]).

    The kernel imports `package` (a `snapshot`, default: the course's ``lessons/``) from a read-only copy of
    its own; the files of that copy the notebook changed are returned. Every process the kernel started is
    killed at the end, including those that left its process group (found by the `mark` in their environment).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    notes = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    mark = mark or f"{uuid.uuid4().hex}-0"
    files = snapshot(PACKAGE) if package is None else package
    folder = Path(tempfile.mkdtemp(prefix="grade-"))
    try:
        for name in ("work", "course", "ipython"):
            (folder / name).mkdir()
        before = fingerprint(write_package(files, folder / "course"))
        client = NotebookClient(nb, timeout=cell_timeout, interrupt_on_timeout=True, allow_errors=True,
                                kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(folder / "work")}},
                                error_on_timeout={"ename": "TimeoutError", "evalue": "time limit", "traceback": []},
                                shutdown_kernel="immediate")
        deadline = time.monotonic() + notebook_timeout
        code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
        group, family = None, []
        try:
            async with client.async_setup_kernel(env=kernel_env(folder / "course", folder / "ipython", mark)):
                pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
                if pid and hasattr(os, "getpgid"):
                    try:
                        group = os.getpgid(pid) if os.getpgid(pid) == pid else None  # a group of its own
                    except OSError:
                        pass
                try:
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
                finally:
                    family = processes(pid) if pid else []  # before the kernel goes and its children are orphaned
        finally:
            stop_processes(group, family, mark)
        return notes, changed_files(before, fingerprint(folder / "course" / PACKAGE.name))
    finally:
        remove(folder)


def is_grader_output(folder):
    """Whether `folder` holds what this grader writes (grades.csv and summary.md): an earlier run's output."""
    return (Path(folder) / "grades.csv").is_file() and (Path(folder) / "summary.md").is_file()


def find_submissions(folder, output=None):
    """{submission name: (its folder, [paths])}: each sub-folder's notebooks (recursively), or a file of its own.

    The grader's own output is left out, even inside `folder`: the `output` folder (or, if that is `folder`
    itself, its grades.csv, summary.md and executed/), and every folder holding an earlier run's grades.csv
    and summary.md.
    """
    output = Path(output).resolve() if output is not None else None
    if output is not None and output == Path(folder).resolve():
        ours = [output / "grades.csv", output / "summary.md", output / "executed"]
    else:
        ours = [output] if output is not None else []

    @functools.cache  # say so once per folder
    def skipped(path):
        resolved = path.resolve()
        if any(resolved == o or o in resolved.parents for o in ours) or (path.is_dir() and is_grader_output(path)):
            print(f"grade: skipping {path}: the grader's output, not a submission", file=sys.stderr)
            return True
        return False

    submissions = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith((".", "__MACOSX")) or skipped(entry):  # hidden files, what macOS adds to zips
            continue
        if entry.is_dir():
            notebooks = sorted(p for p in entry.rglob("*.ipynb")
                               if ".ipynb_checkpoints" not in p.parts and not p.name.startswith("._")
                               and not any(skipped(d) for d in p.parents if entry in d.parents))
            submissions[entry.name] = (entry, notebooks or [entry])
        else:
            submissions.setdefault(entry.stem, (entry.parent, []))[1].append(entry)
    return submissions


async def grade_notebook(submission, path, base, lessons, options, limit, package=None, mark=""):
    """(lesson name or None, [rows]) for one submitted file; `package` and `mark` as in `execute`."""
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
            notes, changed = await execute(nb, options.cell_timeout, options.notebook_timeout, package, mark)
        except Exception as exc:  # the kernel would not start, or died in a way nbclient does not report
            return lesson.name, [row(lesson.name, name, False, f"could not run the notebook: {type(exc).__name__}: "
                                     f"{exc}") for name in lesson.exercises]
    out = Path(options.output) / "executed" / submission / notebook
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    if changed:  # whatever its checks printed, they ran against a package it had rewritten
        return lesson.name, [row(lesson.name, name, False, "this notebook changed the course package "
                                 f"(lessons/{', lessons/'.join(changed)}); graded nothing")
                             for name in lesson.exercises]
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
    submissions = find_submissions(options.submissions, options.output)
    limit = asyncio.Semaphore(options.jobs)
    package, run = snapshot(PACKAGE), f"{uuid.uuid4().hex}-"  # the package as it is now, for every kernel
    paths = [(name, base, path) for name, (base, paths) in submissions.items() for path in paths]
    tasks = [(name, grade_notebook(name, path, base, lessons, options, limit, package, f"{run}{number}"))
             for number, (name, base, path) in enumerate(paths)]
    try:
        results = await asyncio.gather(*(task for _, task in tasks))
    finally:
        stop_processes(None, [], run)  # anything any kernel of this run left behind
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
    before = fingerprint(PACKAGE)
    rows = asyncio.run(grade_all(options))
    print(write(rows, options.output), end="")
    print(f"grade: {len(rows)} rows in {options.output / 'grades.csv'}; the summary in {options.output / 'summary.md'}")
    changed = changed_files(before, fingerprint(PACKAGE))
    if changed:  # no kernel imported it, so something wrote to it by its path: a submission, or you meanwhile
        print(f"grade: WARNING: the course package {PACKAGE} changed while grading ({', '.join(changed)}).\n"
              "grade: A submission may have written to it. The grades above did not use it, but look at the "
              "change (git diff lessons/) and undo it (git checkout lessons/) before you teach or grade from "
              "this folder again.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
