"""Start JupyterLab on the learner's own copy of the notebooks (what ``make lab`` runs).

Usage::

    python tools/lab.py                      # the course, in work/
    python tools/lab.py --student            # the student edition (exercises to fill in), in work-student/
    python tools/lab.py --reset 01_sigmoid.ipynb   # start that notebook afresh, then open the lab
    python tools/lab.py --port 8890 --no-browser   # options it does not know go to `jupyter lab`

The notebooks in notebooks/ are never served: on first use they are copied into an
ignored folder (work/, or work-student/ for the student edition, whose solutions are
stubs: tools/make_student.py), and JupyterLab opens there, so saving (and autosave)
changes only the copies. A notebook that is missing from the folder is copied again on
the next start; ``--reset NAME`` moves your copy to ``<folder>/replaced/`` first, so
nothing you wrote is lost. Works the same on Windows, macOS and Linux (no ``make``).

JupyterLab listens on 127.0.0.1 only, with a token (the link is printed; even when the
learner's Jupyter configuration turns the token off), without
news or update checks (flags below, and the defaults in tools/lab_settings/).
"""

import argparse
import datetime
import os
import secrets
import shutil
import sys
from pathlib import Path

TOOLS = str(Path(__file__).resolve().parent)
if TOOLS not in sys.path:  # loaded by path (as the tests do): make the sibling scripts importable
    sys.path.append(TOOLS)
from make_student import course_notebooks, write_student_versions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "notebooks"
SETTINGS = Path(__file__).resolve().parent / "lab_settings"  # overrides.json: no news, no update check
FOLDERS = {False: "work", True: "work-student"}


def prepare(workspace, student=False, course=COURSE):
    """Copy every course notebook that `workspace` lacks (student edition if `student`); return the names copied.

    Notebooks already there are the learner's and are left alone.
    """
    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    missing = [path for path in course_notebooks(course) if not (workspace / path.name).exists()]
    if student and missing:
        write_student_versions(missing, workspace)
    else:
        for path in missing:
            shutil.copyfile(path, workspace / path.name)
    return [path.name for path in missing]


def reset(workspace, names):
    """Move the learner's copies of `names` to ``workspace/replaced/`` (time-stamped); return where they went."""
    workspace, moved = Path(workspace), []
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in names:
        path = workspace / Path(name).name
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist: nothing to reset (the names are in {workspace}/).")
        target = workspace / "replaced" / f"{path.stem}-{stamp}{path.suffix}"
        target.parent.mkdir(exist_ok=True)
        path.replace(target)
        moved.append(target)
    return moved


def lab_arguments(workspace, port, extra=()):
    """The `jupyter lab` command-line arguments (without the program name)."""
    args = ["--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--ServerApp.root_dir={workspace}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",  # no extension search: it would query the package index
            f"--LabApp.app_settings_dir={SETTINGS}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # JupyterLab refuses to run as root without it (containers often are root)
    return args + list(extra)


def require_token(serverapp):
    """Give `serverapp` a fresh token if the learner's Jupyter configuration turned it off; return whether it did.

    A token Jupyter generated is printed in the link and passed to the browser; so is this one.
    """
    provider = serverapp.identity_provider
    if provider.token:
        return False
    provider.token = secrets.token_hex(24)
    provider.token_generated = True  # Jupyter prints a generated token (a configured one only as "...")
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--student", action="store_true", help="the student edition, in work-student/")
    parser.add_argument("--port", type=int, default=8888, help="first port to try (default 8888)")
    parser.add_argument("--workspace", type=Path, help="the folder to copy into and serve (default work/)")
    parser.add_argument("--reset", nargs="+", metavar="NOTEBOOK", help="start these notebooks afresh")
    parser.add_argument("--prepare-only", action="store_true", help="copy the notebooks, do not start the lab")
    options, extra = parser.parse_known_args(argv)
    workspace = (options.workspace or ROOT / FOLDERS[options.student]).resolve()
    if options.reset:
        try:
            for moved in reset(workspace, options.reset):
                print(f"lab: your previous copy is now {moved}")
        except FileNotFoundError as exc:
            sys.exit(f"lab: {exc}")
    copied = prepare(workspace, options.student)
    if copied:
        print(f"lab: copied {len(copied)} notebook{'s' * (len(copied) != 1)} into {workspace} "
              "(your working copies; notebooks/ stays as is)")
    if options.prepare_only:
        return 0
    # Jupyter's platformdirs migration notice; an inherited MPLBACKEND=Agg would hide every figure.
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    os.environ.pop("MPLBACKEND", None)
    from jupyterlab.labapp import LabApp

    # LabApp.launch_instance, with a token whatever the configuration says (an empty one means no login at all).
    serverapp = LabApp.initialize_server(argv=lab_arguments(workspace, options.port, extra))
    if require_token(serverapp):
        print("lab: your Jupyter configuration turns the token off (IdentityProvider.token = ''); "
              "this lab uses one anyway: open the link below")
    serverapp.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
