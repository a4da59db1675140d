"""Publish the student edition (``make student``'s notebooks) as a commit in a git repository of its own.

Usage: ``python hub/publish_student.py DEST [--branch main]``, then ``git -C DEST push``.

DEST is a git work tree that holds nothing but the student edition (created with ``git init`` if it
does not exist). Its files are replaced by a fresh ``tools/make_student.py notebooks`` output plus a
README naming the course commit it came from, and the change is committed on top of the branch: never
rewrite that branch's history (no amend, no force-push), because each learner's copy made by
nbgitpuller merges the new commits into theirs and cannot follow a rewritten history.

The nbgitpuller link that hands it out names this repository and branch (INSTRUCTOR_GUIDE.md,
*A class on one server: JupyterHub*).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args, cwd, capture=False):
    """Run git in `cwd`; its standard output when `capture`."""
    done = subprocess.run(["git", *args], cwd=cwd, check=True, text=True, capture_output=capture)
    return done.stdout.strip() if capture else None


def publish(dest, branch="main"):
    """Replace `dest`'s files with a fresh student edition and commit it; returns the new commit (or None)."""
    dest = Path(dest)
    if not (dest / ".git").exists():
        dest.mkdir(parents=True, exist_ok=True)
        git("init", "--quiet", f"--initial-branch={branch}", cwd=dest)
    course = git("rev-parse", "--short", "HEAD", cwd=ROOT, capture=True)
    with tempfile.TemporaryDirectory() as tmp:
        edition = Path(tmp) / "student"
        subprocess.run([sys.executable, str(ROOT / "tools" / "make_student.py"), str(ROOT / "notebooks"),
                        str(edition)], check=True, stdout=subprocess.DEVNULL)
        for old in dest.iterdir():
            if old.name != ".git":
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        for new in edition.iterdir():
            shutil.copy2(new, dest / new.name)
    (dest / "README.md").write_text(
        "# Logistic Regression from Scratch: the student edition\n\n"
        f"Written by `hub/publish_student.py` from course commit {course}. Open `01_sigmoid.ipynb`.\n"
        "Your changes are yours: clicking the course link again brings the teacher's new material\n"
        "and keeps what you changed.\n")
    git("add", "--all", cwd=dest)
    if not git("status", "--porcelain", cwd=dest, capture=True):
        return None
    git("commit", "--quiet", "-m", f"Student edition of course commit {course}", cwd=dest)
    return git("rev-parse", "HEAD", cwd=dest, capture=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="a git work tree holding only the student edition")
    parser.add_argument("--branch", default="main", help="branch of a new repository (default main)")
    args = parser.parse_args(argv)
    commit = publish(args.dest, args.branch)
    print(f"committed {commit} in {args.dest}; now push it" if commit else "nothing changed; nothing committed")


if __name__ == "__main__":
    main()
