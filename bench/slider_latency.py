"""End-to-end slider latency in JupyterLab: key press on a slider → the new figure on screen.

Run by `make bench` (from `bench/run.py`), never by the tests. It serves a copy of the notebooks with
the real-browser test's set-up (`lessons_tests/browser/browser_check.py`: JupyterLab on 127.0.0.1 with a
token, Debian's /usr/bin/chromium driven by Playwright), opens every notebook that shows a slider, runs
all cells, then presses ArrowRight / ArrowLeft on every slider `MOVES` times and measures, from outside
the page as a learner feels it, the time from the key press to the moment the explorer's `<img>` has
a new `src` (checked on every animation frame).
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lessons_tests" / "browser"))

import numpy as np  # noqa: E402
from browser_check import (  # noqa: E402
    STEP_MS,
    WIDGET_OUTPUT,
    each_slider,
    jupyterlab,
    launch_chromium,
    open_notebook,
    run_all,
    widget_notebooks,
)

MOVES = 10  # key presses per slider, alternating right and left


def _src(output):
    return output.locator("img").first.get_attribute("src")


def measure(notebook_dir=ROOT / "notebooks"):
    """``{(notebook, slider label): [seconds per key press]}`` for every slider of every notebook."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp, jupyterlab(Path(notebook_dir), Path(tmp)) as (base_url, token, _):
        with launch_chromium() as browser:
            for notebook in widget_notebooks(notebook_dir):
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.set_default_timeout(STEP_MS)
                open_notebook(page, base_url, token, notebook)
                run_all(page)
                outputs = page.locator(WIDGET_OUTPUT)
                page.wait_for_function("sel => document.querySelectorAll(sel).length > 0", arg=WIDGET_OUTPUT)
                for i in range(outputs.count()):
                    output = outputs.nth(i)
                    for handle, name, keys in each_slider(output):
                        times = []
                        for k in range(MOVES):
                            before = _src(output)
                            handle.focus()
                            start = time.perf_counter()
                            handle.press(keys[k % 2])
                            page.wait_for_function(
                                "([sel, i, old]) => document.querySelectorAll(sel)[i].querySelector('img').src !== old",
                                arg=[WIDGET_OUTPUT, i, before], polling="raf")
                            times.append(time.perf_counter() - start)
                        results[(notebook.name, name)] = times
                page.context.close()
    return results


def main():
    for (notebook, name), times in measure().items():
        print(f"{notebook:<32} {name:<16} median {np.median(times) * 1e3:6.1f} ms, "
              f"max {np.max(times) * 1e3:6.1f} ms over {len(times)} key presses")


if __name__ == "__main__":
    main()
