"""tools/grade.py (`make grade`): every kind of broken submission is graded, none stops the grader.

The submissions are built here from `make student`'s notebooks (tools/make_student.py) with the
course's own solutions filled in, then broken on purpose: a syntax error, a deleted and moved cell,
a renamed file, another lesson's notebook, an empty notebook, an unreadable one and a file that is
not a notebook. The expected results come from how each was built, not from an earlier run; the
exercises expected are read from the course notebooks here (the check called in the code cell after
each solution cell), independently of the grader. An endless loop is graded in a small notebook of
its own, so that no real cell of the course has to fit a short time limit.
"""

import csv
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from tooling import load_tool

ROOT = Path(__file__).resolve().parents[1]
grade = load_tool("grade")
make_student = load_tool("make_student")
NB01, NB02 = ROOT / "notebooks" / "01_sigmoid.ipynb", ROOT / "notebooks" / "02_binary_cross_entropy.ipynb"
CELL_TIMEOUT = 120  # never reached by a real cell, even on a loaded machine (importing the course takes seconds)


def course_exercises(path):
    """{check name: the learner's function} of a course notebook, read from its JSON with a pattern: the
    ``check_*(...)`` calls in the first code cell after each cell tagged "solution"."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = {}
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and "solution" in cell.get("metadata", {}).get("tags", []):
            check = next(c for c in cells[index + 1:] if c["cell_type"] == "code")
            for match in re.finditer(r"\b(check_\w+)\(\s*(\w+)", "".join(check["source"])):
                found[match[1]] = match[2]
    return found


EXERCISES_01 = course_exercises(NB01)


def student_and_answers(path):
    """(the student edition of `path`, {solution cell index: the course's solution source})."""
    full = nbformat.read(path, as_version=4)
    answers = {i: cell.source for i, cell in enumerate(full.cells) if make_student.is_solution(cell)}
    return make_student.student_notebook(full, name=path.name), answers


def solved(path):
    nb, answers = student_and_answers(path)
    for index, source in answers.items():
        nb.cells[index].source = source
    return nb


def index_of(nb, text):
    """Index of the code cell whose source contains `text`."""
    return next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and text in cell.source)


def build_submissions(folder):
    """Write the test's submissions, one per kind of trouble, into `folder`."""
    def put(relative, nb):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)

    put("alice/01_sigmoid.ipynb", solved(NB01))  # everything right
    bob = student_and_answers(NB01)[0]  # handed in as given out, never run, and a "✓ Correct" typed into an output
    bob.cells[index_of(bob, "check_sigmoid(my_")].outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "✓ Correct: trust me"}, execution_count=1)]
    put("bob/01_sigmoid.ipynb", bob)

    carol = solved(NB01)  # renamed; a syntax error in one solution
    carol.cells[index_of(carol, "def my_sigmoid_derivative")].source = "def my_sigmoid_derivative(z)\n    return z"
    carol.cells.append(new_code_cell("print('after the error')"))  # still runs after the failed cell
    put("carol/homework/my notebook.ipynb", carol)

    dave = solved(NB01)  # the derivative's check deleted; the sigmoid exercise moved to the top
    del dave.cells[index_of(dave, "check_sigmoid_derivative(my_sigmoid_derivative)")]
    moved = [dave.cells.pop(index_of(dave, "def my_sigmoid(")), dave.cells.pop(index_of(dave, "check_sigmoid(my_"))]
    imports = index_of(dave, "from lessons import")
    dave.cells[imports + 1:imports + 1] = moved
    dave.cells[0].source = dave.cells[0].source.replace("# 01 · The sigmoid", "# My sigmoid notes")  # title gone
    put("dave/01_sigmoid.ipynb", dave)

    erin = solved(NB02)  # notebook 02 under notebook 01's name, handed in as a file of its own
    nbformat.write(erin, folder / "erin.ipynb")
    put("frank/empty.ipynb", new_notebook())
    (folder / "grace.txt").write_text("I could not get Jupyter to start.", encoding="utf-8")
    (folder / "heidi").mkdir()
    (folder / "heidi" / "01_sigmoid.ipynb").write_text("{ not json", encoding="utf-8")


def grade_rows(folder, out, *options):
    """Run the grader on `folder`, writing to `out`; return (its exit status, the rows of grades.csv)."""
    status = grade.main([str(folder), "--output", str(out), *options])
    with open(out / "grades.csv", encoding="utf-8", newline="") as f:
        return status, list(csv.DictReader(f))


def grade_alone(tmp_path, nb, name, *options):
    """Grade the one notebook `nb`, handed in as <name>.ipynb; return {exercise: its row}."""
    (tmp_path / "in").mkdir()
    nbformat.write(nb, tmp_path / "in" / f"{name}.ipynb")
    return {r["exercise"]: r for r in grade_rows(tmp_path / "in", tmp_path / "out", *options)[1]}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade a folder of submissions once; return (rows, summary text, output folder)."""
    folder, out = tmp_path_factory.mktemp("submissions"), tmp_path_factory.mktemp("grades")
    build_submissions(folder)
    _, rows = grade_rows(folder, out, "--cell-timeout", str(CELL_TIMEOUT), "--lessons", "01")
    return rows, (out / "summary.md").read_text(encoding="utf-8"), out


def results(rows, submission):
    """{exercise: (passed, message)} of one submission's graded exercises."""
    return {r["exercise"]: (r["passed"] == "True", r["message"]) for r in rows
            if r["submission"] == submission and r["exercise"]}


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_the_grader_reads_each_course_notebooks_exercises(path):
    expected = course_exercises(path)
    assert expected, f"{path.name}: no check cell after a solution cell"
    assert grade.read_lesson(path).exercises == expected


def test_csv_has_the_columns_and_a_row_per_expected_exercise(graded):
    rows, _, out = graded
    with open(out / "grades.csv", encoding="utf-8") as f:
        assert f.readline().strip() == "submission,notebook,lesson,exercise,passed,message"
    exercises = set(EXERCISES_01)
    assert {"check_sigmoid", "check_sigmoid_derivative"} <= exercises  # the ones the submissions break
    for name in ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"):
        mine = [r for r in rows if r["submission"] == name and r["lesson"] == "01_sigmoid.ipynb"]
        assert {r["exercise"] for r in mine} == exercises, name


def test_a_correct_notebook_passes_and_an_untouched_one_does_not(graded):
    rows = graded[0]
    assert all(passed for passed, _ in results(rows, "alice").values())
    for passed, message in results(rows, "bob").values():  # stored outputs are cleared before running
        assert not passed and message.startswith("the function is not written yet")


def test_syntax_error(graded):
    rows, _, out = graded
    carol = results(rows, "carol")
    assert not carol["check_sigmoid_derivative"][0]
    assert carol["check_sigmoid_derivative"][1].startswith(  # the cause, not the NameError it led to
        "the cell defining my_sigmoid_derivative raised SyntaxError")
    assert all(passed for name, (passed, _) in carol.items() if name != "check_sigmoid_derivative")
    assert {r["notebook"] for r in rows if r["submission"] == "carol"} == {"homework/my notebook.ipynb"}
    executed = nbformat.read(out / "executed" / "carol" / "homework" / "my notebook.ipynb", as_version=4)
    assert any("SyntaxError" in o.get("ename", "") for c in executed.cells for o in c.get("outputs", []))
    assert executed.cells[-1].outputs[0]["text"] == "after the error\n"


def test_an_endless_loop_is_stopped_and_the_next_cells_still_run(tmp_path):
    """A check that never returns is stopped at the cell's time limit (no course import: only quick cells)."""
    nb = new_notebook(cells=[new_markdown_cell("# 01 · The sigmoid"),
                             new_code_cell("def check_sigmoid(f):\n    f(0.0)\n    print('✓ Correct: fine')"),
                             new_code_cell("def my_sigmoid(z):\n    while True:\n        pass"),
                             new_code_cell("check_sigmoid(my_sigmoid)"),
                             new_code_cell("print('after the loop')")])
    rows = grade_alone(tmp_path, nb, "loop", "--cell-timeout", "2")
    assert rows["check_sigmoid"]["passed"] == "False" and "time limit" in rows["check_sigmoid"]["message"]
    executed = nbformat.read(tmp_path / "out" / "executed" / "loop" / "loop.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "after the loop\n"


def test_deleted_and_moved_cells_and_a_lost_title(graded):
    dave = results(graded[0], "dave")
    assert dave["check_sigmoid"][0]
    assert not dave["check_sigmoid_derivative"][0] and dave["check_sigmoid_derivative"][1].startswith("missing")


def test_another_lessons_notebook_is_graded_as_that_lesson(graded):
    rows = graded[0]
    erin = [r for r in rows if r["submission"] == "erin"]
    from_02 = {r["exercise"]: r["passed"] for r in erin if r["lesson"] == "02_binary_cross_entropy.ipynb"}
    assert from_02 == dict.fromkeys(grade.read_lesson(NB02).exercises, "True")
    assert all(r["passed"] == "False" and "no notebook of lesson" in r["message"]
               for r in erin if r["lesson"] == "01_sigmoid.ipynb")


def test_files_that_are_not_course_notebooks_are_reported(graded):
    rows = graded[0]
    problems = {r["submission"]: r["message"] for r in rows if not r["exercise"]}
    assert problems["frank"].startswith("not a notebook of this course")
    assert problems["grace"].startswith("not a notebook (.txt)")
    assert problems["heidi"].startswith("not a readable notebook")


def test_summary_counts_passes_and_names_the_most_common_hint(graded):
    rows, summary, _ = graded
    passed = sum(r["passed"] == "True" for r in rows if r["exercise"] == "check_sigmoid"
                 and r["lesson"] == "01_sigmoid.ipynb")
    assert passed == 3  # alice, carol and dave
    assert f"| 01_sigmoid.ipynb | check_sigmoid | {passed} of 8 |" in summary
    bob = results(rows, "bob")["check_sigmoid"][1]  # the stub's hint, the only one of a notebook handed in
    assert f"| {passed} of 8 | {bob} (1×) |" in summary  # not the 4 "not handed in" (erin, frank, grace, heidi)


def test_a_notebook_that_runs_too_long_is_stopped(tmp_path):
    """Each cell is quick, together they exceed the notebook's limit: the check is reported as not run."""
    nb = new_notebook(cells=[new_markdown_cell("# 01 · The sigmoid"),
                             new_code_cell("import time\ntime.sleep(1.5)"), new_code_cell("time.sleep(1.5)"),
                             new_code_cell("from lessons import check_sigmoid, sigmoid\nmy_sigmoid = sigmoid"),
                             new_code_cell("check_sigmoid(my_sigmoid)")])
    rows = grade_alone(tmp_path, nb, "slow", "--notebook-timeout", "2")
    assert rows["check_sigmoid"]["passed"] == "False"
    assert rows["check_sigmoid"]["message"].startswith("not run: the notebook used up its time limit")
    assert rows["check_sigmoid_derivative"]["message"].startswith("missing")


def test_demonstration_calls_are_not_exercises():
    lesson = grade.read_lesson(NB01)
    assert lesson.exercises["check_sigmoid"] == "my_sigmoid" and "naive_sigmoid" in lesson.demos["check_sigmoid"]
    nb = new_notebook(cells=[new_code_cell("check_sigmoid(naive_sigmoid)"), new_code_cell("check_sigmoid(f)")])
    assert grade.exercise_cells(nb, lesson) == {"check_sigmoid": 1}  # a renamed function still counts
    assert grade.exercise_cells(new_notebook(cells=nb.cells[:1]), lesson) == {}


# --- One submission cannot reach another's grade, the course package or the machine after grading. ---
# A learner's notebook rewrites the `lessons` it imports (as a reviewer's did: every check then said
# "passed" for the next student), writes to the course's package by its path, and leaves processes
# behind; the grader's own output sits inside the submissions folder. One run, three small kernels.

FORGE = ("\nclass _Forged:\n    def __repr__(self):\n        return '✓ Correct: forged'\n"
         "for _name in [n for n in globals() if n.startswith('check_')]:\n"
         "    globals()[_name] = lambda *args, **kwargs: _Forged()\n")


def tree_digest(folder):
    """{relative path: SHA-256} of every file under `folder` except bytecode caches (computed here, not by grade)."""
    import hashlib
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Grade a forger, a learner after it, a process leaver and the grader's old output; return what came of it."""
    import shutil
    tmp = tmp_path_factory.mktemp("hostile")
    course = tmp / "course" / "lessons"  # stands in for the course's own lessons/, which must not be touched
    shutil.copytree(ROOT / "lessons", course, ignore=shutil.ignore_patterns("__pycache__"))
    folder, title = tmp / "submissions", new_markdown_cell("# 01 · The sigmoid")
    forger = ("import importlib.util, os, stat\npath = importlib.util.find_spec('lessons').origin\n"
              "print(path, oct(stat.S_IMODE(os.stat(path).st_mode)))\n"
              "os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # read-only stops no owner: it must be noticed\n"
              f"for target in (path, {str(course / '__init__.py')!r}):\n"
              f"    with open(target, 'a', encoding='utf-8') as f:\n        f.write({FORGE!r})")
    learner = ("import lessons\nprint(lessons.__file__)\nfrom lessons import check_sigmoid\n"
               "def my_sigmoid(z):\n    return z")
    leaver = ("import subprocess\nleft = [subprocess.Popen(['sleep', '300'], start_new_session=True).pid,\n"
              "        subprocess.Popen(['sleep', '301']).pid,  # in the kernel's process group\n"
              "        int(subprocess.run('sleep 302 >/dev/null 2>&1 & echo $!', shell=True, capture_output=True,\n"
              "                           start_new_session=True, text=True).stdout)]  # orphaned, own session\n"
              "print(left)")
    for name, cells in (("a_forger", [title, new_code_cell(forger)]),
                        ("b_learner", [title, new_code_cell(learner), new_code_cell("check_sigmoid(my_sigmoid)")]),
                        ("c_leaver", [title, new_code_cell(leaver)])):
        (folder / name).mkdir(parents=True)
        nbformat.write(new_notebook(cells=cells), folder / name / "01_sigmoid.ipynb")
    old = folder / "last-week"  # an earlier run's output, with an executed notebook in it
    (old / "executed" / "x").mkdir(parents=True)
    (old / "grades.csv").write_text(",".join(grade.COLUMNS) + "\n", encoding="utf-8")
    (old / "summary.md").write_text("", encoding="utf-8")
    nbformat.write(new_notebook(cells=[title, new_code_cell(learner)]), old / "executed" / "x" / "01_sigmoid.ipynb")
    out = folder / "grades"
    real = tree_digest(ROOT / "lessons")
    saved = grade.PACKAGE
    grade.PACKAGE = course
    try:
        status, rows = grade_rows(folder, out, "--jobs", "1", "--cell-timeout", "30", "--lessons", "01")
    finally:
        grade.PACKAGE = saved
    executed = {name: nbformat.read(out / "executed" / name / "01_sigmoid.ipynb", as_version=4)
                for name in ("a_forger", "b_learner", "c_leaver")}
    return dict(status=status, rows=rows, executed=executed, course=course, real=real, out=out)


def test_a_notebook_that_rewrites_lessons_changes_only_its_own_copy_and_fails(hostile):
    path, mode = hostile["executed"]["a_forger"].cells[1].outputs[0]["text"].split()
    assert Path(path).name == "__init__.py" and ROOT not in Path(path).parents
    assert hostile["course"] not in Path(path).parents  # a private copy, not the package it was made from
    assert int(mode, 8) & 0o222 == 0  # handed out read-only
    forger = results(hostile["rows"], "a_forger")
    assert set(forger) == set(grade.read_lesson(NB01).exercises)
    for passed, message in forger.values():
        assert not passed and message == ("this notebook changed the course package (lessons/__init__.py); "
                                          "graded nothing")


def test_the_next_notebook_is_graded_with_the_package_as_it_was(hostile):
    printed = hostile["executed"]["b_learner"].cells[1].outputs[0]["text"].strip()
    assert ROOT not in Path(printed).parents and hostile["course"] not in Path(printed).parents
    passed, message = results(hostile["rows"], "b_learner")["check_sigmoid"]
    from lessons import check_sigmoid

    def my_sigmoid(z):
        return z
    expected = repr(check_sigmoid(my_sigmoid))  # the check run here, on the same wrong answer
    assert expected.startswith(grade.FAIL) and not passed
    assert message == " ".join(expected[len(grade.FAIL):].split())


def test_the_course_package_is_untouched_and_a_change_to_it_is_reported(hostile):
    assert tree_digest(ROOT / "lessons") == hostile["real"]  # the course's own lessons/
    assert FORGE in (hostile["course"] / "__init__.py").read_text(encoding="utf-8")  # the stand-in was written to
    assert hostile["status"] == 1  # ... and the grader says so


@pytest.mark.skipif("sys.platform == 'win32'", reason="starts `sleep` processes")
def test_no_process_a_notebook_started_outlives_the_grading(hostile):
    import ast

    import psutil
    left = ast.literal_eval(hostile["executed"]["c_leaver"].cells[1].outputs[0]["text"])
    assert len(left) == 3
    for pid in left:
        try:
            alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            alive = False
        assert not alive, pid


def test_the_graders_output_is_not_a_submission(hostile):
    assert {r["submission"] for r in hostile["rows"]} == {"a_forger", "b_learner", "c_leaver"}
    assert (hostile["out"] / "executed" / "a_forger").is_dir()  # this run's output sits inside the submissions too
    found = grade.find_submissions(hostile["out"].parent, hostile["out"])
    assert set(found) == {"a_forger", "b_learner", "c_leaver"}


def test_an_output_folder_that_is_the_submissions_folder_is_left_out(tmp_path):
    nbformat.write(new_notebook(), tmp_path / "alice.ipynb")
    (tmp_path / "executed" / "alice").mkdir(parents=True)
    nbformat.write(new_notebook(), tmp_path / "executed" / "alice" / "alice.ipynb")
    (tmp_path / "grades.csv").write_text("", encoding="utf-8")
    (tmp_path / "summary.md").write_text("", encoding="utf-8")
    assert set(grade.find_submissions(tmp_path, tmp_path)) == {"alice"}
    assert set(grade.find_submissions(tmp_path)) == {"alice", "executed", "grades", "summary"}  # what it guards


def test_a_check_is_graded_where_it_stands_alone_not_inside_the_report_card():
    # Notebook 08's last cell passes every milestone's check to report_card(...); its output is the card, so
    # each milestone must be read from its own check cell (a solved 08 graded 0 of 7 before this).
    path = ROOT / "notebooks" / "08_capstone_digits.ipynb"
    nb, lesson = nbformat.read(path, as_version=4), grade.read_lesson(path)
    cells = grade.exercise_cells(nb, lesson)
    assert set(cells) == set(lesson.exercises) and len(cells) == 7
    for name, index in cells.items():
        assert grade.direct_check_names(nb.cells[index].source) == {name}, (name, nb.cells[index].source)
        assert "report_card" not in nb.cells[index].source
