"""Open every notebook in Google Colab from a link, and make it run there: links and setup cells from course.toml.

The repository's address and ref are written once, in ``course.toml`` (``[publish]``). From them this tool writes:

- README.md: the table of links between ``<!-- colab-links:begin`` and ``<!-- colab-links:end -->``;
- each notebook: an ``[Open in Colab](...)`` line under the title of its first cell, and the setup cell
  (cell id ``course-setup``) right before its first code cell. The setup cell installs the course's package
  from the repository at that ref where ``lessons`` cannot be imported (Colab, Kaggle), and does nothing
  where it can (``make lab``, conda, Binder, JupyterHub). ``COURSE_INSTALL_SOURCE`` (any pip requirement or
  path) replaces the address: ``make test-host`` points it at a copy of this clone.

``tools/make_html.py`` reads the same file for the links of the HTML index.

    python tools/colab_links.py           # check: list whatever disagrees with course.toml; exit 1 if anything does
    python tools/colab_links.py --write   # write README.md and the notebooks that disagree; then `make notebooks`

Nothing is written without ``--write``, and a second ``--write`` changes nothing.
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "course.toml"
SETUP_ID = "course-setup"
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")  # GitHub's OWNER/NAME
REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")  # a branch, tag or commit (no spaces, no '@')
LINK_LINE = re.compile(r"^\[Open in Colab\]\(https://colab\.research\.google\.com/github/[^)]*\)$")
COLAB_URL = re.compile(r"https://colab\.research\.google\.com/github/[^\s)\"'<>]+")
README_BEGIN = "<!-- colab-links:begin (generated from course.toml by tools/colab_links.py --write) -->"
README_BLOCK = re.compile(r"<!-- colab-links:begin.*?-->\n.*?<!-- colab-links:end -->", re.S)
SETUP_MARK = "# Setup: installs the course's package"
SETUP_TEMPLATE = '''\
# Setup: installs the course's package, `lessons`, where it cannot be imported (Colab, Kaggle); else does nothing.
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("lessons") is None:
    source = os.environ.get("COURSE_INSTALL_SOURCE") or (  # course.toml gives the address; tests, a local copy
        "@SOURCE@"
    )
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], capture_output=True, text=True)
    if pip.returncode != 0:
        raise RuntimeError(f"Could not install the course's package from {source}:\\n{pip.stderr[-3000:]}")
    importlib.invalidate_caches()
    if "ipywidgets" in sys.modules and int(sys.modules["ipywidgets"].__version__.split(".")[0]) < 8:
        print("The sliders need ipywidgets 8, installed now: restart the session, then run the notebook again.")
if "google.colab" in sys.modules:  # Colab draws ipywidgets 8 with its custom widget manager (see the README)
    from google.colab import output

    output.enable_custom_widget_manager()'''


def load_config(path=CONFIG):
    """``{"repository": "OWNER/NAME", "ref": REF}`` from `path`'s ``[publish]`` table; ValueError if malformed."""
    with open(path, "rb") as f:
        publish = tomllib.load(f).get("publish", {})
    repository, ref = publish.get("repository"), publish.get("ref")
    if not isinstance(repository, str) or not REPOSITORY.fullmatch(repository):
        raise ValueError(f"{path}: [publish] repository must be a GitHub OWNER/NAME, not {repository!r}")
    if not isinstance(ref, str) or not REF.fullmatch(ref):
        raise ValueError(f"{path}: [publish] ref must be a branch, tag or commit, not {ref!r}")
    return {"repository": repository, "ref": ref}


def colab_url(config, name):
    """The address that opens notebooks/`name` of the configured repository and ref in Colab."""
    return f"https://colab.research.google.com/github/{config['repository']}/blob/{config['ref']}/notebooks/{name}"


def kaggle_url(config, name):
    """The address that imports the same notebook into a new Kaggle notebook."""
    return f"https://kaggle.com/kernels/welcome?src=https://github.com/{config['repository']}/blob/{config['ref']}/notebooks/{name}"


def install_source(config):
    """What the setup cell gives pip: the repository at the ref (the package is built from its root)."""
    return f"git+https://github.com/{config['repository']}@{config['ref']}"


def setup_source(config):
    """The source of the setup cell."""
    return SETUP_TEMPLATE.replace("@SOURCE@", install_source(config))


def link_line(config, name):
    return f"[Open in Colab]({colab_url(config, name)})"


def with_link(source, line):
    """The first cell's markdown with `line` alone under its title line (any older link line removed)."""
    title, *rest = source.split("\n")
    rest = "\n".join(part for part in rest if not LINK_LINE.match(part)).lstrip("\n")
    return f"{title}\n\n{line}\n\n{rest}"


def setup_cell_index(nb):
    """Index of the notebook's setup cell, or None."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("id") == SETUP_ID or cell.source.startswith(SETUP_MARK)):
            return index
    return None


def inject(nb, config, name):
    """Put the link line and the setup cell into `nb` (in place), as `config` gives them; return `nb`."""
    nb.cells[0].source = with_link(nb.cells[0].source, link_line(config, name))
    source, index = setup_source(config), setup_cell_index(nb)
    cell = nbformat.v4.new_code_cell(source, id=SETUP_ID) if index is None else nb.cells.pop(index)
    if cell.source != source:
        cell.source, cell.outputs, cell.execution_count = source, [], None
    nb.cells.insert(next(i for i, other in enumerate(nb.cells) if other.cell_type == "code"), cell)
    return nb


def readme_table(config, names):
    rows = [f"| `{name}` | [Open in Colab]({colab_url(config, name)}) | [Open in Kaggle]({kaggle_url(config, name)}) |"
            for name in names]
    header = ["| notebook | Colab | Kaggle |", "|---|---|---|"]
    return "\n".join([README_BEGIN, *header, *rows, "<!-- colab-links:end -->"])


def notebook_problems(nb, config, name, names=()):
    """What in notebook `name` disagrees with `config`: a list of sentences (empty if nothing).

    A Colab link in any cell must open one of `names` (the course's notebooks) or `name` itself.
    """
    problems, expected = [], link_line(config, name)
    lines = nb.cells[0].source.split("\n") if nb.cells else []
    if expected not in lines:
        found = [line for line in lines if LINK_LINE.match(line)]
        seen = f" (found {found[0]!r})" if found else ""
        problems.append(f"{name}: its first cell has no line {expected!r}{seen}")
    index = setup_cell_index(nb)
    if index is None:
        problems.append(f"{name}: no setup cell (id {SETUP_ID!r}) before its first code cell")
    else:
        first_code = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
        if index != first_code:
            problems.append(f"{name}: the setup cell is cell {index}, not the first code cell ({first_code})")
        if nb.cells[index].source != setup_source(config):
            problems.append(f"{name}: the setup cell differs from the one course.toml gives ({install_source(config)})")
    allowed = {colab_url(config, other) for other in {name, *names}}
    for cell_index, cell in enumerate(nb.cells):
        for url in COLAB_URL.findall(cell.source):
            if url not in allowed:
                problems.append(f"{name} cell {cell_index}: a Colab link that disagrees with course.toml: {url}")
    return problems


def problems(root=ROOT, config=None):
    """Everything in README.md and notebooks/ under `root` that disagrees with course.toml (a list of sentences)."""
    root = Path(root)
    config = config or load_config(root / "course.toml")
    paths = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    names, found = [path.name for path in paths], []
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = README_BLOCK.search(readme)
    if block is None:
        found.append("README.md: no <!-- colab-links:begin --> ... <!-- colab-links:end --> block")
    elif block.group(0) != readme_table(config, names):
        found.append("README.md: the table of Colab links disagrees with course.toml or with notebooks/")
    allowed = {colab_url(config, name) for name in names}
    found += [f"README.md: a Colab link that disagrees with course.toml: {url}"
              for url in COLAB_URL.findall(readme) if url not in allowed]
    for path in paths:
        found += notebook_problems(nbformat.read(path, as_version=4), config, path.name, names)
    return found


def write_readme(root=ROOT, config=None):
    """Fill README.md's table of links under `root` from course.toml; return [README.md] if it changed, else []."""
    root = Path(root)
    config = config or load_config(root / "course.toml")
    names = [path.name for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    path = root / "README.md"
    readme = path.read_text(encoding="utf-8")
    if README_BLOCK.search(readme) is None:
        raise ValueError("README.md has no <!-- colab-links:begin --> ... <!-- colab-links:end --> block to fill")
    new = README_BLOCK.sub(lambda _: readme_table(config, names), readme)
    if new == readme:
        return []
    path.write_text(new, encoding="utf-8")
    return [path]


def write(root=ROOT, config=None):
    """Bring README.md and every notebook under `root` in line with course.toml; return the paths written."""
    root = Path(root)
    config = config or load_config(root / "course.toml")
    written = write_readme(root, config)
    for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        text = path.read_text(encoding="utf-8")
        nb = inject(nbformat.reads(text, as_version=4), config, path.name)
        if nbformat.reads(text, as_version=4) != nb:
            path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
            written.append(path)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write README.md and the notebooks (default: check)")
    args = parser.parse_args(argv)
    try:
        if args.write:
            for path in write():
                print(f"colab_links: wrote {path.relative_to(ROOT)}")
            print("colab_links: README.md and notebooks/ agree with course.toml; run `make notebooks` if one changed")
            return 0
        found = problems()
    except ValueError as exc:
        print(f"colab_links: {exc}", file=sys.stderr)
        return 2
    for problem in found:
        print(f"colab_links: {problem}")
    if found:
        print("colab_links: run `python tools/colab_links.py --write`, then `make notebooks`")
        return 1
    print("colab_links: README.md and every notebook agree with course.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
