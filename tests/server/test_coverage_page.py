"""``/coverage``: the build's coverage report as a page in both languages, with working links."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask


def test_every_source_and_part_is_listed_and_linked(fresh_app: Flask, built: Path) -> None:
    report = json.loads((built / "coverage.json").read_text(encoding="utf-8"))
    client = fresh_app.test_client()
    for lang, heading in (("en", "Coverage of the sources"), ("zh", "来源覆盖情况")):
        page = client.get(f"/coverage?lang={lang}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert heading in text
        for source in report["sources"]:
            assert source["title"] in text
            for part in source["parts"]:
                assert all(f"/id/{resource}" in text for resource in part["resources"])
    assert client.get("/downloads/coverage.json").get_json() == report


def test_a_build_without_the_reports_says_so(fresh_app: Flask, built: Path, tmp_path: Path) -> None:
    moved = built / "coverage.json"
    kept = tmp_path / "coverage.json"
    moved.rename(kept)
    try:
        text = fresh_app.test_client().get("/coverage?lang=zh", headers={"Cache-Control": "no-cache"})
        assert "本次构建未使用报告文本" in text.get_data(as_text=True)
    finally:
        kept.rename(moved)
