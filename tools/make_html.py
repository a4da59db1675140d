"""Write the reading version: static HTML of every executed notebook, and an index page.

Usage: ``python tools/make_html.py [SOURCE_DIR [OUTPUT_DIR]]`` (default: notebooks html),
which is what ``make html`` runs. The notebooks are converted as stored (``make notebooks``
executes them); a notebook with a code cell that has not been run is an error.

The pages are readable offline. Figures are PNG data URIs. A widget (an explorer) is
live only with a kernel: nbconvert would render its saved state with widget code from a
CDN, as sliders that move but recompute nothing. So each widget output is replaced by a
snapshot of what it showed when the notebook was executed: its controls' values as text,
its HTML (the explorer's figure is an ``<img>``) and its Output widgets' images.
"""

import copy
import sys
from html import escape
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SNAPSHOT_NOTE = "Interactive in JupyterLab or on Binder. Shown here as it was when the notebook was run, with "


def _value(value):
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _output_html(output):
    data = output.get("data", {})
    if "image/png" in data:
        return f'<img src="data:image/png;base64,{data["image/png"].strip()}" alt="figure">'
    if "text/html" in data:
        return "".join(data["text/html"])
    text = output.get("text") or data.get("text/plain", "")
    return f"<pre>{escape(''.join(text))}</pre>" if text else ""


def widget_snapshot(model_id, state, controls):
    """The HTML a widget showed, from the saved widget `state`; control values are appended to `controls`."""
    model = state.get(model_id)
    if model is None:
        return ""
    name, values = model["model_name"], model["state"]
    if name in ("HTMLModel", "HTMLMathModel"):
        return f"<div>{values.get('value', '')}</div>"
    if name == "LabelModel":
        return f"<div>{escape(_value(values.get('value', '')))}</div>"
    if name == "OutputModel":
        return "".join(_output_html(output) for output in values.get("outputs", []))
    if "children" in values:
        return "".join(widget_snapshot(child.removeprefix("IPY_MODEL_"), state, controls)
                       for child in values["children"])
    if "value" in values:
        controls.append(f"{values.get('description') or name.removesuffix('Model')} = {_value(values['value'])}")
    return ""


def static_widgets(nb):
    """A copy of `nb` whose widget outputs are HTML snapshots, without the saved widget state."""
    nb = copy.deepcopy(nb)
    state = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).pop(WIDGET_VIEW, None)
            if view is not None:
                controls = []
                body = widget_snapshot(view["model_id"], state, controls)
                note = SNAPSHOT_NOTE + (", ".join(controls) if controls else "its starting values") + "."
                output.data["text/html"] = f'<div class="widget-snapshot"><p><em>{escape(note)}</em></p>{body}</div>'
    return nb


def notebook_title(nb, default):
    """The text of the notebook's first markdown heading, or `default`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return default


def check_executed(nb, name):
    """Raise ValueError if a code cell of `nb` has not been run."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None:
            raise ValueError(f"{name}, cell {index} has not been run: run `make notebooks` first.")


def index_page(entries):
    """The index: an ordered list of links; `entries` are (file name, title) pairs in course order."""
    items = "\n".join(f'  <li><a href="{escape(href)}">{escape(title)}</a></li>' for href, title in entries)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Logistic Regression from Scratch</title>\n</head>\n<body>\n"
            "<h1>Logistic Regression from Scratch</h1>\n<p>The notebooks, in order, as executed.</p>\n"
            f"<ol>\n{items}\n</ol>\n</body>\n</html>\n")


def course_notebooks(folder):
    """The course's notebooks in `folder`, in order: ``NN_*.ipynb``."""
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def write_html(notebooks, output_dir="html"):
    """Write one page per notebook path, and index.html listing them in the given order; return the paths."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    exporter, entries = HTMLExporter(template_name="lab", embed_images=True), []
    for path in map(Path, notebooks):
        nb = nbformat.read(path, as_version=4)
        check_executed(nb, str(path))
        title = notebook_title(nb, path.stem)
        body, _ = exporter.from_notebook_node(static_widgets(nb),
                                              resources={"metadata": {"name": title, "path": str(path.parent)}})
        (output_dir / f"{path.stem}.html").write_text(body, encoding="utf-8")
        entries.append((f"{path.stem}.html", title))
    (output_dir / "index.html").write_text(index_page(entries), encoding="utf-8")
    return [output_dir / href for href, _ in entries] + [output_dir / "index.html"]


def main(argv):
    source_dir, output_dir = (argv + ["notebooks", "html"][len(argv):])[:2]
    try:
        written = write_html(course_notebooks(source_dir), output_dir)
    except ValueError as exc:
        sys.exit(f"make_html: {exc}")
    print(f"make_html: wrote {len(written) - 1} pages and index.html to {output_dir}/")


if __name__ == "__main__":
    main(sys.argv[1:])
