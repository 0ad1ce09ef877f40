"""``smc-kg serve-virtuoso`` (what ``make serve-virtuoso`` runs) serves what ``smc-kg serve`` serves.

The command is started as users start it; every canned query is asked of it and of the
embedded server of the session, and the answers must be the same rows (numbers compared
by value: engines write an average to different precisions).  The Virtuoso it started
must itself refuse ``SERVICE``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests
from canned_paths import canned_paths

from smckg.paths import PROJECT_ROOT

pytestmark = pytest.mark.virtuoso

STARTUP_SECONDS = 180
ENDPOINT = re.compile(r"Virtuoso SPARQL endpoint: (\S+)")
NUMERIC = re.compile(r"http://www\.w3\.org/2001/XMLSchema#(integer|decimal|double|float|int|long)")
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def through_virtuoso(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The base URL of ``smc-kg serve-virtuoso`` on the session's build, and its Virtuoso's endpoint."""
    folder = tmp_path_factory.mktemp("serve-virtuoso")
    port = _free_port()
    log = folder / "serve.log"
    command = [str(Path(sys.executable).with_name("smc-kg")), "serve-virtuoso", "--port", str(port),
               "--out", str(built), "--folder", str(folder / "db"), "--memory-mb", "256"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMCKG_") or k == "SMCKG_REPORTS"}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        endpoint = ENDPOINT.search(log.read_text(errors="replace"))
        assert endpoint is not None
        yield url, endpoint[1]
    finally:
        process.terminate()  # the command stops its server and its Virtuoso on SIGTERM
        try:
            process.wait(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    pytest.fail(f"smc-kg serve-virtuoso not healthy:\n{log.read_text(errors='replace')[-3000:]}")


def test_make_serve_virtuoso_runs_this_command() -> None:
    recipe = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8").split("\nserve-virtuoso:", 1)[1]
    assert "smc-kg serve-virtuoso" in recipe.split("\n\n", 1)[0]


def test_it_serves_from_virtuoso(through_virtuoso: tuple[str, str]) -> None:
    health = requests.get(f"{through_virtuoso[0]}/healthz", timeout=30).json()
    assert health["store"] == "remote" and health["status"] == "ok"


@pytest.mark.parametrize("path", canned_paths())
def test_every_canned_query_answers_as_the_embedded_store(
    path: str, through_virtuoso: tuple[str, str], live_server: str
) -> None:
    def rows(base: str) -> Counter[tuple[Any, ...]]:
        answer = requests.get(base + path, headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert answer.status_code == 200, answer.text[:300]
        return Counter(tuple(sorted((name, _value(term)) for name, term in binding.items()))
                       for binding in answer.json()["results"]["bindings"])

    assert rows(through_virtuoso[0]) == rows(live_server)


def _value(term: dict[str, str]) -> object:
    datatype = term.get("datatype", "")
    if NUMERIC.fullmatch(datatype):
        return round(Decimal(term["value"]), 9).normalize()
    if datatype == BOOLEAN:
        return term["value"] in {"true", "1"}
    return term["type"], term["value"], term.get("xml:lang")


def test_its_virtuoso_refuses_service(through_virtuoso: tuple[str, str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(1)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        query = f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        answer = requests.get(through_virtuoso[1], params={"query": query}, timeout=30)
        assert answer.status_code >= 400 and "SECURITY" in answer.text
        with pytest.raises(TimeoutError):
            listener.accept()
