"""tools/lab.py (`make lab`): the learner works on copies, JupyterLab is local, token-protected and quiet.

The server test starts `make lab`'s own command, runs code in a kernel and saves a notebook
through the server, then checks that the repository did not change and the copy did.
"""

import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
from tooling import load_tool

sys.path.insert(0, str(Path(__file__).resolve().parent / "hub"))
from kernel_ws import execute  # noqa: E402  (the JupyterHub test's websocket client)

ROOT = Path(__file__).resolve().parents[1]
lab = load_tool("lab")


def fingerprint(folder):
    """{name: sha256} of every file under `folder`."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def git_status():
    """`git status --porcelain` of the repository, or None outside a git clone (a downloaded zip)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def lab_command(port, work):
    """`make lab`'s command (read with `make -n`), run with this Python; without make, what the README says."""
    if shutil.which("make") is None:  # Windows: the README's `python tools/lab.py`
        return [sys.executable, "tools/lab.py", "--port", str(port), "--no-browser", f"--workspace={work}"]
    dry_run = subprocess.run(["make", "--no-print-directory", "-n", "lab", f"PORT={port}",
                              f"LAB_ARGS=--no-browser --workspace={work}"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    command = shlex.split(next(line for line in dry_run.splitlines() if "tools/lab.py" in line))
    assert command[0] == ".venv/bin/python"
    return [sys.executable, *command[1:]]


def test_first_run_copies_later_runs_keep_the_learners_work(tmp_path):
    names = [path.name for path in lab.course_notebooks()]
    assert "01_sigmoid.ipynb" in names
    assert lab.prepare(tmp_path) == names
    assert all((tmp_path / n).read_bytes() == (ROOT / "notebooks" / n).read_bytes() for n in names)
    (tmp_path / "01_sigmoid.ipynb").write_text("my work", encoding="utf-8")
    (tmp_path / "02_binary_cross_entropy.ipynb").unlink()
    assert lab.prepare(tmp_path) == ["02_binary_cross_entropy.ipynb"]  # a deleted notebook comes back
    assert (tmp_path / "01_sigmoid.ipynb").read_text(encoding="utf-8") == "my work"


def test_reset_starts_afresh_and_keeps_the_old_copy(tmp_path):
    lab.prepare(tmp_path)
    (tmp_path / "01_sigmoid.ipynb").write_text("my work", encoding="utf-8")
    [moved] = lab.reset(tmp_path, ["01_sigmoid.ipynb"])
    assert moved.parent == tmp_path / "replaced" and moved.read_text(encoding="utf-8") == "my work"
    assert lab.prepare(tmp_path) == ["01_sigmoid.ipynb"]
    assert (tmp_path / "01_sigmoid.ipynb").read_bytes() == (ROOT / "notebooks" / "01_sigmoid.ipynb").read_bytes()


def test_student_edition_has_stubs_instead_of_solutions(tmp_path):
    lab.prepare(tmp_path, student=True)
    nb = nbformat.read(tmp_path / "01_sigmoid.ipynb", as_version=4)
    solutions = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert solutions and all("raise NotImplementedError(" in s and "BEGIN SOLUTION" not in s for s in solutions)
    assert all(c.get("outputs", []) == [] for c in nb.cells)


def test_settings_turn_off_news_and_update_checks():
    overrides = json.loads((lab.SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                        "checkForUpdates": False}
    args = lab.lab_arguments(Path("w"), 8888)
    assert "--ServerApp.ip=127.0.0.1" in args and "--LabApp.news_url=None" in args
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_in_kernel(port, token, notebook, code):
    """Open `notebook`'s kernel as JupyterLab does (a session), run `code` over its websocket; return the stdout."""
    base = f"http://127.0.0.1:{port}/api"
    session = json.dumps({"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}})
    request = urllib.request.Request(f"{base}/sessions?token={token}", data=session.encode(), method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        session = json.load(answer)
    kernel = session["kernel"]["id"]
    try:
        return execute(f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?token={token}", {}, code, timeout=60)
    finally:
        urllib.request.urlopen(urllib.request.Request(f"{base}/sessions/{session['id']}?token={token}",
                                                      method="DELETE"), timeout=30).close()


def test_make_lab_serves_a_copy_on_localhost_with_a_token_and_the_repository_stays_clean(tmp_path):
    port, work = free_port(), tmp_path / "work"
    status_before, notebooks_before = git_status(), fingerprint(ROOT / "notebooks")
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_PLATFORM_DIRS"}  # lab.py sets what it needs
    # A learner's configuration that turns the token off (no login at all): `make lab` keeps one anyway.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "jupyter_server_config.json").write_text('{"IdentityProvider": {"token": ""}}')
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    server = subprocess.Popen(lab_command(port, work), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline, log = time.monotonic() + 60, ""
        while f"http://127.0.0.1:{port}/lab?token=" not in log:
            assert time.monotonic() < deadline and server.poll() is None, log[-2000:]
            log += server.stdout.readline()
        token = re.search(rf"127\.0\.0\.1:{port}/lab\?token=(\w+)", log).group(1)
        api = f"http://127.0.0.1:{port}/api/contents"
        while True:  # the address is printed just before the server starts answering
            try:
                urllib.request.urlopen(api, timeout=10)
            except urllib.error.HTTPError as refused:
                assert refused.code == 403  # no token, no access
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "JupyterLab printed its address but never answered"
                time.sleep(0.2)
            else:
                raise AssertionError("JupyterLab answered without a token")
        with urllib.request.urlopen(f"{api}?token={token}", timeout=10) as answer:
            listing = json.load(answer)
        assert listing["path"] == "" and "01_sigmoid.ipynb" in {item["name"] for item in listing["content"]}
        settings = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification"
        with urllib.request.urlopen(f"{settings}?token={token}", timeout=10) as answer:
            defaults = json.load(answer)["schema"]["properties"]  # overrides change the defaults
        assert defaults["fetchNews"]["default"] == "false" and defaults["checkForUpdates"]["default"] is False

        # What a learner does: run code (the kernel starts in the copy's folder), then save the notebook.
        shown = run_in_kernel(port, token, "01_sigmoid.ipynb", "import os, lessons\nprint(os.getcwd())")
        assert Path(shown.strip()) == work.resolve()
        with urllib.request.urlopen(f"{api}/01_sigmoid.ipynb?token={token}", timeout=10) as answer:
            model = json.load(answer)
        model["content"]["cells"].append({"cell_type": "code", "execution_count": 1, "id": "learner-cell",
                                          "metadata": {}, "source": "print('my answer')",
                                          "outputs": [{"output_type": "stream", "name": "stdout",
                                                       "text": "my answer\n"}]})
        save = urllib.request.Request(f"{api}/01_sigmoid.ipynb?token={token}", method="PUT",
                                      data=json.dumps({"type": "notebook", "format": "json",
                                                       "content": model["content"]}).encode())
        with urllib.request.urlopen(save, timeout=10) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
    saved = nbformat.read(work / "01_sigmoid.ipynb", as_version=4)
    assert saved.cells[-1].source == "print('my answer')"  # the copy changed...
    assert fingerprint(ROOT / "notebooks") == notebooks_before  # ...and the course did not
    assert git_status() == status_before, f"the lab changed the repository:\n{git_status()}"
