"""tools/make_html.py (`make html`): a page per executed notebook, readable offline, and an index.

Builds the pages for lessons_tests/fixtures/exercise_example.ipynb (which has a figure
and an explorer widget) and every notebooks/NN_*.ipynb into a temporary folder.
"""

from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from tooling import load_tool

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "lessons_tests" / "fixtures" / "exercise_example.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


make_html = load_tool("make_html")
NOTEBOOKS = [FIXTURE, *make_html.course_notebooks(ROOT / "notebooks")]


class Page(HTMLParser):
    """What a browser without network shows: images and links outside <script> elements, the images of
    each widget snapshot, and the scripts' src."""

    def __init__(self, text):
        super().__init__()
        self.images, self.links, self.script_srcs, self.snapshots = [], [], [], []
        self._in_script, self._href, self._snapshot_depth = False, None, 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and (self._snapshot_depth or attrs.get("class") == "widget-snapshot"):
            self._snapshot_depth += 1
            if self._snapshot_depth == 1:
                self.snapshots.append([])
        if tag == "script":
            self._in_script = True
            if attrs.get("src"):
                self.script_srcs.append(attrs["src"])
        elif tag == "img" and not self._in_script:
            self.images.append(attrs.get("src", ""))
            if self._snapshot_depth:
                self.snapshots[-1].append(attrs.get("src", ""))
        elif tag == "a":
            self._href, self._text = attrs.get("href"), ""

    def handle_endtag(self, tag):
        if tag == "div" and self._snapshot_depth:
            self._snapshot_depth -= 1
        if tag == "script":
            self._in_script = False
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text += data


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    make_html.write_html(NOTEBOOKS, folder)
    return folder


def outputs(nb, mimetype):
    return [out for cell in nb.cells for out in cell.get("outputs", []) if mimetype in out.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_every_figure_is_an_embedded_image(site, path):
    nb = nbformat.read(path, as_version=4)
    page = Page((site / f"{path.stem}.html").read_text(encoding="utf-8"))
    figures = len(outputs(nb, "image/png")) + len(outputs(nb, WIDGET_VIEW))
    assert figures, f"{path.name} shows no figure"
    embedded = [src for src in page.images if src.startswith("data:image/png;base64,")]
    assert len(embedded) >= figures, f"{path.stem}.html: {len(embedded)} embedded images for {figures} figures"
    assert all(src.startswith("data:") for src in page.images), "an image would need the network"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_widgets_are_static_snapshots_with_their_figure_without_widget_javascript(site, path):
    nb = nbformat.read(path, as_version=4)
    text = (site / f"{path.stem}.html").read_text(encoding="utf-8")
    snapshots = Page(text).snapshots
    assert len(snapshots) == len(outputs(nb, WIDGET_VIEW))
    assert all(any(src.startswith("data:image/png;base64,") for src in images) for images in snapshots), \
        f"{path.stem}.html: a widget snapshot without its figure"
    assert WIDGET_VIEW not in text and "widget-state+json" not in text and "html-manager" not in text
    assert not [src for src in Page(text).script_srcs if "widget" in src]


def test_fixture_widget_snapshot_shows_the_explorers_figure_and_slider_values(site):
    nb = nbformat.read(FIXTURE, as_version=4)
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    figures = [m["state"]["value"] for m in state.values() if m["model_name"] == "HTMLModel"
               and m["state"]["value"].startswith("<img")]
    assert len(outputs(nb, WIDGET_VIEW)) == 1 and len(figures) == 1
    text = (site / f"{FIXTURE.stem}.html").read_text(encoding="utf-8")
    snapshot = text.split('class="widget-snapshot"', 1)[1]  # the page holds no widget state (test above)
    assert "learning rate = 0.5, iterations = 100." in snapshot
    assert figures[0].split('src="')[1].split('"')[0] in Page(snapshot).images


def test_index_links_every_notebook_in_order_with_its_title(site):
    links = Page((site / "index.html").read_text(encoding="utf-8")).links
    expected = [(f"{path.stem}.html", make_html.notebook_title(nbformat.read(path, as_version=4), path.stem))
                for path in NOTEBOOKS]
    assert links == expected
    assert links[0][1] == "Example: one exercise, one figure, one explorer"


def test_output_widget_snapshot_shows_its_images_and_text():
    state = {"box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_out", "IPY_MODEL_n"]}},
             "out": {"model_name": "OutputModel", "state": {"outputs": [
                 {"output_type": "display_data", "data": {"image/png": "iVBOR\n", "text/plain": "<Figure>"}},
                 {"output_type": "stream", "name": "stdout", "text": "a < b\n"}]}},
             "n": {"model_name": "IntSliderModel", "state": {"value": 3, "description": "n"}}}
    controls = []
    html = make_html.widget_snapshot("box", state, controls)
    assert html == '<img src="data:image/png;base64,iVBOR" alt="figure"><pre>a &lt; b\n</pre>'
    assert controls == ["n = 3"]


def test_a_notebook_not_run_is_an_error(tmp_path):
    nb = nbformat.read(FIXTURE, as_version=4)
    nb.cells[3].execution_count = None
    nbformat.write(nb, tmp_path / "01_not_run.ipynb")
    with pytest.raises(ValueError, match=r"01_not_run.ipynb, cell 3 has not been run: run `make notebooks`"):
        make_html.write_html([tmp_path / "01_not_run.ipynb"], tmp_path / "html")
