"""End-to-end slider latency in JupyterLab: key press on a slider → the new figure on screen.

Run by `make bench` (from `bench/run.py`), never by the tests. It serves a copy of the notebooks with
the real-browser test's set-up (`lessons_tests/browser/browser_check.py`: JupyterLab on 127.0.0.1 with a
token, Debian's /usr/bin/chromium driven by Playwright), opens every notebook that shows a slider, runs
all cells, then presses ArrowRight / ArrowLeft on every slider `MOVES` times and measures, from outside
the page as a learner feels it, the time from the key press to the moment the explorer's `<img>` has
a new `src` (checked on every animation frame).

What the time is made of, for every key press:

- **kernel**: the widget's update message handled in the kernel (`Widget._handle_msg`: the maths,
  the figure, the outgoing messages), of which **draw** (`FigureRenderer.draw`: the moving artists
  blitted) and **PNG** (`FigureRenderer.encode`: PNG and base64) are timed apart. An IPython startup
  file in the server's temporary IPYTHONDIR wraps those three and appends one JSON line per update
  to a log; nothing of it touches the repository or a learner's kernel.
- **messages**: key press → the figure's message arriving in the page (timed in the page), minus
  the kernel's part: the slider's message out, the reply back, and both ends' (de)serialization.
- **browser**: that message → the new `<img>` decoded and its frame begun (the widget's model, the
  DOM, `img.decode()`, the next animation frame).
"""

import json
import os
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
PARTS = ("kernel", "draw", "png", "messages", "browser")

STARTUP = r"""
import json, os, time
from ipywidgets.widgets import widget as _widget
import lessons.widgets as _widgets

_log, _now, _parts = os.environ["LESSONS_LATENCY_LOG"], time.perf_counter, {}
_handle = _widget.Widget._handle_msg


def _handle_msg(self, msg):
    if msg["content"]["data"].get("method") != "update":
        return _handle(self, msg)
    _parts.clear()
    start = _now()
    try:
        return _handle(self, msg)
    finally:
        if _parts:  # an update that redrew a figure
            with open(_log, "a") as log:
                log.write(json.dumps(dict(_parts, kernel=_now() - start)) + "\n")


def _timed(name, function):
    def timed(*args):
        start = _now()
        try:
            return function(*args)
        finally:
            _parts[name] = _parts.get(name, 0.0) + _now() - start
    return timed


_widget.Widget._handle_msg = _handle_msg
_widgets.FigureRenderer.draw = _timed("draw", _widgets.FigureRenderer.draw)
_widgets.FigureRenderer.encode = staticmethod(_timed("png", _widgets.FigureRenderer.encode))
"""

# In the page: the key press, the figure's message, the new <img> decoded and its frame begun.
PAGE_CLOCKS = """() => {
    window.__lat = {};
    document.addEventListener('keydown', () => { window.__lat = {key: performance.now()}; }, true);
    window.jupyterapp.shell.currentWidget.sessionContext.iopubMessage.connect((_, msg) => {
        const state = msg.header.msg_type === 'comm_msg' && msg.content.data && msg.content.data.state;
        if (state && typeof state.value === 'string' && state.value.startsWith('<img')) {
            window.__lat.message = performance.now();
        }
    });
    new MutationObserver(records => {
        for (const record of records) for (const node of record.addedNodes) {
            const img = node.tagName === 'IMG' ? node : node.querySelector && node.querySelector('img');
            if (!img || window.__lat.key === undefined || window.__lat.src !== undefined) continue;
            window.__lat.src = performance.now();
            img.decode().catch(() => null).then(() => requestAnimationFrame(() => {
                window.__lat.frame = performance.now();
            }));
        }
    }).observe(document.body, {childList: true, subtree: true});
}"""


def _src(output):
    return output.locator("img").first.get_attribute("src")


def _kernel_parts(log, start):
    """The kernel's records appended to `log` since line `start`: ``(records, next start)``."""
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [json.loads(line) for line in lines[start:]], len(lines)


def measure(notebook_dir=ROOT / "notebooks"):
    """``{(notebook, slider label): {"total": [s], part: [s], ...}}`` for every slider of every notebook.

    "total" is each key press → new figure as Playwright sees it from outside the page; the parts are
    in `PARTS` (see the module's docstring).
    """
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        startup = Path(tmp) / "ipython" / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "latency.py").write_text(STARTUP, encoding="utf-8")
        log = Path(tmp) / "latency.jsonl"
        os.environ["LESSONS_LATENCY_LOG"] = str(log)  # the server's kernels inherit it
        try:
            with jupyterlab(Path(notebook_dir), Path(tmp)) as (base_url, token, _), launch_chromium() as browser:
                for notebook in widget_notebooks(notebook_dir):
                    results.update(_measure_notebook(browser, base_url, token, notebook, log))
        finally:
            del os.environ["LESSONS_LATENCY_LOG"]
    return results


def _measure_notebook(browser, base_url, token, notebook, log):
    """Every slider of one notebook, `MOVES` key presses each: ``{(notebook, label): times}``."""
    results = {}
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(STEP_MS)
    open_notebook(page, base_url, token, notebook)
    page.evaluate(PAGE_CLOCKS)
    run_all(page)
    outputs = page.locator(WIDGET_OUTPUT)
    page.wait_for_function("sel => document.querySelectorAll(sel).length > 0", arg=WIDGET_OUTPUT)
    for i in range(outputs.count()):
        output = outputs.nth(i)
        for handle, name, keys in each_slider(output):
            times = {part: [] for part in ("total", *PARTS)}
            _, start_line = _kernel_parts(log, 0)
            for k in range(MOVES):
                before = _src(output)
                handle.focus()
                start = time.perf_counter()
                handle.press(keys[k % 2])
                page.wait_for_function(
                    "([sel, i, old]) => document.querySelectorAll(sel)[i].querySelector('img').src !== old",
                    arg=[WIDGET_OUTPUT, i, before], polling="raf")
                times["total"].append(time.perf_counter() - start)
                clocks = page.wait_for_function("() => window.__lat.frame !== undefined"
                                                " && window.__lat.message !== undefined"
                                                " && window.__lat").json_value()
                records, start_line = _kernel_parts(log, start_line)
                kernel = records[-1] if records else {}
                for part in ("kernel", "draw", "png"):
                    times[part].append(kernel.get(part, float("nan")))
                times["messages"].append((clocks["message"] - clocks["key"]) / 1e3
                                         - kernel.get("kernel", float("nan")))
                times["browser"].append((clocks["frame"] - clocks["message"]) / 1e3)
            # two explorers of one notebook may both have a "learning rate": the widget's place tells them apart
            label = name if (notebook.name, name) not in results else f"{name}, widget {i + 1}"
            key = (notebook.name, label)
            results[key] = times
    page.context.close()
    return results


def breakdown(times):
    """The median of each part, in words: ``"kernel 40 ms (draw 9, PNG 12), messages 15 ms, browser 20 ms"``."""
    ms = {part: np.nanmedian(times[part]) * 1e3 for part in PARTS}
    return (f"kernel {ms['kernel']:.0f} ms (draw {ms['draw']:.0f}, PNG {ms['png']:.0f}), "
            f"messages {ms['messages']:.0f} ms, browser {ms['browser']:.0f} ms")


def main():
    for (notebook, name), times in measure().items():
        print(f"{notebook:<32} {name:<16} median {np.median(times['total']) * 1e3:6.1f} ms, "
              f"max {np.max(times['total']) * 1e3:6.1f} ms over {len(times['total'])} key presses; "
              + breakdown(times))


if __name__ == "__main__":
    main()
