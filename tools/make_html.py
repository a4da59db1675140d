"""Write the reading version: static HTML of every executed notebook, and an index page.

Usage: ``python tools/make_html.py [SOURCE_DIR [OUTPUT_DIR]]`` (default: notebooks html),
which is what ``make html`` runs. The notebooks are converted as stored (``make notebooks``
executes them); a notebook with a code cell that has not been run is an error.

The pages need no network and no JavaScript. Every formula in a markdown cell is written
as MathML (by latex2mathml, which browsers render natively) instead of TeX for MathJax,
and every ``<script>`` and ``<link>`` of nbconvert's template (MathJax, require.js,
mermaid, all from a CDN) is removed. Figures are PNG data URIs whose alt text is the
first sentence of the "What to notice" paragraph under them. A solution cell is shown
collapsed, under "Show solution", without its ``### BEGIN/END SOLUTION`` lines. Each page
links to the previous and next notebook and to the index, which lists every notebook
with its questions, its minutes and its "Open in Colab" link (the address is in course.toml).

A widget (an explorer) is live only with a kernel: nbconvert would render its saved state
with widget code from a CDN, as sliders that move but recompute nothing. So each widget
output is replaced by a snapshot of what it showed when the notebook was executed: its
controls' values as text, its HTML (the explorer's figure is an ``<img>``) and its Output
widgets' images.
"""

import copy
import re
import sys
from html import escape
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from jinja2 import pass_context
from latex2mathml.converter import convert as latex_to_mathml
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

TOOLS = str(Path(__file__).resolve().parent)
if TOOLS not in sys.path:  # loaded by path (as the tests do): make the sibling scripts importable
    sys.path.append(TOOLS)
from colab_links import colab_url, load_config  # noqa: E402  (the address is in course.toml)
from make_student import BEGIN, END, course_notebooks, is_solution  # noqa: E402  (one definition of each)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SNAPSHOT_NOTE = "Interactive in JupyterLab or on Binder. Shown here as it was when the notebook was run, with "
MATHML = "http://www.w3.org/1998/Math/MathML"
NO_ALT = "No description has been provided for this image"  # what nbconvert writes for a missing alt
FUNCTION_NAME = re.compile(r'<mi>(ln|log|exp)</mi>(?!<mo stretchy="false">&#x00028;)')
COURSE_TITLE = "Logistic Regression from Scratch"
# Colours of JupyterLab's light theme that fall below WCAG AA contrast (4.5:1) on the code background
# (#f5f5f5) or on white, darkened; links underlined, so that they do not rely on colour alone.
CSS = """
:root { --jp-mirror-editor-number-color: #006b00; --jp-mirror-editor-operator-color: #8a1ccf;
  --jp-mirror-editor-meta-color: #8a1ccf; --jp-mirror-editor-comment-color: #306868;
  --jp-mirror-editor-atom-color: #4545d6; --jp-mirror-editor-bracket-color: #6b6b4f;
  --jp-mirror-editor-quote-color: #007300; --jp-mirror-editor-error-color: #c00000;
  --jp-cell-prompt-not-active-opacity: 1; }
.jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited {
  text-decoration: underline; }
body { line-height: 1.5; }
math { font-family: math, "STIX Two Math", "Latin Modern Math", "Cambria Math", serif; font-size: 1.15em; }
math[display="block"] { margin: 0.6em 0; }
.course-nav { display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; justify-content: space-between;
  max-width: 1200px; margin: 0 auto; padding: 0.6em 1em; font-size: 1rem;
  font-family: var(--jp-content-font-family, system-ui, sans-serif); }
header .course-nav { border-bottom: 1px solid #ddd; }
footer .course-nav { border-top: 1px solid #ddd; }
.course-nav a { color: #0b4f8a; }
details.solution { border-left: 4px solid #0b4f8a; padding: 0.3em 0.6em; margin: 0.3em 0; }
details.solution > summary { cursor: pointer; color: #0b4f8a; font-weight: bold; }
"""
INDEX_CSS = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; line-height: 1.5;
  max-width: 52em; margin: 0 auto; padding: 1em 1.5em 3em; }
a { color: #0b4f8a; }
ol.notebooks { padding-left: 0; list-style: none; }
ol.notebooks > li { border-top: 1px solid #ccc; padding: 0.4em 0 0.8em; }
h2 { font-size: 1.3em; margin: 0.4em 0 0.2em; }
h3 { font-size: 1em; margin: 0.5em 0 0; }
.time, .colab { color: #333; margin: 0; }
math { font-family: math, "STIX Two Math", "Latin Modern Math", "Cambria Math", serif; font-size: 1.15em; }
"""


class MathMLRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer, writing each formula as MathML instead of TeX for MathJax.

    nbconvert's parser finds the formulas (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``,
    ``\\begin{env}...\\end{env}``); code spans, code blocks and ``\\$`` are not formulas.
    """

    def inline_math(self, body):
        return tex_to_mathml(body, "inline")

    def block_math(self, body):
        return tex_to_mathml(body, "block")

    def latex_environment(self, name, body):
        return tex_to_mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", "block")


def tex_to_mathml(tex, display="inline"):
    """MathML for the TeX formula `tex`; ValueError if a command is unknown to the converter.

    The HTML parser puts <math> in the MathML namespace, so the element has no xmlns attribute (with one,
    nbconvert's heading anchors would prefix every element, ``<ns0:math>``, and browsers would not render it).

    >>> tex_to_mathml("x")
    '<math display="inline"><mrow><mi>x</mi></mrow></math>'
    """
    try:
        mathml = latex_to_mathml(tex.strip(), display=display).replace(f' xmlns="{MATHML}"', "", 1)
    except Exception as exc:  # the converter raises its own exception types
        raise ValueError(f"cannot write the formula {tex!r} as MathML: {exc}") from exc
    # \ln p: a thin space after the function name, as TeX sets it (none before a parenthesis).
    mathml = FUNCTION_NAME.sub(r'<mi>\1</mi><mo>&#x02061;</mo><mspace width="0.167em"></mspace>', mathml)
    if "\\" in mathml:  # an unknown command is passed through as text
        raise ValueError(f"cannot write the formula {tex!r} as MathML: unknown command in {mathml}")
    return mathml


def markdown_to_html(source, **renderer_options):
    """HTML for a markdown string, with its formulas as MathML."""
    return MarkdownWithMath(renderer=MathMLRenderer(escape=False, **renderer_options)).render(source)


class OfflineHTMLExporter(HTMLExporter):
    """nbconvert's lab HTML, with formulas as MathML (see MathMLRenderer)."""

    @pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        return markdown_to_html(source, attachments=cell.get("attachments", {}), embed_images=self.embed_images,
                                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                                anchor_link_text=self.anchor_link_text,
                                exclude_anchor_links=self.exclude_anchor_links, **self.lexer_options)


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
    label = values.get("description") or name.removesuffix("Model")
    if "value" in values:
        controls.append(f"{label} = {_value(values['value'])}")
    elif "index" in values and values.get("_options_labels"):  # a choice (toggle buttons, a selection slider)
        controls.append(f"{label} = {values['_options_labels'][values['index']]}")
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


def strip_solution_markers(nb):
    """Remove the ``### BEGIN/END SOLUTION`` lines of `nb`'s solution cells, in place."""
    for cell in nb.cells:
        if is_solution(cell):
            cell.source = "\n".join(line for line in cell.source.splitlines() if line.strip() not in (BEGIN, END))


def _plain_text(markdown):
    text = BeautifulSoup(markdown_to_html(markdown, exclude_anchor_links=True), "html.parser").get_text()
    return re.sub(r"\s+", " ", text).strip()


def _opening(text, length=80):
    """The first sentences of `text`, as many as it takes to reach `length` characters."""
    sentences, opening = re.split(r"(?<=[.!?])\s+(?=[A-Za-z])", text), ""
    while sentences and len(opening) < length:
        opening = f"{opening} {sentences.pop(0)}".strip()
    return opening


def figure_descriptions(nb):
    """{cell id: alt text} for each code cell with a figure or widget output: the opening of the
    "What to notice" paragraph in the markdown cell below it, or else of the markdown cell above it."""
    descriptions = {}
    for index, cell in enumerate(nb.cells):
        if not any({"image/png", WIDGET_VIEW} & set(output.get("data", {})) for output in cell.get("outputs", [])):
            continue
        after, before = nb.cells[index + 1:index + 2], nb.cells[max(index - 1, 0):index]
        notice = [c.source for c in after if c.cell_type == "markdown" and c.source.startswith("**What to notice:**")]
        if notice:
            paragraph = notice[0].split("\n\n")[0].removeprefix("**What to notice:**")
            descriptions[cell.id] = "Figure: " + _opening(_plain_text(paragraph))
        elif before and before[0].cell_type == "markdown":
            descriptions[cell.id] = "Figure: " + _opening(_plain_text(before[0].source.split("\n\n")[-1]))
    return descriptions


def notebook_title(nb, default):
    """The text of the notebook's first markdown heading, or `default`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return default


def notebook_summary(nb):
    """(questions, time) from the notebook's opening cell: the markdown of its **Questions** list
    (or "") and its "Time: ..." (or "**Time:** ...") line without "Time:" and the final full stop (or "")."""
    opening = next((cell.source for cell in nb.cells if cell.cell_type == "markdown"), "")
    questions = re.search(r"^\*\*Questions\*\*\n(.*?)(?:\n\s*\n|\n\*\*|\Z)", opening, re.M | re.S)
    time = re.search(r"^(?:\*\*)?Time:(?:\*\*)?\s*(.+?)\.?\s*$", opening, re.M)
    return (questions.group(1) if questions else ""), (time.group(1) if time else "")


def minutes(time):
    """Total minutes in a time line: ``minutes("25 min teaching, 20 min exercises.")`` is 45."""
    return sum(int(n) for n in re.findall(r"(\d+)\s*min", time))


def check_executed(nb, name):
    """Raise ValueError if a code cell of `nb` has not been run."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None:
            raise ValueError(f"{name}, cell {index} has not been run: run `make notebooks` first.")


def _nav(soup, label, previous, following):
    """A <nav> with links to the previous notebook, the index and the next notebook; each is (href, title)."""
    nav = soup.new_tag("nav", attrs={"class": "course-nav", "aria-label": label})
    links = [({"href": previous[0], "rel": "prev"}, f"← Previous: {previous[1]}")] if previous else []
    links.append(({"href": "index.html"}, "Contents"))
    links += [({"href": following[0], "rel": "next"}, f"Next: {following[1]} →")] if following else []
    for attrs, text in links:
        link = soup.new_tag("a", attrs=attrs)
        link.string = text
        nav.append(link)
    return nav


def finish_page(html, descriptions, previous=None, following=None):
    """The page of nbconvert's `html` made to work offline: no <script> or <link>, figures described by
    `descriptions` ({cell id: alt}), solution cells collapsed, and navigation at the top and bottom.

    JupyterLab's light theme is kept, with the colours that fail WCAG AA contrast darkened (see CSS).
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(["script", "link"]):
        element.decompose()
    style = soup.new_tag("style")
    style.string = CSS
    soup.head.append(style)
    for cell_id, alt in descriptions.items():
        cell = soup.find(id=f"cell-id={cell_id}")
        for img in cell.select(".jp-OutputArea img") if cell else []:
            if img.get("alt", "").strip() in ("", "figure", NO_ALT):
                img["alt"] = alt
    for corner in soup.select("table.dataframe thead th"):  # pandas' empty top-left header: an empty cell
        if not corner.get_text(strip=True):
            corner.name = "td"
    for cell in soup.select("div.jp-Cell.celltag_solution"):
        details = soup.new_tag("details", attrs={"class": "solution"})
        summary = soup.new_tag("summary")
        summary.string = "Show solution"
        details.append(summary)
        for child in list(cell.children):
            details.append(child.extract())
        cell.append(details)
    main = soup.find("main")
    header, footer = soup.new_tag("header"), soup.new_tag("footer")
    header.append(_nav(soup, "Course", previous, following))
    footer.append(_nav(soup, "Course (end of page)", previous, following))
    main.insert_before(header)
    main.insert_after(footer)
    return str(soup)


def index_page(entries, config=None):
    """The index: a list of links with each notebook's time and questions, and its link to Colab.

    `entries` are (file name, title, questions markdown, time line) tuples, in course order; the Colab
    links open the notebook of the same name in the repository and ref of `config` (default: course.toml).
    """
    config, items = config or load_config(), []
    for href, title, questions, time in entries:
        colab = colab_url(config, Path(href).stem + ".ipynb")
        items.append(f'<li>\n<h2><a href="{escape(href)}">{escape(title)}</a></h2>\n'
                     + f'<p class="colab"><a href="{escape(colab)}">Open in Colab</a></p>\n'
                     + (f'<p class="time">Time: {escape(time)} ({minutes(time)} min in all).</p>\n' if time else "")
                     + (f"<h3>Questions</h3>\n{markdown_to_html(questions)}" if questions else "") + "</li>")
    total = sum(minutes(time) for *_, time in entries)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{COURSE_TITLE}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{COURSE_TITLE}</h1>\n<p>The notebooks, in order, as executed: readable offline, "
            "without Python. Open a notebook in JupyterLab, or in Colab from its link, to run it and move its sliders."
            + (f" Their teaching and exercise times add up to {total} minutes." if total else "")
            + "</p>\n<ol class=\"notebooks\">\n" + "\n".join(items) + "\n</ol>\n</main>\n</body>\n</html>\n")


def write_html(notebooks, output_dir="html"):
    """Write one page per notebook path, and index.html listing them in the given order; return the paths."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    exporter, entries, books = OfflineHTMLExporter(template_name="lab", embed_images=True), [], []
    for path in map(Path, notebooks):
        nb = nbformat.read(path, as_version=4)
        check_executed(nb, str(path))
        books.append((path, nb))
        entries.append((f"{path.stem}.html", notebook_title(nb, path.stem), *notebook_summary(nb)))
    links = [entry[:2] for entry in entries]
    for index, (path, nb) in enumerate(books):
        nb = static_widgets(nb)
        strip_solution_markers(nb)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": links[index][1],
                                                                          "path": str(path.parent)}})
        page = finish_page(body, figure_descriptions(nb), links[index - 1] if index else None,
                           links[index + 1] if index + 1 < len(links) else None)
        (output_dir / links[index][0]).write_text(page, encoding="utf-8")
    (output_dir / "index.html").write_text(index_page(entries), encoding="utf-8")
    return [output_dir / href for href, _ in links] + [output_dir / "index.html"]


def main(argv):
    source_dir, output_dir = (argv + ["notebooks", "html"][len(argv):])[:2]
    try:
        written = write_html(course_notebooks(source_dir), output_dir)
    except ValueError as exc:
        sys.exit(f"make_html: {exc}")
    print(f"make_html: wrote {len(written) - 1} pages and index.html to {output_dir}/")


if __name__ == "__main__":
    main(sys.argv[1:])
