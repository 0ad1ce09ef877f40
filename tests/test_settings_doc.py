"""docs/settings.md lists every server setting, with the default the code has."""

from __future__ import annotations

import re
from dataclasses import fields

from smckg.paths import PROJECT_ROOT
from smckg.server.config import ServerConfig

TABLE_ROW = re.compile(r"^\| `(\w+)` \| (.+?) \|", re.MULTILINE)


def test_every_setting_is_in_the_table_and_nothing_else() -> None:
    rows = dict(TABLE_ROW.findall((PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")))
    assert set(rows) == {setting.name for setting in fields(ServerConfig)}


def test_plain_defaults_match_the_code() -> None:
    rows = dict(TABLE_ROW.findall((PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")))
    defaults = ServerConfig()
    for name in ("host", "port", "store", "query_timeout", "max_rows", "max_body_bytes", "workers", "threads",
                 "header_timeout", "body_timeout", "query_workers", "memory_limit_mb"):
        value = getattr(defaults, name)
        written = f"{value:g}" if isinstance(value, float) else str(value)
        assert rows[name].strip("`") == written, name
