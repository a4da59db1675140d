"""Reading load of each notebook's main path: words of prose per stated minute of teaching.

The main path is every markdown cell before the first ``## Going further`` heading (a notebook
without one is all main path), hints and keypoints included. The stated minutes are the
``Time: N min teaching`` line of the notebook's first cell. `make bench` prints the table;
``lessons_tests/test_reading_load.py`` holds every notebook but the capstone to the budget.

    python tools/reading_load.py notebooks/*.ipynb
"""

import json
import pathlib
import re
import sys

WORDS_PER_MINUTE = 90  # the budget: what a first-time learner reads with the cells beside it
GOING_FURTHER = re.compile(r"^## Going further", re.MULTILINE)
TEACHING = re.compile(r"Time:(?:\*\*)?\s*(\d+)\s*min teaching")
EXEMPT = ("08_",)  # the capstone's reading happens in its exercise time


def reading_load(path):
    """``(words on the main path, stated teaching minutes)`` of one notebook."""
    cells = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))["cells"]
    words = 0
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if GOING_FURTHER.search(text):
            words += len(text[:GOING_FURTHER.search(text).start()].split())
            break
        words += len(text.split())
    match = TEACHING.search("".join(cells[0]["source"]))
    if match is None:
        raise ValueError(f"{path}: its first cell states no 'Time: N min teaching'")
    return words, int(match.group(1))


def main(paths):
    print("| notebook | words on the main path | teaching minutes | words per minute | budget |")
    print("|---|---|---|---|---|")
    for path in paths:
        words, minutes = reading_load(path)
        budget = "exempt" if pathlib.Path(path).name.startswith(EXEMPT) else f"≤ {WORDS_PER_MINUTE}"
        print(f"| {pathlib.Path(path).name} | {words:,} | {minutes} | {words / minutes:.0f} | {budget} |")


if __name__ == "__main__":
    main(sys.argv[1:])
