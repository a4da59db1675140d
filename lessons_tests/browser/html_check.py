"""Open every page that ``make html`` writes in headless Chromium, with the network cut off, and audit it.

Run by ``make test-browser``, next to browser_check.py (slow, so not part of ``make unit``:
pytest collects this file only when it is named on the command line). Skipped without
/usr/bin/chromium, unless ``CI=true``: then it fails.

It writes the pages of lessons_tests/fixtures/exercise_example.ipynb and of every
notebooks/NN_*.ipynb, and index.html, into a temporary folder with tools/make_html.py, then
loads each one from file:// in Chromium, each in a browser context of its own (so in a
renderer process of its own), and starts axe-core on it at once, so that two audits run
side by side. Any request for something that is not a file: or data:
URL is aborted and fails the test. On each page:

- every formula of the notebook's markdown (found in the sources with
  ``tooling.tex_formulas``, not with the tool's parser) is a MathML element that the
  browser lays out (it has a size);
- the text a reader sees (``innerText``) holds no TeX: no ``$...$``, no ``\\frac``, no
  command of the page's formulas;
- axe-core finds no violation of impact serious or critical. axe-core comes inside the
  axe-playwright-python wheel and is injected from that local file.

It prints, for each page, the number of formulas and axe's violations by impact.
"""

import collections
import functools
import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from browser_check import CHROMIUM, _skip_or_fail, launch_chromium

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "lessons_tests"))
from tooling import load_tool, tex_formulas  # noqa: E402  (lessons_tests/ is not on the path of this folder)

make_html = load_tool("make_html")
NOTEBOOKS = [REPO / "lessons_tests" / "fixtures" / "exercise_example.ipynb",
             *make_html.course_notebooks(REPO / "notebooks")]
PAGES = [f"{path.stem}.html" for path in NOTEBOOKS] + ["index.html"]
STEP_MS = 30_000  # loading one page, or waiting for one axe run (1-2 s each here on an idle machine)
AUDITS_AT_ONCE = 2  # axe-core audits running side by side, one per core of the machines we test on
MATHML = "http://www.w3.org/1998/Math/MathML"
TEX_IN_TEXT = re.compile(r"(?<![\w$])\$[^$\s][^$\n]*\$|\\frac")


@functools.cache
def expected_formulas():
    """{page: the TeX formulas a reader must see typeset}, from the notebooks' markdown."""
    expected, questions = {}, []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        expected[f"{path.stem}.html"] = [tex for cell in nb.cells if cell.cell_type == "markdown"
                                         for tex in tex_formulas(cell.source)]
        questions += tex_formulas(make_html.notebook_summary(nb)[0])
    expected["index.html"] = questions
    return expected


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` "
                      "(never `playwright install`)")
    folder = tmp_path_factory.mktemp("html")
    started = time.perf_counter()
    make_html.write_html(NOTEBOOKS, folder)
    print(f"make_html wrote {len(PAGES)} pages in {time.perf_counter() - started:.1f} s")
    return folder


@pytest.fixture(scope="module")
def browser(site):
    with launch_chromium(STEP_MS) as browser:
        yield browser


def _only_files(outside):
    def route(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()
    return route


@pytest.fixture(scope="module")
def pages(browser, site):
    """{page name: (page, URLs it tried to fetch outside file: and data:)}: every page loaded in a browser
    context of its own, where only file: and data: URLs load, with axe-core started on it; a page is
    loaded when fewer than AUDITS_AT_ONCE audits are running. Each test then waits for its page's audit."""
    from axe_playwright_python.sync_playwright import Axe

    axe_script, opened, started = Axe().axe_script, {}, time.perf_counter()
    try:
        for name in PAGES:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.set_default_timeout(STEP_MS)
            outside = []
            context.route("**/*", _only_files(outside))
            page = context.new_page()
            page.on("requestfailed", lambda request, outside=outside: outside.append(f"failed: {request.url}"))
            if len(opened) >= AUDITS_AT_ONCE:  # let the oldest running audit finish first
                opened[list(opened)[-AUDITS_AT_ONCE]][0].evaluate("window.axeResults.then(() => true)")
            page.goto((site / name).as_uri(), wait_until="load")
            page.evaluate(axe_script)
            page.evaluate("() => { window.axeResults = axe.run(); }")  # not awaited here
            opened[name] = page, outside
        print(f"loaded {len(PAGES)} pages and started axe-core on each in {time.perf_counter() - started:.1f} s")
        yield opened
    finally:
        for page, _ in opened.values():
            page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_offline_maths_as_mathml_and_no_serious_accessibility_violation(pages, name):
    page, outside = pages[name]
    started = time.perf_counter()
    assert not outside, f"{name} tried to load from outside the page: {outside}"

    formulas = expected_formulas()[name]
    shown = page.evaluate("""(ns) => [...document.querySelectorAll('math')].map(m => {
        const box = m.getBoundingClientRect(), hidden = m.closest('details:not([open])');
        return [m.namespaceURI === ns, hidden !== null || (box.width > 0 && box.height > 0)];
    })""", MATHML)
    assert len(shown) == len(formulas), f"{name}: {len(shown)} MathML elements for {len(formulas)} formulas"
    assert all(namespace and laid_out for namespace, laid_out in shown), f"{name}: a formula is not laid out"

    text = page.evaluate("document.body.innerText")
    commands = sorted({command for tex in formulas for command in re.findall(r"\\[A-Za-z]+", tex)})
    raw = TEX_IN_TEXT.findall(text) + (re.findall("(?:" + "|".join(map(re.escape, commands)) + r")(?![A-Za-z])", text)
                                       if commands else [])
    assert not raw, f"{name} shows TeX as text: {raw[:5]}"

    results = page.evaluate("window.axeResults.then(r => ({testEngine: r.testEngine, violations: r.violations}))")
    impacts = collections.Counter(violation["impact"] for violation in results["violations"])
    print(f"{name}: {len(shown)} formulas as MathML; axe-core {results['testEngine']['version']}: "
          f"{dict(impacts) or 'no violations'}; waited {time.perf_counter() - started:.1f} s")
    severe = [f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
              for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not severe, f"{name}:\n" + "\n".join(severe)
    assert not outside, f"{name} tried to load from outside the page: {outside}"
