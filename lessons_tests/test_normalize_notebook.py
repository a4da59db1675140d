"""tools/normalize_notebook.py: `make notebooks` twice in a row gives the same bytes (a reviewable diff)."""

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output
from tooling import load_tool

ROOT = Path(__file__).resolve().parents[1]
norm = load_tool("normalize_notebook")
VIEW = "application/vnd.jupyter.widget-view+json"


def widget_notebook(ids):
    """A notebook showing a box (ids[0]) of a slider (ids[1]) with a layout (ids[2]), plus an orphan (ids[3])."""
    box, slider, layout, orphan = ids
    state = {
        orphan: {"model_name": "LayoutModel", "state": {"width": "50%"}},
        layout: {"model_name": "LayoutModel", "state": {}},
        slider: {"model_name": "FloatSliderModel", "state": {"layout": f"IPY_MODEL_{layout}", "value": 0.5}},
        box: {"model_name": "VBoxModel",
              "state": {"children": [f"IPY_MODEL_{slider}"], "layout": f"IPY_MODEL_{layout}"}},
    }
    cell = new_code_cell("box", id="c1", outputs=[new_output("display_data", {"text/plain": "VBox()", VIEW: {
        "model_id": box, "version_major": 2, "version_minor": 0}})])
    nb = new_notebook(cells=[cell], metadata={"widgets": {norm.STATE: {"state": state, "version_major": 2,
                                                                          "version_minor": 0}}})
    return nbformat.writes(nb)


def test_same_notebook_with_other_random_ids_gives_the_same_bytes():
    first = norm.normalize(widget_notebook([uuid.uuid4().hex for _ in range(4)]), "07_demo.ipynb")
    second = norm.normalize(widget_notebook([uuid.uuid4().hex for _ in range(4)]), "07_demo.ipynb")
    assert first == second
    assert norm.normalize(first, "07_demo.ipynb") == first  # idempotent


def test_ids_are_renamed_consistently_everywhere():
    old = [uuid.uuid4().hex for _ in range(4)]
    nb = json.loads(norm.normalize(widget_notebook(old), "07_demo.ipynb"))
    state = norm.models(nb)
    assert not set(old) & set(state) and len(state) == 4
    box = nb["cells"][0]["outputs"][0]["data"][VIEW]["model_id"]
    assert state[box]["model_name"] == "VBoxModel"
    [slider] = [ref.removeprefix("IPY_MODEL_") for ref in state[box]["state"]["children"]]
    assert state[slider]["model_name"] == "FloatSliderModel"
    assert state[slider]["state"]["layout"] == state[box]["state"]["layout"]
    assert all(old_id not in json.dumps(nb) for old_id in old)


def test_split_prints_are_joined_and_timings_keep_their_stored_output():
    def stream(name, text):
        return new_output("stream", name=name, text=text)

    def run(timing, changed_source):
        return nbformat.writes(new_notebook(cells=[
            new_code_cell("print", id="a", outputs=[stream("stdout", "x = 1"), stream("stdout", "\n"),
                                                     stream("stderr", "careful\n"), stream("stdout", "y\n")]),
            new_code_cell("# NBVAL_IGNORE_OUTPUT\nt()", id="b", outputs=[stream("stdout", timing)]),
            new_code_cell(changed_source, id="c", metadata={"tags": ["nbval-ignore-output"]},
                          outputs=[stream("stdout", timing)])]))

    nb = nbformat.reads(norm.normalize(run("12 ms\n", "t(2)"), "x.ipynb", previous=run("9 ms\n", "t(1)")), 4)
    assert [(o.name, o.text) for o in nb.cells[0].outputs] == [("stdout", "x = 1\n"), ("stderr", "careful\n"),
                                                                ("stdout", "y\n")]
    assert nb.cells[1].outputs[0].text == "9 ms\n"  # unchanged timing cell: the stored output stays
    assert nb.cells[2].outputs[0].text == "12 ms\n"  # its source changed: the new output
    fresh = nbformat.reads(norm.normalize(run("12 ms\n", "t(2)"), "x.ipynb"), 4)  # FRESH=1: no --previous
    assert fresh.cells[1].outputs[0].text == "12 ms\n"


def without_make_flags():
    """The environment without a calling make's flags (under `make unit`, `make -n` would print more)."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("bash") is None, reason="runs make's recipe")
def test_make_notebooks_twice_gives_no_diff(tmp_path):
    """`make notebooks`'s own commands, run twice on copies of notebook 01 (it shows a widget), side by side."""
    runs = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        shutil.copy(ROOT / "notebooks" / "01_sigmoid.ipynb", tmp_path / run)
        # -o: the venv's stamp counts as made, so the printed script never re-creates or reinstalls the venv this
        # test runs in (without make, CI's route, there is no stamp: both runs would reinstall `lessons` at once)
        script = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "notebooks",
                                 f"NOTEBOOKS={tmp_path / run / '01_sigmoid.ipynb'}",
                                 f"BIN={Path(sys.executable).parent}"],
                                cwd=ROOT, capture_output=True, text=True, env=without_make_flags(), check=True).stdout
        assert "normalize_notebook.py" in script
        runs.append(subprocess.Popen(["bash", "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True))
    logs = [process.communicate(timeout=300)[0] for process in runs]
    for process, log in zip(runs, logs, strict=True):
        assert process.returncode == 0, log[-2000:]
    first, second = ((tmp_path / run / "01_sigmoid.ipynb").read_text(encoding="utf-8") for run in ("first", "second"))
    assert norm.models(json.loads(first)), "notebook 01 saves widget state: this test needs it"
    assert first == second
    view_ids = re.findall(r'"model_id": "([0-9a-f]{32})"', first)
    assert view_ids and set(view_ids) <= set(norm.models(json.loads(first)))
