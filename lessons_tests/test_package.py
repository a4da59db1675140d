"""The package's own promises: a doctest on every public function, no printing, one vocabulary."""

import ast
import importlib
import inspect
import pathlib

import pytest

import lessons

PACKAGE = pathlib.Path(lessons.__file__).parent
PUBLIC = [getattr(lessons, name) for name in lessons.__all__ if callable(getattr(lessons, name))]


def test_all_lists_exactly_the_public_imports():
    assert sorted(lessons.__all__) == sorted(set(lessons.__all__))
    for name in lessons.__all__:
        assert hasattr(lessons, name), name


@pytest.mark.parametrize("obj", [o for o in PUBLIC if not inspect.isclass(o) or o.__module__.startswith("lessons")],
                         ids=lambda o: o.__name__)
def test_every_public_function_has_a_docstring_and_an_example(obj):
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{obj.__name__} has no docstring"
    is_check = obj.__name__.startswith("check_")  # exercise checks are shown working in test_exercises
    is_figure_or_widget = obj.__name__.startswith(("plot_", "learning_rate_", "threshold_explorer", "sigmoid_explorer",
                                                    "regularization_explorer"))
    if not (is_check or is_figure_or_widget or inspect.isclass(obj) and obj.__name__ == "CourseData"):
        assert ">>>" in doc, f"{obj.__name__} has no example a learner can check by hand"


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_modules_do_not_print(path):
    tree = ast.parse(path.read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"]
    assert not calls, f"{path.name} prints (line {calls[0].lineno}); return values instead"


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_mutable_default_arguments(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for default in node.args.defaults + node.args.kw_defaults:
                assert not isinstance(default, (ast.List, ast.Dict, ast.Set)), f"{path.name}:{node.name}"


MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_"))


@pytest.mark.parametrize("name", MODULES)
def test_no_public_name_hides_a_module(name):
    module = importlib.import_module(f"lessons.{name}")
    assert getattr(lessons, name) is module, f"lessons.{name} is not the module lessons/{name}.py"
    assert inspect.getsource(module).startswith('"""')


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_imports_another_modules_private_names(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not (node.module or "").startswith("_"):
            private = [alias.name for alias in node.names if alias.name.startswith("_")]
            assert not private, f"{path.name} imports {private} from .{node.module}: make them public there"


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_a_test_file_named_after_it(name):
    assert (pathlib.Path(__file__).parent / f"test_{name}.py").exists(), f"lessons_tests/test_{name}.py is missing"
