"""The set-up promises: pinned versions recorded, the two commands exist, CI runs the README's command."""

import json
import os
import pathlib
import re
import shlex
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]


def requirement_name(spec):
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_lock_file_pins_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    lines = [ln for ln in (ROOT / "requirements-lock.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    pinned = {requirement_name(ln): ln.split("==")[1] for ln in lines}
    assert all("==" in ln for ln in lines), "every line of requirements-lock.txt pins an exact version"
    missing = {requirement_name(d) for d in wanted} - set(pinned)
    assert not missing, f"not pinned in requirements-lock.txt: {missing}"


def test_makefile_has_the_readme_commands():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "notebooks", "lint", "clean"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "--ServerApp.ip=127.0.0.1" in makefile and "0.0.0.0" not in makefile
    assert "--nbval " in makefile and "--nbval-sanitize-with" in makefile


def test_readme_gives_the_two_commands_and_ci_runs_one_of_them():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert re.search(r"^make test\b", (ROOT / ".ci" / "run").read_text(), re.M)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_lab_serves_jupyterlab_on_localhost_with_a_token():
    port = free_port()
    dry_run = subprocess.run(["make", "-n", "lab", f"PORT={port}", "LAB_ARGS=--no-browser"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    command = dry_run[dry_run.index(".venv/bin/jupyter lab"):].replace("\\\n", " ").splitlines()[0]
    command = command.split("#")[0].replace(".venv/bin/jupyter", str(pathlib.Path(sys.executable).parent / "jupyter"))
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1")
    server = subprocess.Popen(shlex.split(command), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline, log = time.monotonic() + 60, ""
        while f"http://127.0.0.1:{port}/lab?token=" not in log:
            assert time.monotonic() < deadline and server.poll() is None, log[-2000:]
            log += server.stdout.readline()
        token = re.search(rf"127\.0\.0\.1:{port}/lab\?token=(\w+)", log).group(1)
        url = f"http://127.0.0.1:{port}/api/contents"
        while True:  # the address is printed just before the server starts answering
            try:
                urllib.request.urlopen(url, timeout=10)
            except urllib.error.HTTPError as refused:
                assert refused.code == 403  # no token, no access
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "JupyterLab printed its address but never answered"
                time.sleep(0.2)
            else:
                raise AssertionError("JupyterLab answered without a token")
        with urllib.request.urlopen(f"{url}?token={token}", timeout=10) as answer:
            names = {item["name"] for item in json.load(answer)["content"]}
        assert "01_sigmoid.ipynb" in names  # opened at the notebooks
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()


def test_make_clean_never_takes_its_venv_path_from_the_environment(tmp_path):
    victim = tmp_path / "outside-the-repository"
    victim.mkdir()
    env = dict(os.environ, VENV=str(victim))
    dry_run = subprocess.run(["make", "-n", "clean"], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True).stdout
    assert str(victim) not in dry_run and "rm -rf .venv " in dry_run


def test_every_third_party_import_of_the_package_is_declared():
    declared = {requirement_name(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
                ["dependencies"]}
    import_names = {"numpy": "numpy", "pandas": "pandas", "matplotlib": "matplotlib", "sklearn": "scikit-learn",
                    "ipywidgets": "ipywidgets", "PIL": "pillow", "scipy": "scipy", "IPython": "ipython"}
    found = set()
    for path in (ROOT / "lessons").glob("*.py"):
        found |= set(re.findall(r"^(?:from|import) (\w+)", path.read_text(), re.M))
    third_party = found - set(sys.stdlib_module_names) - {"lessons"}
    unknown = third_party - set(import_names)
    assert not unknown, f"add {unknown} to import_names here and to pyproject.toml"
    missing = {import_names[name] for name in third_party} - declared
    assert not missing, f"lessons/ imports {missing}, which pyproject.toml does not declare"
