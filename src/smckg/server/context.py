"""Reaching the app's store and settings from a request: ``get_store()``, ``get_config()``."""

from __future__ import annotations

from flask import current_app

from smckg.server.config import ServerConfig
from smckg.server.store.supervised import SupervisedStore

STORE_KEY = "smckg.store"
CONFIG_KEY = "smckg.config"


def get_store() -> SupervisedStore:
    """The app's store; every query through it runs in a supervised worker process."""
    return current_app.extensions[STORE_KEY]


def get_config() -> ServerConfig:
    """The app's server settings."""
    return current_app.extensions[CONFIG_KEY]
