"""A pytest plugin for the perturbation harness: write every failing nbval cell to a JSON file.

Loaded with ``-p lessons_tests.perturbation.nbval_record``; the file is named by the
``LESSONS_NBVAL_RECORD`` environment variable. Each record gives the notebook, the cell's
index in the notebook (counting from 0, markdown cells included), nbval's code-cell number,
and the stored and computed text of the cell's outputs.
"""

import json
import os

import pytest


def output_text(outputs):
    """The text a reader sees: streams, text/plain of results and displays, and errors."""
    parts = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(out.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data:
                parts.append(data["text/plain"].rstrip("\n") + "\n")
        elif kind == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}\n")
    return "".join(parts)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    path = os.environ.get("LESSONS_NBVAL_RECORD")
    if not path or not report.failed or not hasattr(item, "cell_num"):
        return
    cells = item.parent.nb.cells
    index = next(i for i, cell in enumerate(cells) if cell is item.cell)
    record = {
        "notebook": os.path.basename(str(item.fspath)),
        "cell": index,
        "nbval_cell": item.cell_num,
        "when": report.when,
        "stored": output_text(item.cell.get("outputs", [])),
        "computed": output_text(item.test_outputs or []),
    }
    with open(path, "a") as f:
        f.write(json.dumps(record) + "\n")
