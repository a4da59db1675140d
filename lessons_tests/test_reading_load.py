"""The main path of every notebook (08 excepted) reads in its stated teaching minutes: at most
tools/reading_load.py's WORDS_PER_MINUTE words of prose per minute, counted up to `## Going further`."""

import json

import pytest

from lessons_tests.tooling import ROOT, load_tool

reading_load = load_tool("reading_load")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _notebook(tmp_path, cells):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": kind, "source": text} for kind, text in cells]}))
    return path


def test_counts_markdown_words_up_to_going_further_only(tmp_path):
    path = _notebook(tmp_path, [
        ("markdown", "# Title\n\n**Time:** 3 min teaching, 5 min exercises."),   # 9 words
        ("code", "this code is not prose at all"),
        ("markdown", "one two three"),                                          # 3 words
        ("markdown", "four five\n\n## Going further\n\nnot counted here"),       # 2 words before the heading
        ("markdown", "nor this"),
    ])
    assert reading_load.reading_load(path) == (9 + 3 + 2, 3)


def test_a_notebook_without_stated_minutes_is_refused(tmp_path):
    with pytest.raises(ValueError, match="min teaching"):
        reading_load.reading_load(_notebook(tmp_path, [("markdown", "# No time stated")]))


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith(reading_load.EXEMPT)],
                         ids=lambda p: p.name)
def test_main_path_fits_its_teaching_minutes(path):
    words, minutes = reading_load.reading_load(path)
    assert words <= reading_load.WORDS_PER_MINUTE * minutes, (
        f"{path.name}: {words} words on the main path for {minutes} min teaching "
        f"({words / minutes:.0f} a minute); move asides behind '## Going further'")
