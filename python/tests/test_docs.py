"""Every example of the package's docstrings (the Python modules' and the
native classes') and of the README's Python section runs as a doctest
from the repository's root: a wrong number fails the build."""

import doctest
import os
import re

import pytest

import attrib
import attrib._batch
import attrib._errors
import attrib._results
from conftest import ROOT

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

OBJECTS = [
    attrib, attrib._results, attrib._errors, attrib._batch,
    attrib.Case, attrib.Score, attrib.CaseBuilder, attrib.EvidenceBuilder, attrib.PerspectiveBuilder,
]


def examples():
    finder = doctest.DocTestFinder(exclude_empty=True)
    seen = set()
    for obj in OBJECTS:
        for test in finder.find(obj, getattr(obj, "__name__", "attrib"), module=False, globs={}):
            if test.examples and test.docstring not in seen:
                seen.add(test.docstring)
                yield test


TESTS = sorted(examples(), key=lambda t: t.name)


def run(test):
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        import pandas as pd

        pd.set_option("display.width", 100)
    except ImportError:
        pass
    try:
        out = []
        runner.run(test, out=out.append)
    finally:
        os.chdir(here)
    assert runner.failures == 0, "".join(out)


def test_there_are_docstring_examples():
    names = {t.name for t in TESTS}
    assert len(TESTS) >= 10, names
    assert any("Case.score" in n for n in names) and any(n == "attrib" for n in names)


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_docstring_examples(test):

    if "to_frame" in test.docstring or 'output="pandas"' in test.docstring:
        pytest.importorskip("pandas")
    run(test)


def readme_python_section():
    text = (ROOT / "README.md").read_text()
    start = text.index("\n## Python\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_readme_python_section():
    pytest.importorskip("pandas")
    section = readme_python_section()
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "no python block in the README's Python section"
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README.md#python", "README.md", 0)
    assert len(test.examples) >= 8
    run(test)
