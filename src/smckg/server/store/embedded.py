"""The embedded store: a pyoxigraph on-disk database, loaded once per build and read read-only.

``prepare_store`` makes ``store_dir`` hold the build found in ``out_dir``: when the store's
recorded build id equals ``build.json``'s it is reused as it is; otherwise the dump is
bulk-loaded into a fresh sub-folder and only then does ``current.json`` (replaced
atomically) point at it, so a failed load leaves the previous store in service.  A file
lock keeps two processes from loading at once.  ``EmbeddedStore`` opens the folder
``current.json`` names with ``pyoxigraph.Store.read_only``, which many worker processes
may do together.  A database of at most ``MEMORY_COPY_LIMIT`` triples is then copied into
an in-memory pyoxigraph store and the disk handle closed: ``bench/engines.py`` measured
queries on a KG-shaped graph of 10,000 triples 2 to 17 times faster in memory than on the
read-only disk store, for a few megabytes per worker.
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import re
import shutil
import traceback
import uuid
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from smckg.errors import QueryError
from smckg.server.errors import DatasetRefused, NetworkRefused, QuerySyntaxError, StoreLoadError
from smckg.server.media import chosen_format
from smckg.server.render import Rendered, kind_of, render_answer
from smckg.server.store.analysis import check_services
from smckg.server.store.answers import AnswersAsTerms
from smckg.server.store.base import DescribesBuild, QueryKind, StoreInfo
from smckg.server.store.builds import dump_path, read_build_info
from smckg.server.store.depth import check_depth
from smckg.server.store.loader import load_dump
from smckg.server.store.values import inject_values
from smckg.server.terms import Bindable, checked_bindings

POINTER_NAME = "current.json"
MEMORY_COPY_LIMIT = 500_000
#: How the engine reports a host name it could not resolve: in a worker without network,
#: the resolver's socket was refused by the kernel.
_NAME_LOOKUP = "failed to lookup address information"
LOCK_NAME = ".lock"
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


@dataclass(frozen=True)
class StoreRecord:
    """A loaded database folder and the build it holds."""

    path: Path
    info: StoreInfo


def prepare_store(out_dir: Path, store_dir: Path) -> StoreRecord:
    """Make ``store_dir`` serve the build in ``out_dir``, loading it only if it is new."""
    build = read_build_info(out_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    with _locked(store_dir / LOCK_NAME):
        current = read_current(store_dir)
        if current is not None and current.info.build_id == build.build_id:
            return current
        fresh = store_dir / f"build-{build.build_id[:16]}-{uuid.uuid4().hex[:8]}"
        triples = _load(fresh, dump_path(out_dir))
        record = StoreRecord(fresh, StoreInfo(build.build_id, triples))
        _write_current(store_dir, record)
        _remove_stale(store_dir, keep={fresh, current.path if current else fresh})
        return record


def read_current(store_dir: Path) -> StoreRecord | None:
    """The record ``current.json`` points at, or None when there is none (or its folder is gone)."""
    try:
        data = json.loads((store_dir / POINTER_NAME).read_text(encoding="utf-8"))
        record = StoreRecord(
            store_dir / data["directory"], StoreInfo(data["build_id"], data["triples"])
        )
    except (OSError, ValueError, KeyError):
        return None
    return record if record.path.is_dir() else None


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _load(folder: Path, dump: Path) -> int:
    """Bulk-load ``dump`` into a new database at ``folder``, in a separate process.

    RocksDB starts background threads that outlive the database handle; a process that
    had them and then forks (gunicorn's master forking its workers) gives children that
    hang at exit.  Loading in a spawned process keeps the caller free of them.
    """
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as loader:
        outcome = loader.submit(load_dump, str(folder), str(dump)).result()
    if isinstance(outcome, str):
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreLoadError(
            f"loading {dump} into the store failed ({outcome}); the previous store is kept",
            f"将 {dump} 载入存储失败（{outcome}）；保留原有存储",
            where=str(dump),
        )
    return outcome


def _write_current(store_dir: Path, record: StoreRecord) -> None:
    data = {
        "build_id": record.info.build_id,
        "triples": record.info.triples,
        "directory": record.path.name,
    }
    temporary = store_dir / f".{POINTER_NAME}.{os.getpid()}"
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, store_dir / POINTER_NAME)


def _remove_stale(store_dir: Path, *, keep: set[Path]) -> None:
    for folder in store_dir.glob("build-*"):
        if folder not in keep:
            shutil.rmtree(folder, ignore_errors=True)


class EmbeddedStore(DescribesBuild, AnswersAsTerms):
    """A read-only pyoxigraph database, queried in a worker process."""

    kind = "embedded"

    def __init__(self, record: StoreRecord, *, max_rows: int, allowlist: tuple[str, ...] = ()) -> None:
        self._database = _open(record)
        self.max_rows = max_rows
        self._allowlist = frozenset(allowlist)
        self.info = record.info
        self.named_graphs = frozenset(
            graph.value for graph in self._database.named_graphs() if isinstance(graph, ox.NamedNode)
        )

    def render(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, str | None],
        bindings: Mapping[str, Bindable] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> Rendered:
        """Run a query and write its capped answer in the media type chosen for its kind.

        Parameters are bound by VALUES blocks (:mod:`smckg.server.store.values`), since
        pyoxigraph's ``substitutions`` take only projected variables.
        """
        check_depth(sparql)
        if self._allowlist:
            check_services(sparql, self._allowlist)
        dataset = (tuple(default_graph_uris), tuple(named_graph_uris))
        missing = tuple(iri for iri in dict.fromkeys(dataset[0] + dataset[1]) if iri not in self.named_graphs)
        if missing:
            raise DatasetRefused(missing, where="default-graph-uri")
        text = inject_values(sparql, checked_bindings(bindings))
        options = _dataset_options(*dataset)
        try:
            answer = self._database.query(text, base_iri=base_iri, **options)
            try:
                return render_answer(answer, chosen_format(formats, kind_of(answer)), max_rows=self.max_rows)
            finally:
                del answer  # pyoxigraph's iterators are freed by the thread that made them
        except SyntaxError as error:
            raise _syntax_error(str(error)) from None
        except OSError as error:
            if isinstance(error, PermissionError) or _NAME_LOOKUP in str(error):  # the sandbox's refusal
                raise NetworkRefused() from None
            raise QueryError(f"the query failed: {error}", f"查询失败：{error}", where="query") from None
        except (RuntimeError, ValueError) as error:
            traceback.clear_frames(error.__traceback__)
            raise QueryError(f"the query failed: {error}", f"查询失败：{error}", where="query") from None


def _open(record: StoreRecord) -> ox.Store:
    """The database read-only from disk, copied into memory when it is small enough."""
    on_disk = ox.Store.read_only(str(record.path))
    if record.info.triples is None or record.info.triples > MEMORY_COPY_LIMIT:
        return on_disk
    in_memory = ox.Store()
    in_memory.extend(on_disk.quads_for_pattern(None, None, None, None))
    return in_memory


def _dataset_options(default: tuple[str, ...], named: tuple[str, ...]) -> dict[str, Any]:
    if not default and not named:
        return {}
    return {
        "default_graph": [ox.NamedNode(iri) for iri in default],
        "named_graphs": [ox.NamedNode(iri) for iri in named],
    }


def _syntax_error(message: str) -> QuerySyntaxError:
    match = _POSITION.match(message)
    if match is None:
        return QuerySyntaxError(message, line=1, column=1)
    return QuerySyntaxError(match[3], line=int(match[1]), column=int(match[2]))
