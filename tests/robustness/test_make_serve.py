"""The README's ``make serve``, run as written, serves a site whose every link works.

The service is started by ``make serve`` itself in the repository (relative ``--out dist``,
default options; only the port is chosen free), then ``../shared/tools/crawl.py`` follows
every same-origin link from ``/`` and ``/?lang=zh`` and must find no 4xx or 5xx.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from launch import Served, free_port, stop, wait_until_up

REPO = Path(__file__).resolve().parents[2]
CRAWLER = REPO.parent / "shared" / "tools" / "crawl.py"


@pytest.mark.skipif(not CRAWLER.is_file(), reason=f"no crawler at {CRAWLER}")
def test_make_serve_has_no_broken_link(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "make-serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=REPO, stdout=sink,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(f"http://127.0.0.1:{port}", port, log, process)
    try:
        wait_until_up(served, healthy=True, seconds=600)
        crawl = subprocess.run([sys.executable, str(CRAWLER), served.url, "--seconds", "240"],
                               capture_output=True, text=True, timeout=300)
        assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    finally:
        stop(served)
