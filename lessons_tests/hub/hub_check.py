"""A whole class on one JupyterHub, for real (``make test-hub``; slow and root-only, so not part of
``unit``).

JupyterHub from PyPI (hub/requirements-hub.txt) and configurable-http-proxy from npm (CHP_VERSION) are
installed into .venv-hub (rebuilt when a requirements file changes), with the users' environment of
hub/requirements-user.txt and the course package, as the INSTRUCTOR_GUIDE's JupyterHub recipe says. The
hub runs hub/jupyterhub_config.py on 127.0.0.1: PAM logins, one LocalProcessSpawner server per learner.
Three learner accounts are created for the test (as The Littlest JupyterHub makes them: ``useradd
--create-home`` then ``chmod o-rwx`` on the home) and removed after it. Each learner logs in through the
login form, gets a server, clicks the nbgitpuller link to the student edition (published by
hub/publish_student.py into a bare repository that git daemon serves on 127.0.0.1), edits an exercise,
saves it, runs it in a kernel. The teacher publishes a change; a second click brings it and keeps each
learner's edit (and gives back a notebook a learner deleted). hub/collect.sh copies the three homes into
submissions/ and tools/grade.py gives each learner their own rows. One learner's token is refused by
another's server, and their kernel cannot read another's files. Every listening socket of the hub, the
proxy, the servers and the kernels is on loopback. Everything is stopped and removed in ``finally``
blocks.

It needs Linux, root (to create accounts and start servers as them), git, node and npm, and the package
registries for the first build; where one is missing it is skipped with the reason, except under
CI=true, where it fails. ``-s`` prints the transcript (what each learner did and saw).
"""

import contextlib
import csv
import hashlib
import ipaddress
import json
import os
import platform
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import psutil
import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kernel_ws import execute  # noqa: E402  (shared with bench/run.py's memory measurement)
from tooling import load_tool  # noqa: E402

family = load_tool("grade").processes  # a process and its live descendants: the grader's own walk

ROOT = Path(__file__).resolve().parents[2]
CHP_VERSION = "5.3.0"  # configurable-http-proxy from npm
REQUIREMENTS = [ROOT / "requirements-lock.txt", ROOT / "hub" / "requirements-hub.txt",
                ROOT / "hub" / "requirements-user.txt", ROOT / "pyproject.toml"]
LEARNERS = ["lrcourse-ada", "lrcourse-ben", "lrcourse-cyd"]  # created and deleted by the test
FOLDER = "logistic-regression"  # the nbgitpuller link's targetpath: the folder made in each home
NOTEBOOK = "01_sigmoid.ipynb"
TIMEOUT = 240  # seconds for any one wait (a hub start, a server start, a pull, a cell)
CI = os.environ.get("CI") == "true"


def say(text):
    print(f"[hub] {text}", flush=True)


def cannot_run(reason):
    """Skip with `reason`, or fail under CI=true (where the test must run)."""
    (pytest.fail if CI else pytest.skip)(f"test-hub cannot run here: {reason}")


def missing_prerequisite():
    if platform.system() != "Linux":
        return "JupyterHub's local spawner and PAM logins need Linux"
    if os.geteuid() != 0:
        return "it creates three system accounts and starts servers as them, which needs root"
    for tool in ("useradd", "userdel", "chpasswd", "runuser", "git", "node", "npm"):
        if shutil.which(tool) is None:
            return f"no {tool} on PATH"
    return None


def runs_as_other(*command):
    """True if an unprivileged account (nobody) can run `command`: learners' servers run as such accounts."""
    return subprocess.run(["runuser", "-u", "nobody", "--", *command], capture_output=True).returncode == 0


def learner_python():
    """An interpreter (3.11+, with venv) that learners can run: this one, unless it lives in root's home."""
    check = "import sys, venv; assert sys.version_info >= (3, 11)"
    for python in (os.path.realpath(sys._base_executable), "/usr/bin/python3"):
        if os.path.exists(python) and runs_as_other(python, "-c", check):
            return python
    return None


def hub_venv():
    """.venv-hub in the clone, or in the temporary folder when the clone is closed to other accounts."""
    if runs_as_other("test", "-x", str(ROOT)):
        return ROOT / ".venv-hub"
    return Path(tempfile.gettempdir()) / f"lessons-venv-hub-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"


HUB_VENV = hub_venv()
CHP = HUB_VENV / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
STAMP = HUB_VENV / ".installed"


def fingerprint(python):
    digest = hashlib.sha256(f"{python} {CHP_VERSION}".encode())
    for path in REQUIREMENTS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def trusted(folder):
    """Whether `folder` is ours to run: a real directory (no symlink), owned by this account and writable by no
    one else, with its stamp likewise. A venv in the shared temporary folder that anyone could have planted is not."""
    for path in (folder, folder / ".installed"):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return False
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def build_environment():
    """.venv-hub as the recipe installs a users' environment, plus JupyterHub and the proxy; reused when current."""
    python = learner_python()
    if python is None:
        cannot_run("no Python 3.11+ with venv that an unprivileged account can run (this one is in root's home; "
                   "apt-get install python3-venv)")
    if trusted(HUB_VENV) and STAMP.exists() and STAMP.read_text() == fingerprint(python):
        return
    if HUB_VENV.is_symlink():
        HUB_VENV.unlink()
    shutil.rmtree(HUB_VENV, ignore_errors=True)
    HUB_VENV.mkdir(mode=0o755)  # fails if someone recreated it in between: nothing planted is ever run
    start = time.monotonic()
    steps = [
        [python, "-m", "venv", str(HUB_VENV)],
        [str(HUB_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "requirements-lock.txt"), "-r", str(ROOT / "hub" / "requirements-hub.txt"),
         "-r", str(ROOT / "hub" / "requirements-user.txt")],
        # The course package itself, copied in (not editable): learners' servers must not read the clone.
        [str(HUB_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", str(ROOT)],
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(HUB_VENV / "chp"),
         f"configurable-http-proxy@{CHP_VERSION}"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode:
            shutil.rmtree(HUB_VENV, ignore_errors=True)
            cannot_run(f"{' '.join(step[:4])} ... failed (offline?):\n{done.stderr[-2000:]}")
    STAMP.write_text(fingerprint(python))
    say(f"built {HUB_VENV} on {python} (pip + npm) in {time.monotonic() - start:.0f} s")


def free_ports(count):
    """A first port p such that p, p + 1, ..., p + count - 1 are free on 127.0.0.1."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count >= 65535:
            continue
        try:
            with contextlib.ExitStack() as stack:
                for port in range(first, first + count):
                    s = stack.enter_context(socket.socket())
                    s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError("no run of free ports on 127.0.0.1")


def wait_for(what, condition, timeout=TIMEOUT, alive=None):
    """Poll `condition()` until it returns a true value (returned); fail after `timeout` s or if `alive()` is false."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            pytest.fail(f"gave up waiting for {what}: the process ended")
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what} after {timeout} s")


def stop(processes):
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.terminate()
    _, alive = psutil.wait_procs(processes, timeout=10)
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(alive, timeout=10)


def learner_processes(uids):
    return [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]


# --- accounts -------------------------------------------------------------------------------------

def create_learner(name, homes):
    """A system account as The Littlest JupyterHub makes one; returns its password."""
    with contextlib.suppress(KeyError):  # left over from an interrupted run: only ever one of ours
        old = pwd.getpwnam(name)
        if not old.pw_dir.startswith(tempfile.gettempdir() + "/course-hub-"):
            pytest.fail(f"a user {name} exists and is not this test's; not touching it")
        remove_learner(name)
    home = homes / name
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", name], check=True)
    subprocess.run(["chmod", "o-rwx", str(home)], check=True)
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)
    return password


def remove_learner(name):
    with contextlib.suppress(KeyError):
        uid = pwd.getpwnam(name).pw_uid
        stop(learner_processes({uid}))
        subprocess.run(["userdel", "--remove", name], capture_output=True)


# --- the student edition, as a git repository the link points at ------------------------------------

def git(*args, cwd):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Teacher", "GIT_AUTHOR_EMAIL": "teacher@example.invalid",
           "GIT_COMMITTER_NAME": "Teacher", "GIT_COMMITTER_EMAIL": "teacher@example.invalid"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def load_publisher():
    import importlib.util

    spec = importlib.util.spec_from_file_location("publish_student", ROOT / "hub" / "publish_student.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def publish(work, bare):
    """The teacher's first publication: `make student` output committed in `work`, pushed to `bare`."""
    env_names = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
    saved = {k: os.environ.get(k) for k in env_names}
    os.environ.update(GIT_AUTHOR_NAME="Teacher", GIT_AUTHOR_EMAIL="teacher@example.invalid",
                      GIT_COMMITTER_NAME="Teacher", GIT_COMMITTER_EMAIL="teacher@example.invalid")
    try:
        commit = load_publisher().publish(work, "main")
    finally:
        for k, v in saved.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    git("init", "--quiet", "--bare", "--initial-branch=main", str(bare), cwd=work)
    git("push", "--quiet", str(bare), "main", cwd=work)
    return commit


TEACHER_NOTE = "Teacher's note, added after the first click: read each check's message to the end."


def publish_update(work, bare):
    """The teacher's second publication: a note in notebook 01's first cell and in the README."""
    path = work / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += f"\n\n{TEACHER_NOTE}"
    nbformat.write(nb, path)
    with open(work / "README.md", "a") as f:
        f.write(f"\n{TEACHER_NOTE}\n")
    git("commit", "--quiet", "-am", "A note for learners", cwd=work)
    git("push", "--quiet", str(bare), "main", cwd=work)


@contextlib.contextmanager
def git_host(folder):
    """Serve the repositories in `folder` with `git daemon` on 127.0.0.1 (git's own protocol), as a git host would.

    Over the network each learner's git is a client of the host, as with a real one; a local path would be
    refused (the repository belongs to another account: git's safe.directory check), and git's plain-HTTP
    protocol cannot make nbgitpuller's shallow clone."""
    port = free_ports(1)
    daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", f"--port={port}",
                               f"--base-path={folder}", str(folder)], start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"git://127.0.0.1:{port}"
        wait_for("git daemon", lambda: subprocess.run(["git", "ls-remote", f"{url}/{next(folder.iterdir()).name}"],
                                                      capture_output=True).returncode == 0,
                 timeout=60, alive=lambda: daemon.poll() is None)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(daemon.pid, signal.SIGKILL)
        daemon.wait(timeout=30)


# --- a learner's browser, through the hub's HTTP API --------------------------------------------------

class Learner:
    def __init__(self, base, name, password):
        self.base, self.name, self.password = base, name, password
        self.session = requests.Session()
        self.token = None
        self.uid = pwd.getpwnam(name).pw_uid
        self.home = Path(pwd.getpwnam(name).pw_dir)

    @property
    def auth(self):
        return {"Authorization": f"token {self.token}"}

    def login(self, password=None):
        page = self.session.get(f"{self.base}/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        return self.session.post(f"{self.base}/hub/login", timeout=60, allow_redirects=False,
                                 data={"username": self.name, "password": password or self.password, "_xsrf": xsrf})

    def new_token(self):
        """An API token of the learner's own, asked for with the login cookie (as the hub's token page does)."""
        xsrf = self.session.cookies.get("_xsrf")
        r = self.session.post(f"{self.base}/hub/api/users/{self.name}/tokens", timeout=30,
                              headers={"X-XSRFToken": xsrf, "Referer": f"{self.base}/hub/token"},
                              json={"note": "course test", "expires_in": 3600})
        assert r.status_code == 201, f"{self.name}: a token: {r.status_code} {r.text[:300]}"
        self.token = r.json()["token"]

    def start_server(self, alive):
        r = requests.post(f"{self.base}/hub/api/users/{self.name}/server", headers=self.auth, timeout=60)
        assert r.status_code in (201, 202), f"{self.name}: start: {r.status_code} {r.text[:300]}"

        def ready():
            user = requests.get(f"{self.base}/hub/api/users/{self.name}", headers=self.auth, timeout=30).json()
            return user["servers"].get("", {}).get("ready")
        wait_for(f"{self.name}'s server", ready, alive=alive)

    def url(self, path):
        return f"{self.base}/user/{self.name}/{path}"

    def click(self, link_query, repo):
        """What a browser does with the nbgitpuller link: the status page, then its event stream; the events."""
        page = self.session.get(f"{self.base}/hub/user-redirect/git-pull?{link_query}", timeout=60)
        assert page.status_code == 200 and "nbgitpuller" in page.text.lower(), (
            f"{self.name}: the link's page: {page.status_code} {page.url} {page.text[:300]}")
        assert f"lab/tree/{FOLDER}/{NOTEBOOK}" in page.text, "the page would not open the notebook after the pull"
        api = self.url("git-pull/api?" + urlencode({"repo": repo, "branch": "main", "targetpath": FOLDER}))
        events = []
        with self.session.get(api, stream=True, timeout=(30, TIMEOUT)) as r:
            assert r.status_code == 200, f"{self.name}: git-pull/api: {r.status_code} {r.text[:300]}"
            for line in r.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    events.append(event)
                    if event.get("phase") in ("finished", "error"):
                        break
        assert events and events[-1].get("phase") == "finished", f"{self.name}: the pull: {events[-3:]}"
        return page.url, events

    def contents(self, path, **params):
        return requests.get(self.url(f"api/contents/{path}"), headers=self.auth, params=params, timeout=60)

    def save(self, path, nb):
        r = requests.put(self.url(f"api/contents/{path}"), headers=self.auth, timeout=60,
                         json={"type": "notebook", "format": "json", "content": nb})
        assert r.status_code == 200, f"{self.name}: save: {r.status_code} {r.text[:300]}"

    def run(self, code, path=FOLDER):
        """Run `code` in a new kernel of the learner's server (REST + websocket); its text output and errors."""
        r = requests.post(self.url("api/kernels"), headers=self.auth, json={"name": "python3", "path": path},
                          timeout=60)
        assert r.status_code == 201, f"{self.name}: a kernel: {r.status_code} {r.text[:300]}"
        kernel = r.json()["id"]
        ws_url = self.url(f"api/kernels/{kernel}/channels").replace("http://", "ws://", 1)
        return kernel, execute(ws_url, self.auth, code, timeout=TIMEOUT)


# --- what each learner writes ------------------------------------------------------------------------

def solution_sources():
    """{cell id: source} of the course notebook's solution cells (the worked answers), in order."""
    nb = nbformat.read(ROOT / "notebooks" / NOTEBOOK, as_version=4)
    return {c.id: c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])}


def edit(nb, plan):
    """`nb` (the student's notebook as a dict) with the solution cells of `plan` {cell id: source} replaced."""
    for cell in nb["cells"]:
        if cell["id"] in plan:
            cell["source"] = plan[cell["id"]]
    return nb


def check_of(nb, cell_id):
    """The check cell that follows the solution cell `cell_id`."""
    ids = [c["id"] for c in nb["cells"]]
    return nb["cells"][ids.index(cell_id) + 1]["source"]


def setup_cell(nb):
    return next(c["source"] for c in nb["cells"] if c["cell_type"] == "code" and "from lessons import" in c["source"])


# --- the test ----------------------------------------------------------------------------------------

def test_a_class_on_one_hub():
    reason = missing_prerequisite()
    if reason:
        cannot_run(reason)
    build_environment()

    tmp = Path(tempfile.mkdtemp(prefix="course-hub-"))
    tmp.chmod(0o755)  # the learners' homes are below it; each home is closed to the others (chmod o-rwx)
    homes, state, work, bare = tmp / "home", tmp / "state", tmp / "publish", tmp / "served" / "course-student.git"
    homes.mkdir(mode=0o755)
    state.mkdir(mode=0o700)
    hub, log, created = None, None, []
    try:
        publish(work, bare)
        passwords = {}
        for name in LEARNERS:
            created.append(name)
            passwords[name] = create_learner(name, homes)
        say(f"accounts {', '.join(LEARNERS)} created, homes in {homes} (mode 0750: o-rwx as TLJH does)")

        port = free_ports(3)
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PATH": f"{HUB_VENV / 'bin'}:{os.environ['PATH']}",
               "COURSE_HUB_STATE": str(state), "COURSE_HUB_LEARNERS": " ".join(LEARNERS),
               "COURSE_HUB_PORT": str(port), "COURSE_HUB_PROXY": str(CHP),
               "COURSE_HUB_SINGLEUSER": str(HUB_VENV / "bin" / "jupyterhub-singleuser")}
        env.pop("JUPYTERHUB_API_TOKEN", None)
        log = open(state / "hub.log", "w")
        hub = subprocess.Popen([str(HUB_VENV / "bin" / "jupyterhub"), "-f", str(ROOT / "hub" / "jupyterhub_config.py")],
                               cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        alive = lambda: hub.poll() is None  # noqa: E731

        def answering():
            with contextlib.suppress(requests.RequestException):
                return requests.get(f"{base}/hub/api", timeout=5).status_code == 200
        try:
            wait_for("the hub", answering, alive=alive)
            say(f"JupyterHub {requests.get(f'{base}/hub/api', timeout=5).json()['version']} "
                f"on {base}, configurable-http-proxy {CHP_VERSION}")
            with git_host(bare.parent) as host:
                say(f"the student edition published by hub/publish_student.py, served by git daemon at {host}")
                run_the_class(base, f"{host}/{bare.name}", (work, bare), tmp, alive,
                              [Learner(base, n, passwords[n]) for n in LEARNERS], hub)
        except BaseException:
            log.flush()
            print((state / "hub.log").read_text()[-6000:], file=sys.stderr)
            raise
    finally:
        if hub is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(hub.pid, signal.SIGTERM)  # the hub stops the learners' servers and the proxy
            with contextlib.suppress(subprocess.TimeoutExpired):
                hub.wait(timeout=30)
            stop(family(hub.pid))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(hub.pid, signal.SIGKILL)
        for name in created:
            remove_learner(name)
        if log is not None:
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)
        for name in created:
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                pytest.fail(f"the account {name} is still there")


def run_the_class(base, repo, teacher, tmp, alive, learners, hub):
    link = urlencode({"repo": repo, "branch": "main", "targetpath": FOLDER,
                      "urlpath": f"lab/tree/{FOLDER}/{NOTEBOOK}"})
    say(f"the link: {base}/hub/user-redirect/git-pull?{link}")
    solutions = solution_sources()
    first = next(iter(solutions))
    signature = re.search(r"^def \w+\(.*?\):", solutions[first], re.MULTILINE).group(0)
    wrong = f"{signature}\n    return None\n"  # the first exercise answered with nothing: whatever the exercise is
    plans = [solutions, {first: solutions[first]}, {first: wrong}]  # all of 01; its first exercise; a wrong one
    expected = ["✓ Correct", "✓ Correct", "✗ Not yet"]

    ada = learners[0]
    refused = ada.login(password="not-the-password")
    assert refused.status_code == 403, f"a wrong password: {refused.status_code}"
    say(f"{ada.name} with a wrong password: {refused.status_code}, not logged in")

    for learner, plan, answer in zip(learners, plans, expected):
        r = learner.login()
        assert r.status_code == 302 and learner.session.cookies.get("jupyterhub-session-id"), (
            f"{learner.name}: login: {r.status_code} {r.text[:300]}")
        learner.new_token()
        learner.start_server(alive)
        landed, events = learner.click(link, repo)
        listing = learner.contents(FOLDER).json()
        names = sorted(item["name"] for item in listing["content"])
        assert NOTEBOOK in names and "README.md" in names, names
        nb = learner.contents(f"{FOLDER}/{NOTEBOOK}", content=1).json()["content"]
        assert all("raise NotImplementedError" in nb["cells"][[c["id"] for c in nb["cells"]].index(i)]["source"]
                   for i in plan), "the student edition arrived with its stubs"
        learner.save(f"{FOLDER}/{NOTEBOOK}", edit(nb, plan))
        code = "\n\n".join([setup_cell(nb), "import os; print('uid', os.getuid(), 'cwd', os.getcwd())",
                            plan[first], check_of(nb, first)])  # the check last: its result is the cell's value
        _, output = learner.run(code)
        assert answer in output, f"{learner.name}: {output[-500:]}"
        assert f"uid {learner.uid} cwd {learner.home / FOLDER}" in output, output[-300:]
        say(f"{learner.name}: logged in (302), token, server ready, clicked the link -> {landed.split('?')[0]}; "
            f"{len(events)} pull events, ended '{events[-1]['phase']}'; {FOLDER}/ holds {len(names)} files; "
            f"edited {len(plan)} solution cell(s) of {NOTEBOOK}, saved; ran it in a kernel as uid {learner.uid}: "
            f"'{next(line for line in output.splitlines() if answer in line)[:70]}'")

    # A learner deletes a notebook; the teacher publishes a note; everyone clicks the link again.
    cyd = learners[2]
    deleted = "02_binary_cross_entropy.ipynb"
    r = requests.delete(cyd.url(f"api/contents/{FOLDER}/{deleted}"), headers=cyd.auth, timeout=30)
    assert r.status_code == 204, r.status_code
    publish_update(*teacher)
    say(f"{cyd.name} deleted {deleted}; the teacher published a note in {NOTEBOOK}'s first cell and the README")
    for learner, plan in zip(learners, plans):
        learner.click(link, repo)
        nb = learner.contents(f"{FOLDER}/{NOTEBOOK}", content=1).json()["content"]
        by_id = {c["id"]: c["source"] for c in nb["cells"]}
        assert all(by_id[i] == source for i, source in plan.items()), f"{learner.name}: the edit was lost"
        assert TEACHER_NOTE in nb["cells"][0]["source"], f"{learner.name}: the teacher's note did not arrive"
        readme = learner.contents(f"{FOLDER}/README.md", content=1).json()["content"]
        assert TEACHER_NOTE in readme
    assert cyd.contents(f"{FOLDER}/{deleted}").status_code == 200, "the deleted notebook did not come back"
    say("second click, each learner: their edited cells unchanged, the teacher's note merged into the same "
        f"notebook and the README; {cyd.name}'s deleted {deleted} back")

    # One learner's token and kernel cannot reach another's server or files.
    ben = learners[1]
    attempts = {
        "list the other's files": requests.get(ben.url(f"api/contents/{FOLDER}"), headers=ada.auth, timeout=30),
        "read the other's notebook": requests.get(ben.url(f"api/contents/{FOLDER}/{NOTEBOOK}"), headers=ada.auth,
                                                  timeout=30),
        "start a kernel there": requests.post(ben.url("api/kernels"), headers=ada.auth, json={"name": "python3"},
                                              timeout=30),
        "pull into the other's home": requests.get(ben.url("git-pull/api?repo=x"), headers=ada.auth, timeout=30),
        "the other's hub record": requests.get(f"{base}/hub/api/users/{ben.name}", headers=ada.auth, timeout=30),
        "stop the other's server": requests.delete(f"{base}/hub/api/users/{ben.name}/server", headers=ada.auth,
                                                   timeout=30),
    }
    for what, r in attempts.items():
        assert r.status_code in (403, 404), f"{ada.name} could {what}: {r.status_code} {r.text[:200]}"
        assert "my_sigmoid" not in r.text
    _, output = ada.run(f"open({str(ben.home / FOLDER / NOTEBOOK)!r}).read()")
    assert output.startswith("PermissionError"), output[:300]
    say(f"{ada.name}'s token at {ben.name}'s server and hub record: "
        + ", ".join(f"{what} {r.status_code}" for what, r in attempts.items())
        + f"; {ada.name}'s kernel opening {ben.name}'s notebook: {output.strip()[:60]}")

    # Nothing listens beyond loopback: every listening socket of the hub's processes and the learners'.
    uids = {learner.uid for learner in learners}
    pids = {p.pid for p in family(hub.pid)} | {p.pid for p in learner_processes(uids)}
    listening = [c for c in psutil.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN and c.pid in pids]
    addresses = sorted({f"{c.laddr.ip}:{c.laddr.port}" for c in listening})
    assert len({c.pid for c in listening}) >= 2 + len(learners), addresses  # hub, proxy, one server each at least
    assert all(ipaddress.ip_address(c.laddr.ip).is_loopback for c in listening), addresses
    say(f"{len(addresses)} listening sockets of {len({c.pid for c in listening})} processes (hub, proxy, servers, "
        f"kernels), all on loopback: {', '.join(addresses[:6])}, ...")

    # One learner's memory: the server and the kernels it started (two, by now).
    server = [p for p in learner_processes({ada.uid}) if "jupyterhub-singleuser" in " ".join(p.cmdline())]
    kernels = [p for p in learner_processes({ada.uid}) if "ipykernel_launcher" in " ".join(p.cmdline())]
    rss = {p.pid: p.memory_info().rss / 2**20 for p in server + kernels}
    say(f"{ada.name}'s memory: server {sum(rss[p.pid] for p in server):.0f} MiB, "
        + ", ".join(f"kernel {rss[p.pid]:.0f} MiB" for p in kernels) + " (RSS; `make bench` measures each notebook)")

    # The class ends: each learner stops their server (through the hub, with their own token).
    for learner in learners:
        r = requests.delete(f"{base}/hub/api/users/{learner.name}/server", headers=learner.auth, timeout=120)
        assert r.status_code in (202, 204), f"{learner.name}: stop: {r.status_code} {r.text[:200]}"
    wait_for("the servers to stop", lambda: not learner_processes(uids), timeout=120)

    # The teacher collects the homes and grades them: one row per learner and exercise.
    submissions, grades = tmp / "submissions", tmp / "grades"
    collected = subprocess.run(["bash", str(ROOT / "hub" / "collect.sh"), str(submissions), FOLDER,
                                *(str(learner.home) for learner in learners)], capture_output=True, text=True,
                               env={**os.environ, "ONLY": "01_*.ipynb"})  # only the lesson due: 3 runs, not 24
    assert collected.returncode == 0, collected.stderr
    graded = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(submissions), "--output",
                             str(grades), "--lessons", "01", "--jobs", "2"], capture_output=True, text=True,
                            timeout=900)
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    with open(grades / "grades.csv", encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["lesson"].startswith("01")]
    by_learner = {}
    for row in rows:
        by_learner.setdefault(row["submission"], {})[row["exercise"]] = row["passed"] == "True"
    course = nbformat.read(ROOT / "notebooks" / NOTEBOOK, as_version=4)
    first_check = re.match(r"\s*(check_\w+)\(", check_of(course, first)).group(1)
    assert set(by_learner) == set(LEARNERS), sorted(by_learner)
    assert all(set(marks) >= {first_check} for marks in by_learner.values()), by_learner
    assert all(by_learner[ada.name].values()), by_learner[ada.name]  # every 01 exercise filled in
    assert by_learner[ben.name][first_check] and not all(by_learner[ben.name].values()), by_learner[ben.name]
    assert not any(by_learner[cyd.name].values()), by_learner[cyd.name]
    say(f"{collected.stdout.strip().replace(chr(10), '; ')}; grade.py: "
        + "; ".join(f"{name} passed {sum(m.values())} of {len(m)}" for name, m in sorted(by_learner.items())))
