"""tools/make_html.py (`make html`): a page per executed notebook, readable offline, and an index.

Builds the pages for lessons_tests/fixtures/exercise_example.ipynb (which has a figure
and an explorer widget) and every notebooks/NN_*.ipynb into a temporary folder.
lessons_tests/browser/html_check.py opens them in a browser (maths shown, accessibility).
"""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from tooling import load_tool, tex_formulas

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "lessons_tests" / "fixtures" / "exercise_example.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


colab_links = load_tool("colab_links")  # before make_html, which imports it
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


def test_index_links_every_notebook_in_order_with_its_title_and_its_colab_link(site):
    links = Page((site / "index.html").read_text(encoding="utf-8")).links
    config = colab_links.load_config()
    expected = [link for path in NOTEBOOKS for link in [
        (f"{path.stem}.html", make_html.notebook_title(nbformat.read(path, as_version=4), path.stem)),
        (colab_links.colab_url(config, path.name), "Open in Colab")]]
    assert links == expected
    assert links[0][1] == "Example: one exercise, one figure, one explorer"
    assert links[1][0].startswith(f"https://colab.research.google.com/github/{config['repository']}/blob/")


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


def test_a_choice_widget_snapshot_names_the_chosen_option():
    # ToggleButtons and SelectionSlider keep the index of the choice, not its value (ipywidgets 8)
    state = {"box": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_t", "IPY_MODEL_s"]}},
             "t": {"model_name": "ToggleButtonsModel",
                   "state": {"index": 1, "_options_labels": ["raw", "standardized"], "description": "feature"}},
             "s": {"model_name": "SelectionSliderModel",
                   "state": {"index": 0, "_options_labels": ["0.001", "0.003"], "description": "learning rate"}}}
    controls = []
    make_html.widget_snapshot("box", state, controls)
    assert controls == ["feature = standardized", "learning rate = 0.001"]


def test_a_notebook_not_run_is_an_error(tmp_path):
    nb = nbformat.read(FIXTURE, as_version=4)
    nb.cells[3].execution_count = None
    nbformat.write(nb, tmp_path / "01_not_run.ipynb")
    with pytest.raises(ValueError, match=r"01_not_run.ipynb, cell 3 has not been run: run `make notebooks`"):
        make_html.write_html([tmp_path / "01_not_run.ipynb"], tmp_path / "html")


@functools.cache
def soup(site, path):
    """The parsed page of `path` (a notebook or a page name) in `site`: shared, so tests must not change it."""
    return BeautifulSoup((site / f"{Path(path).stem}.html").read_text(encoding="utf-8"), "html.parser")


def cell_div(page, cell):
    return page.find(id=f"cell-id={cell.id}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_every_formula_is_mathml_and_no_tex_is_left(site, path):
    nb, page = nbformat.read(path, as_version=4), soup(site, path)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            div = cell_div(page, cell)
            assert len(div.find_all("math")) == len(tex_formulas(cell.source)), f"{path.name}: {cell.source[:80]!r}"
    for math in page.find_all("math"):
        assert math.find(True) and "\\" not in math.get_text(), f"{path.name}: empty or TeX left in {math}"
    text = "".join(string for string in page.find_all(string=True)
                   if not any(parent.name in ("math", "pre", "code", "style") for parent in string.parents))
    assert not re.search(r"\$[^$\n]+\$|\\(frac|sigma|sum|nabla|ln|partial|top|begin)\b", text), path.name


def test_formulas_of_each_kind_are_mathml():
    cases = [(r"\frac{1}{n}", "inline", "mfrac"), (r"\sum_i x_i", "block", "munder"), (r"\nabla_w L", "inline", "msub"),
             (r"X^\top", "inline", "msup"), (r"\begin{cases} a & b \\ c & d \end{cases}", "block", "mtable"),
             (r"\sigma(z) = \ln 2", "inline", "mi")]
    for tex, display, element in cases:
        math = BeautifulSoup(make_html.tex_to_mathml(tex, display), "html.parser").math
        assert math["display"] == display and math.find(element) is not None and "\\" not in str(math), tex
    assert "σ" in str(BeautifulSoup(make_html.tex_to_mathml(r"\sigma"), "html.parser"))
    assert len(BeautifulSoup(make_html.tex_to_mathml(r"\begin{cases} a \\ c \end{cases}"), "html.parser")("mtr")) == 2
    html = make_html.markdown_to_html("Cost: \\$5 and `$x$` and\n\n```\n$$y$$\n```\n\nbut $\\sigma(z)$ and $$a^2$$")
    page = BeautifulSoup(html, "html.parser")
    assert [m["display"] for m in page.find_all("math")] == ["inline", "block"]
    assert "$5" in page.get_text() and page.code.get_text() == "$x$" and "$$y$$" in page.pre.get_text()
    with pytest.raises(ValueError, match=r"cannot write the formula '\\\\nosuchcommand x' as MathML"):
        make_html.tex_to_mathml(r"\nosuchcommand x")


@pytest.mark.parametrize("path", [*NOTEBOOKS, Path("index.html")], ids=[p.name for p in [*NOTEBOOKS, Path("index")]])
def test_pages_load_nothing_from_outside_and_run_no_script(site, path):
    page = soup(site, path)
    assert not page.find_all(["script", "link", "iframe", "object", "embed"])
    sources = [element["src"] for element in page.find_all(src=True)]
    assert all(src.startswith("data:") for src in sources), "a resource would need the network"
    styles = " ".join(style.get_text() for style in page.find_all("style"))
    assert not re.search(r"url\(\s*['\"]?(?!data:)|@import", styles), "a stylesheet would load from outside"
    assert page.html.get("lang") == "en" and page.title.get_text().strip() and len(page.find_all("main")) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_solutions_are_collapsed_without_their_markers(site, path):
    nb, page = nbformat.read(path, as_version=4), soup(site, path)
    solutions = [cell for cell in nb.cells if "solution" in cell.metadata.get("tags", [])]
    assert solutions, f"{path.name} has no solution cell"
    for cell in solutions:
        details = cell_div(page, cell).find_all("details")
        assert len(details) == 1 and "open" not in details[0].attrs
        assert details[0].summary.get_text(strip=True) == "Show solution"
        code = details[0].find("pre").get_text()
        assert "BEGIN SOLUTION" not in code and "END SOLUTION" not in code
        body = [line for line in cell.source.splitlines() if line.strip() and "SOLUTION" not in line]
        assert [line for line in code.splitlines() if line.strip()] == body
    shown = [cell for cell in nb.cells if cell.cell_type == "code" and cell not in solutions]
    assert not any(cell_div(page, cell).find("details") for cell in shown)
    if path.parent.name == "notebooks":  # the fixture prints a solution's source on purpose (for make_student)
        assert not re.search(r"(BEGIN|END) SOLUTION", str(page)), f"{path.name} shows a solution marker"


def test_every_page_links_to_the_previous_the_next_and_the_index(site):
    pages = [f"{path.stem}.html" for path in NOTEBOOKS]
    for i, name in enumerate(pages):
        navs = soup(site, name).find_all("nav")
        assert len(navs) == 2 and len({nav["aria-label"] for nav in navs}) == 2, name
        for nav in navs:
            links = {a.get("rel", ["index"])[0]: a["href"] for a in nav.find_all("a")}
            expected = {"index": "index.html", "prev": pages[i - 1] if i else None,
                        "next": pages[i + 1] if i + 1 < len(pages) else None}
            assert links == {rel: href for rel, href in expected.items() if href}, name


def test_index_lists_each_notebooks_questions_and_minutes(site):
    items = soup(site, "index.html").find("ol").find_all("li", recursive=False)
    assert len(items) == len(NOTEBOOKS)
    total = 0
    for path, item in zip(NOTEBOOKS, items, strict=True):
        opening = nbformat.read(path, as_version=4).cells[0].source
        questions = opening.split("**Questions**")[1].split("**")[0] if "**Questions**" in opening else ""
        bullets = [line[2:] for line in questions.splitlines() if line.startswith("- ")]
        shown = item.find("ul").find_all("li") if bullets else []
        assert len(shown) == len(bullets), path.name
        for bullet, li in zip(bullets, shown, strict=True):
            assert li.get_text().startswith(re.split(r"[$`]", bullet)[0].strip()), (bullet, li.get_text())
            assert len(li.find_all("math")) == len(tex_formulas(bullet))
        time = re.search(r"Time:\**\s*(\d+) min teaching, (\d+) min exercises", opening)
        if path.parent.name == "notebooks":
            assert time and bullets, f"{path.name} opens without questions or time"
        if time:
            minutes = int(time.group(1)) + int(time.group(2))
            total += minutes
            assert f"{time.group(1)} min teaching, {time.group(2)} min exercises ({minutes} min in all)" in item.text
    assert f"add up to {total} minutes" in soup(site, "index.html").get_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_figures_are_described_by_what_to_notice(site, path):
    nb, page = nbformat.read(path, as_version=4), soup(site, path)
    for i, cell in enumerate(nb.cells):
        images = cell_div(page, cell).select(".jp-OutputArea img") if cell.cell_type == "code" else []
        for img in images:
            assert len(img["alt"]) > 30 and img["alt"] not in ("figure", make_html.NO_ALT), (path.name, img["alt"])
        notice = nb.cells[i + 1].source if i + 1 < len(nb.cells) else ""
        if images and notice.startswith("**What to notice:**") and "widget-snapshot" not in str(cell_div(page, cell)):
            words = re.findall(r"\b[a-z]{4,}\b", img["alt"].removeprefix("Figure: "))
            assert img["alt"].startswith("Figure: ") and words and all(word in notice for word in words), img["alt"]
