"""ReportLab's paragraph module imported without compiling the one pattern Verbale never uses.

`reportlab.platypus.paragraph` compiles, when imported, a case-insensitive URI pattern with
character ranges up to U+FFFF (`uri_pat`, for `uriWasteReduce`): ~30 ms of CPU, an eighth of
what a cold `verbale render` spends importing, for a feature every Verbale paragraph style
turns off (app.render.hyphenation sets `uriWasteReduce` to 0). ReportLab still
tries the pattern on every word it hyphenates (`_uri_split_pairs`), so `install` (called by
app.render, whichever of its modules loads ReportLab's paragraphs first) has the module, when
first imported, get a stand-in that compiles the pattern only for a text holding "://", which
every URI it matches holds: for any other word it answers no match, as the pattern would. Any
other pattern, or a ReportLab whose pattern differs, is compiled as usual.
"""

from __future__ import annotations

import importlib.machinery
import re
import sys
from collections.abc import Callable
from functools import cached_property
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

#: How ReportLab's URI pattern begins (reportlab.platypus.paragraph.uri_pat, from Django's
#: URL validator); with its flags, what is compiled on first use.
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
URI_PATTERN_FLAGS = re.IGNORECASE
#: What every text the URI pattern matches contains (its first group ends with it).
URI_REQUIRED = "://"


class PatternOnFirstUse:
    """A regular expression compiled when first needed: `match` and `search` of a text without
    `required` (a literal every match contains) find nothing without compiling it."""

    def __init__(self, pattern: str, flags: int, required: str) -> None:
        self._source = pattern
        self._flags = flags
        self._required = required

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self._source, self._flags)

    def match(self, text: str, *args: Any) -> re.Match[str] | None:
        if self._required not in text:
            return None
        return self.compiled.match(text, *args)

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        if self._required not in text:
            return None
        return self.compiled.search(text, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


def compiling_uri_pattern_on_first_use(execute: Callable[[ModuleType], None]) -> Any:
    """`execute` (a loader's exec_module) with ReportLab's URI pattern left to its first use."""

    def exec_module(module: ModuleType) -> None:
        compile_now = re.compile

        def compile_unless_uri(pattern: Any, flags: int = 0) -> Any:
            if (
                isinstance(pattern, str)
                and pattern.startswith(URI_PATTERN_START)
                and flags == URI_PATTERN_FLAGS
            ):
                return PatternOnFirstUse(pattern, flags, URI_REQUIRED)
            return compile_now(pattern, flags)

        re.compile = compile_unless_uri
        try:
            execute(module)
        finally:
            re.compile = compile_now

    return exec_module


class ParagraphModuleFinder:
    """Finds reportlab.platypus.paragraph as Python would, to be run as above; then leaves (a
    meta path finder by its `find_spec`: importlib.abc, which would only name the protocol,
    costs a cold start ~1.5 ms of imports)."""

    NAME = "reportlab.platypus.paragraph"

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if fullname != self.NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        loader = spec.loader if spec is not None else None
        if loader is not None and hasattr(loader, "exec_module"):
            loader.exec_module = compiling_uri_pattern_on_first_use(  # type: ignore[method-assign]
                loader.exec_module
            )
        return spec


def install() -> None:
    """Have reportlab.platypus.paragraph, when it is first imported, leave its URI pattern to its
    first use (nothing to do when it is already imported)."""
    if ParagraphModuleFinder.NAME in sys.modules:
        return
    if not any(isinstance(finder, ParagraphModuleFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, ParagraphModuleFinder())
