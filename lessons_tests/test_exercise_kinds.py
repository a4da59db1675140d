"""Every exercise names its kind, at least half of all exercises (and one in every notebook) make the
learner reason, and every hint in the prose waits behind a fold."""

import json
import re
from collections import Counter

import pytest

from lessons_tests.tooling import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HEADING = re.compile(r"^### Exercise \d+ \((transcribe|apply|reason)\): \S", re.MULTILINE)
ANY_EXERCISE = re.compile(r"^#+ *Exercise\b.*$", re.MULTILINE)


def _markdown(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _kinds(path):
    kinds = []
    for text in _markdown(path):
        for heading in ANY_EXERCISE.findall(text):
            match = HEADING.match(heading)
            assert match, f"{path.name}: {heading!r} does not read '### Exercise N (transcribe|apply|reason): ...'"
            kinds.append(match.group(1))
    return kinds


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_reasoning_exercise(path):
    assert "reason" in _kinds(path), f"{path.name} has no (reason) exercise"


def test_at_least_half_of_all_exercises_reason():
    counts = Counter(kind for path in NOTEBOOKS for kind in _kinds(path))
    assert counts["reason"] * 2 >= sum(counts.values()), dict(counts)


def test_heading_pattern_can_fail():
    assert not HEADING.match("### Exercise 2: log loss with clipping")
    assert HEADING.match("### Exercise 2 (reason): log loss with clipping")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_hints_in_prose_are_folded(path):
    for text in _markdown(path):
        for line in text.splitlines():
            if re.search(r"\*\*Hint", line):
                assert "<summary>" in line, f"{path.name}: a hint outside a <details> fold: {line!r}"
