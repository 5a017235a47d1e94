"""Settings every test shares."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # The cache (parsed hyphenation patterns) is one of the run's own, shared by its tests.
    if "VERBALE_CACHE_DIR" not in os.environ:
        os.environ["VERBALE_CACHE_DIR"] = tempfile.mkdtemp(prefix="verbale-cache-")
    # The audit key and the registers' anchors go to a folder of the run's own, never into
    # the configuration folder of whoever runs the tests; child processes inherit it.
    if "VERBALE_CONFIG_DIR" not in os.environ:
        os.environ["VERBALE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="verbale-config-")
