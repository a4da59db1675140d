"""Make re-executing an unchanged notebook give the same bytes, so that its diff is reviewable.

Usage: ``python tools/normalize_notebook.py NOTEBOOK... [--previous OLD_COPY]`` (``make notebooks``
runs it after executing each notebook, with the copy from before the run). Rewrites NOTEBOOK.

Three things differed between two runs of the same code:

1. **Widget model ids**, random (uuid4) on every run, so a re-run changed hundreds of lines
   of the saved widget state (``metadata.widgets``). Each model is renamed to
   ``uuid5(<notebook file name>, <n>)``, where n is the order in which the model is first
   reached: the widget outputs in cell order, then each model's references depth first
   (keys in sorted order), then any model nothing refers to, by content. The same ids are
   replaced everywhere: the state's keys, ``"IPY_MODEL_<id>"`` references inside it, and the
   outputs' ``application/vnd.jupyter.widget-view+json`` ``model_id``; tools/make_html.py
   reads them back the same way.
2. **Printed text split into several stream outputs** when the kernel flushes in between (it
   does under load). Consecutive outputs to the same stream are joined, as JupyterLab shows
   them and as nbval compares them.
3. **Cells whose output is meant to differ** (timings), marked ``# NBVAL_IGNORE_OUTPUT`` or
   tagged ``nbval-ignore-output``: with ``--previous``, such a cell keeps its stored output
   if its source is unchanged. ``make notebooks FRESH=1`` stores new ones.

The file is written as nbformat writes it (sorted keys).
"""

import argparse
import json
import re
import uuid
from pathlib import Path

import nbformat

STATE = "application/vnd.jupyter.widget-state+json"
NAMESPACE = uuid.UUID("6f1c6a53-3b8e-4c43-9f0e-0c7f5f6d1a21")  # any fixed UUID; never change it
HEX_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")  # also inside "IPY_MODEL_<id>"


def models(nb):
    """The saved widget models of a notebook (a dict, id -> model), or {}."""
    return nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})


def first_appearance(nb):
    """Every model id of `nb` in a deterministic order that does not depend on the ids' values."""
    state, order, seen = models(nb), [], set()

    def reach(model_id):
        if model_id in state and model_id not in seen:
            seen.add(model_id)
            order.append(model_id)
            walk(state[model_id])

    def walk(node):
        if isinstance(node, str):
            for found in re.findall(r"IPY_MODEL_([0-9a-f]+)", node):
                reach(found)
        elif isinstance(node, dict):
            for key in sorted(node):
                if key == "model_id" and isinstance(node[key], str):
                    reach(node[key])
                walk(node[key])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    def content(model_id):
        """The model's JSON with the ids named so far replaced by their order, the others by '?'."""
        known = {old: str(n) for n, old in enumerate(order)}
        return HEX_ID.sub(lambda found: known.get(found[0], "?"), json.dumps(state[model_id], sort_keys=True))

    walk(nb.get("cells", []))
    while len(seen) < len(state):  # models nothing displays or refers to: order them by content
        reach(min((model_id for model_id in state if model_id not in seen), key=content))
    return order


def stable_ids(text, name):
    """The notebook JSON `text` with every widget model id replaced by ``uuid5(name, order)``."""
    nb = json.loads(text)
    new = {old: uuid.uuid5(NAMESPACE, f"{name}/{n}").hex for n, old in enumerate(first_appearance(nb))}
    return HEX_ID.sub(lambda m: new.get(m[0], m[0]), text)


def join_streams(nb):
    """Join consecutive stream outputs to the same stream (stdout, stderr) in every code cell, in place."""
    for cell in nb.cells:
        joined = []
        for output in cell.get("outputs", []):
            last = joined[-1] if joined else None
            if (output.output_type == "stream" and last is not None and last.output_type == "stream"
                    and last.name == output.name):
                last.text += output.text
            else:
                joined.append(output)
        if "outputs" in cell:
            cell.outputs = joined


def output_ignored(cell):
    return cell.cell_type == "code" and ("NBVAL_IGNORE_OUTPUT" in cell.source
                                         or "nbval-ignore-output" in cell.metadata.get("tags", []))


def keep_ignored_outputs(nb, previous):
    """Give each output-ignored cell of `nb` its output from `previous` when its source is unchanged."""
    before = {cell.get("id"): cell for cell in previous.cells if output_ignored(cell)}
    for cell in nb.cells:
        old = before.get(cell.get("id"))
        if output_ignored(cell) and old is not None and old.source == cell.source:
            cell.outputs = old.outputs


def normalize(text, name, previous=None):
    """The normalized notebook JSON for `text` (the file `name`), `previous` being its JSON before the run."""
    nb = nbformat.reads(stable_ids(text, name), as_version=4)
    join_streams(nb)
    if previous is not None:
        keep_ignored_outputs(nb, nbformat.reads(previous, as_version=4))
    return nbformat.writes(nb) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", type=Path, nargs="+")
    parser.add_argument("--previous", type=Path, help="the notebook before it was executed (one notebook only)")
    options = parser.parse_args(argv)
    if options.previous and len(options.notebooks) > 1:
        parser.error("--previous goes with one notebook")
    previous = options.previous.read_text(encoding="utf-8") if options.previous else None
    for path in options.notebooks:
        text = path.read_text(encoding="utf-8")
        fixed = normalize(text, path.name, previous)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")


if __name__ == "__main__":
    main()
