"""Fixtures shared by the server tests that run the app in-process on the real build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from smckg.server.app import create_app
from smckg.server.cache import EXTENSION
from smckg.server.config import ServerConfig
from smckg.server.context import STORE_KEY


@pytest.fixture(scope="module")
def built_app(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on the real build, with one query worker (one per test module)."""
    config = ServerConfig(out_dir=built, store_dir=tmp_path_factory.mktemp("store"), query_workers=1)
    application = create_app(config, test_config={"TESTING": True})
    yield application
    application.extensions[STORE_KEY].close()


@pytest.fixture()
def fresh_app(built_app: Flask) -> Flask:
    """``built_app`` with an empty response cache, so that each test starts from none."""
    built_app.extensions.pop(EXTENSION, None)
    return built_app
