"""Move every slider of every notebook in JupyterLab, in headless Chromium, and check what is shown.

Run by ``make test-browser`` (slow, so not part of ``make unit``: this file is not
named ``test_*.py`` and pytest only collects it when it is named on the command line).

For each notebook in ``notebooks/`` (or ``$LESSONS_BROWSER_NOTEBOOKS``) whose stored
outputs hold a widget, it starts JupyterLab on 127.0.0.1 (free port, random token)
serving a temporary copy of the folder, runs all cells in Chromium driven by
Playwright, then moves every slider with the keyboard (ArrowRight, then ArrowLeft)
and asserts that the explorer's text and its figure both change after each move.
Error outputs and "Error displaying widget" fail the test. Screenshots go to
``browser-screenshots/`` (or ``$LESSONS_BROWSER_SCREENSHOTS``): one per notebook,
and one of the whole page when a check fails.

Without /usr/bin/chromium the test is skipped (``apt-get install -y chromium``),
unless ``CI=true``: then it fails, because CI must really run it.
"""

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = Path(os.environ.get("LESSONS_BROWSER_NOTEBOOKS", REPO / "notebooks"))
SCREENSHOT_DIR = Path(os.environ.get("LESSONS_BROWSER_SCREENSHOTS", REPO / "browser-screenshots"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'  # also warnings, tracebacks
WIDGET_OUTPUT = ".jp-OutputArea-output:has(> .jupyter-widgets)"  # widget outputs carry no data-mime-type
SERVER_START_S = 30  # JupyterLab start-up (about 3 s here)
STEP_MS = 15_000  # any single browser step: page load, kernel start, one slider update (under 1 s here)
RUN_ALL_MS = 30_000  # running all cells of one notebook (about 3 s here)
# What a fresh kernel logs to stderr when JupyterLab asks for widgets before ipywidgets is imported and
# then closes the widgets restored from the notebook's stored state: expected, not errors.
KERNEL_NOISE = re.compile(r"No such comm target registered: jupyter\.widget\.control|No such comm: [0-9a-f-]+")
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# JupyterLab user settings for the test server: no news, no update check, no autosave,
# every cell rendered (no windowing), widget state not saved.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
    "@jupyter-widgets/jupyterlab-manager/plugin": {"saveState": False},
}


def widget_notebooks(folder):
    """Notebooks in `folder` whose stored outputs display a widget, sorted by name."""
    return [path for path in sorted(Path(folder).glob("*.ipynb"))
            if any(WIDGET_MIME in output.get("data", {}) for output in _outputs(path))]


def _outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [output for cell in cells for output in cell.get("outputs", [])]


def stored_slider_count(path):
    """Sliders reachable from the displayed widgets in the stored widget state, or None without state."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    state = notebook["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    models = state.get("state")
    if not models:
        return None
    todo = [o["data"][WIDGET_MIME]["model_id"] for o in _outputs(path) if WIDGET_MIME in o.get("data", {})]
    seen, sliders = set(), 0
    while todo:
        model_id = todo.pop()
        if model_id in seen or model_id not in models:
            continue
        seen.add(model_id)
        model = models[model_id]
        sliders += model["model_name"].endswith("SliderModel")
        todo += [ref.removeprefix("IPY_MODEL_") for ref in model.get("state", {}).get("children", [])]
    return sliders


NOTEBOOKS = widget_notebooks(NOTEBOOK_DIR) if NOTEBOOK_DIR.is_dir() else []


def _skip_or_fail(message):
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true, so this fails instead of skipping)", pytrace=False)
    pytest.skip(message)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _digest(folder):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.ipynb"))}


@contextlib.contextmanager
def launch_chromium(timeout_ms=STEP_MS):
    """Debian's headless Chromium driven by Playwright (never a downloaded browser), closed on exit.

    Shared by this test, ``html_check.py`` and ``bench/slider_latency.py``.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=timeout_ms)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def chromium():
    if not NOTEBOOKS:
        _skip_or_fail(f"no notebook with a widget output in {NOTEBOOK_DIR}")
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` "
                      "(never `playwright install`)")
    with launch_chromium() as browser:
        yield browser


@contextlib.contextmanager
def jupyterlab(notebook_dir, tmp):
    """Serve a copy of `notebook_dir` with JupyterLab on 127.0.0.1 (free port, random token) from `tmp`.

    Yields ``(base_url, token, log_path)``; the server and its kernels are stopped on exit. Used by the
    `lab` fixture below and by ``bench/slider_latency.py``.
    """
    root = tmp / "notebooks"
    shutil.copytree(notebook_dir, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        file = settings / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    env.update(JUPYTER_PLATFORM_DIRS="1", JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"))
    port, token = _free_port(), secrets.token_hex(24)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly", "--expose-app-in-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    # matplotlib's one-time font-cache notice would otherwise reach a notebook's stderr on a fresh machine.
    subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env, check=True, timeout=120)
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_for_server(server, f"{base_url}/api/status?token={token}", log_path)
        yield base_url, token, log_path
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """A JupyterLab server on a copy of the notebooks: yields (base_url, token, log_path)."""
    before = _digest(NOTEBOOK_DIR)
    with jupyterlab(NOTEBOOK_DIR, tmp_path_factory.mktemp("lab")) as server:
        yield server
    assert _digest(NOTEBOOK_DIR) == before, (
        f"notebooks in {NOTEBOOK_DIR} changed while the browser test ran: JupyterLab must save only into "
        "its temporary copy (or someone edited them meanwhile)")


def _wait_for_server(server, status_url, log_path):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 only, never a proxy
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {server.returncode}:\n{_tail(log_path)}", pytrace=False)
        try:
            with opener.open(status_url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s:\n{_tail(log_path)}", pytrace=False)


def _stop(server):
    """SIGTERM the server (it shuts its kernels down), then SIGKILL its process group if needed."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(server.pid, signal.SIGKILL)  # the server's own session: leftover kernels only
    except ProcessLookupError:
        pass
    server.wait(timeout=10)


def _tail(log_path, lines=40):
    return "\n".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


PAGE_ERRORS = []  # uncaught JavaScript errors of the current page


@pytest.fixture
def page(chromium, lab, request):
    """A fresh browser page (its JavaScript errors in PAGE_ERRORS); a full-page screenshot if the test fails."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(STEP_MS)
    page = context.new_page()
    PAGE_ERRORS.clear()
    page.on("pageerror", lambda error: PAGE_ERRORS.append(str(error)))
    shot = SCREENSHOT_DIR / f"FAILED-{request.node.callspec.id}.png"
    shot.unlink(missing_ok=True)  # from an earlier run
    failed_before = request.session.testsfailed
    try:
        yield page
        if request.session.testsfailed > failed_before:
            SCREENSHOT_DIR.mkdir(exist_ok=True)
            page.screenshot(path=shot, full_page=True)
            print(f"screenshot of the failure: {shot}\nserver log:\n{_tail(lab[2])}")
    finally:
        try:  # frees the CPU for the next notebook; stopping the server would stop the kernel anyway
            _evaluate(page, "window.jupyterapp?.shell.currentWidget?.sessionContext?.shutdown()", STEP_MS)
        finally:
            context.close()


def _evaluate(page, expression, timeout_ms):
    """Await a JavaScript expression (a promise) in the page, failing after `timeout_ms`."""
    return page.evaluate(
        """async ([expression, ms]) => {
            const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(
                `timed out after ${ms} ms: ${expression}`)), ms));
            return await Promise.race([(0, eval)(expression), timeout]);
        }""", [expression, timeout_ms])


def open_notebook(page, base_url, token, notebook):
    """Open `notebook` in JupyterLab and wait for its kernel."""
    page.goto(f"{base_url}/lab/workspaces/{notebook.stem}/tree/{notebook.name}?token={token}")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext")
    _evaluate(page, "window.jupyterapp.shell.currentWidget.sessionContext.ready", STEP_MS)


def run_all(page):
    """Run every cell; True unless a cell raised. Returns once the kernel is idle again."""
    # The command resolves when the last cell has run (false if a cell raised); then wait for idle.
    ran = _evaluate(page, "window.jupyterapp.commands.execute('notebook:run-all-cells')", RUN_ALL_MS)
    page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'")
    return ran


def _explorer_state(output):
    """(text, figure src) shown by one widget output."""
    texts = output.locator(".widget-html-content").all_inner_texts()
    images = output.locator("img")
    return " | ".join(t.strip() for t in texts), images.first.get_attribute("src") if images.count() else None


def each_slider(output):
    """``(handle, label, keys)`` for every slider of one widget output, scrolled into view.

    `keys` moves the slider away and back: ``("ArrowRight", "ArrowLeft")``, or the reverse
    for a slider that starts at its maximum. Used by this test and ``bench/slider_latency.py``.
    """
    handles = output.locator(".widget-slider .noUi-handle")
    for j in range(handles.count()):
        handle = handles.nth(j)
        handle.scroll_into_view_if_needed()
        name = output.locator(".widget-slider").nth(j).locator(".widget-label").inner_text().strip()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        yield handle, name, ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")


def _move(page, output, handle, key, label):
    """Press `key` on a slider handle and wait until both the text and the figure have changed."""
    text, src = _explorer_state(output)
    handle.focus()
    handle.press(key)
    deadline = time.monotonic() + STEP_MS / 1000
    while time.monotonic() < deadline:
        new_text, new_src = _explorer_state(output)
        if new_text != text and new_src != src:
            _check_no_errors(page)
            assert new_src.startswith("data:image/png;base64,"), f"{label}: the figure is not a PNG"
            return new_text
        page.wait_for_timeout(100)
    _check_no_errors(page)  # a kernel traceback explains more than "nothing changed"
    pytest.fail(f"{label}: after {key}, the text changed: {new_text != text}, the figure changed: "
                f"{new_src != src} (text now {new_text[:200]!r})", pytrace=False)


def _check_names(output, j, label):
    """Slider `j` of `output` has a visible name (its label) and a description (the label's title, a tooltip).

    ipywidgets 8 gives the noUiSlider handle itself no aria-label: its name is the label beside it.
    """
    text = output.locator(".widget-slider").nth(j).locator(".widget-label")
    assert text.inner_text().strip(), f"{label}: the slider has no visible name"
    assert (text.get_attribute("title") or "").strip(), f"{label}: the slider's label has no title (tooltip)"


def _check_no_errors(page):
    shown = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    assert "Error displaying widget" not in shown, "a widget failed to render: Error displaying widget"
    errors = page.locator(STDERR).all_inner_texts()
    assert not errors, "error output in the notebook:\n" + "\n---\n".join(errors)
    assert "Traceback" not in shown, "a traceback is shown in an output"
    kernel_errors = ["\n".join(ANSI.sub("", text).splitlines()[-12:])  # a traceback's last frames
                     for text in page.evaluate("window.kernelErrors || []")
                     if any(line.strip() and not KERNEL_NOISE.fullmatch(line.strip()) for line in text.splitlines())]
    assert not kernel_errors, "the kernel reported an error or wrote to stderr:\n" + "\n---\n".join(kernel_errors)
    assert not PAGE_ERRORS, f"JavaScript errors in the page: {PAGE_ERRORS}"


# [None] when there is no such notebook: the `chromium` fixture then skips, or fails under CI=true.
@pytest.mark.parametrize("notebook", NOTEBOOKS or [None], ids=[p.stem for p in NOTEBOOKS] or ["none"])
def test_every_slider_updates_text_and_figure(notebook, page, lab):
    base_url, token, _ = lab
    open_notebook(page, base_url, token, notebook)
    # Record errors and stderr from the kernel, including those raised in widget callbacks
    # (JupyterLab shows those only in its log console, not in the notebook).
    page.evaluate("""() => {
        window.kernelErrors = [];
        window.jupyterapp.shell.currentWidget.sessionContext.iopubMessage.connect((_, msg) => {
            const type = msg.header.msg_type, content = msg.content;
            if (type === 'error') window.kernelErrors.push(content.traceback.join('\\n'));
            if (type === 'stream' && content.name === 'stderr') window.kernelErrors.push(content.text);
        });
    }""")
    ran = run_all(page)
    _check_no_errors(page)
    assert ran, f"{notebook.name}: running all cells stopped on an error"

    stored = sum(WIDGET_MIME in o.get("data", {}) for o in _outputs(notebook))
    outputs = page.locator(WIDGET_OUTPUT)
    page.wait_for_function("([selector, n]) => document.querySelectorAll(selector).length >= n",
                           arg=[WIDGET_OUTPUT, stored])
    assert outputs.count() == stored, f"{notebook.name}: {outputs.count()} widget outputs shown, {stored} stored"
    handles = page.locator(".widget-slider .noUi-handle")
    expected = stored_slider_count(notebook)
    if expected is not None:
        assert handles.count() == expected, f"{notebook.name}: {handles.count()} sliders shown, {expected} stored"

    moved = 0
    for i in range(outputs.count()):
        output = outputs.nth(i)
        for j, (handle, name, keys) in enumerate(each_slider(output)):
            label = f"{notebook.name}, widget {i + 1}, slider {name!r}"
            _check_names(output, j, label)
            text, src = _explorer_state(output)
            assert text and src and src.startswith("data:image/png;base64,"), f"{label}: no text or figure shown"
            for key in keys:
                _move(page, output, handle, key, label)
            moved += 1
            print(f"{label}: moved both ways, text and figure changed each time")
    assert moved == handles.count() > 0, f"{notebook.name} displays a widget but no slider"
    _check_no_errors(page)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    outputs.last.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT_DIR / f"{notebook.stem}.png", full_page=True)
