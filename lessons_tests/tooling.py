"""Import the scripts in tools/ (they are not part of the `lessons` package) for the tests, and find
the formulas of a notebook's markdown the way a reader would, to check the pages that tools/ writes."""

import importlib.util
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load_tool(name):
    """Import tools/<name>.py as the module `name` (registered, so the tools that import it get this one)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def tex_formulas(markdown):
    """The TeX formulas of a markdown text, found with plain regular expressions (independently of the
    Markdown parser that tools/make_html.py uses): ``$$...$$``, ``$...$`` and ``\\begin{env}...\\end{env}``
    outside code blocks and code spans; ``\\$`` is a dollar sign.

    >>> tex_formulas(r"Let $x$ cost \\$5; `$HOME` is code; $$\\frac{1}{2}$$")
    ['$$\\\\frac{1}{2}$$', '$x$']
    """
    text = re.sub(r"^(```|~~~).*?^\1", "", markdown, flags=re.M | re.S)
    text = re.sub(r"(`+).+?\1", "", text, flags=re.S)
    found = []
    for pattern in (r"\$\$.+?\$\$", r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", r"(?<!\\)\$(?!\$).+?(?<!\\)\$"):
        found += [match.group(0) for match in re.finditer(pattern, text, flags=re.S)]
        text = re.sub(pattern, " ", text, flags=re.S)
    return found
