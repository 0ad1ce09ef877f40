"""The SPARQL service's own errors: each an ``SmcError`` with its HTTP status and both languages.

The app's single error handler turns any ``SmcError`` into a response with ``http_status``;
an error with ``retry_after`` (seconds) also gets a ``Retry-After`` header.  Errors raised in
a query worker process travel to the web process as a :class:`Failure` and are raised again
there with the same class and message.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from smckg.errors import QueryError, SmcError


class ConfigError(SmcError):
    """The server configuration (TOML file, environment, options) is invalid."""

    exit_code = 2


class BuildMissing(SmcError):
    """The output folder holds no build (``smc-dt.nt`` and ``build.json``)."""

    exit_code = 8
    http_status = 503


class StoreLoadError(SmcError):
    """Loading the build into the on-disk store failed; the previous store is kept."""

    exit_code = 9
    http_status = 503


class QuerySyntaxError(QueryError):
    """The query text is not valid SPARQL 1.1; the message carries the line and column."""

    def __init__(self, message: str, *, line: int, column: int) -> None:
        self.line = line
        self.column = column
        super().__init__(
            f"the query is not valid SPARQL 1.1 at line {line}, column {column}: {message}",
            f"查询不是有效的 SPARQL 1.1（第 {line} 行第 {column} 列）：{message}",
            where=f"line {line}, column {column}",
        )


class ReadOnlyError(SmcError):
    """An update (INSERT, DELETE, LOAD, CLEAR, DROP...) was sent to the read-only service."""

    http_status = 403

    def __init__(self) -> None:
        super().__init__(
            "this SPARQL service is read-only: update operations (INSERT, DELETE, LOAD, CLEAR, "
            "CREATE, DROP, COPY, MOVE, ADD) are refused and nothing was changed",
            "本 SPARQL 服务只读：拒绝更新操作（INSERT、DELETE、LOAD、CLEAR、CREATE、DROP、COPY、"
            "MOVE、ADD），数据未作任何改动",
        )


class OutboundRefused(SmcError):
    """A query asks for a remote endpoint (SERVICE) that the operator has not allowed."""

    http_status = 403

    def __init__(self, target: str) -> None:
        super().__init__(
            f"SERVICE {target} is refused: this service opens no outbound connection except to "
            "endpoints the operator lists in service_allowlist (empty by default)",
            f"拒绝 SERVICE {target}：本服务不主动发起对外连接，只有运维人员在 service_allowlist"
            "（默认为空）中列出的端点除外",
            where="SERVICE",
        )


class NetworkRefused(SmcError):
    """The engine tried to open a connection (SERVICE...) and the kernel refused it."""

    http_status = 403

    def __init__(self) -> None:
        super().__init__(
            "this query needs a network connection (such as SERVICE to another endpoint), and "
            "query workers have none: this service opens no outbound connection",
            "该查询需要网络连接（例如以 SERVICE 访问其他端点），而查询工作进程没有网络："
            "本服务不主动发起对外连接",
            where="SERVICE",
        )


class DatasetRefused(SmcError):
    """FROM / FROM NAMED or default-graph-uri / named-graph-uri name a graph the store lacks."""

    http_status = 400

    def __init__(self, iris: tuple[str, ...], *, where: str) -> None:
        listed = ", ".join(f"<{iri}>" for iri in iris)
        super().__init__(
            f"dataset refused: {listed} is not a graph held by this service, and it does not "
            "load RDF from other sites; query its default graph instead (SPARQL 1.1 Protocol "
            "section 2.1.4 lets a service refuse a client-specified dataset with 400)",
            f"拒绝数据集：{listed} 不是本服务保存的图，本服务也不从其他网站加载 RDF；"
            "请直接查询其默认图"
            "（SPARQL 1.1 协议第 2.1.4 节允许服务以 400 拒绝客户端指定的数据集）",
            where=where,
        )


class NotAcceptable(SmcError):
    """No media type of the Accept header can represent the result."""

    http_status = 406

    def __init__(self, what: str, available: tuple[str, ...]) -> None:
        self.available = available
        listed = ", ".join(available)
        super().__init__(
            f"none of the media types in the Accept header can represent {what}; "
            f"available: {listed}",
            f"Accept 请求头中的媒体类型都无法表示{_ZH_KINDS.get(what, what)}；可用类型：{listed}",
            where="Accept",
        )


_ZH_KINDS = {
    "a SELECT result": "SELECT 查询结果",
    "an ASK result": "ASK 查询结果",
    "an RDF graph": "RDF 图",
    "this resource": "该资源",
}


class UnsupportedMediaType(SmcError):
    """A POST body of a media type the protocol does not define for queries."""

    http_status = 415

    def __init__(self, got: str) -> None:
        super().__init__(
            f"a SPARQL query is POSTed as application/x-www-form-urlencoded or as "
            f"application/sparql-query in UTF-8, not as {got or 'a body without Content-Type'}",
            f"SPARQL 查询须以 application/x-www-form-urlencoded 或 UTF-8 编码的 "
            f"application/sparql-query 方式 POST，而不是 {got or '无 Content-Type 的请求体'}",
            where="Content-Type",
        )


class PayloadTooLarge(SmcError):
    """The request body exceeds the configured cap."""

    http_status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the request body is larger than the limit of {limit} bytes",
            f"请求体超过 {limit} 字节的上限",
            where="Content-Length",
        )


class BodyTimeout(SmcError):
    """The client did not send its whole request body within the deadline."""

    http_status = 408

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the request body did not arrive within {seconds:g} s",
            f"请求体未在 {seconds:g} 秒内送达",
            where="body",
        )


class Overloaded(SmcError):
    """More requests are in flight in this server process than its bound allows."""

    http_status = 503
    retry_after = 1  # seconds: a slot is usually free again within milliseconds

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the service is busy ({limit} requests in progress); try again in 1 s",
            f"服务繁忙（正在处理 {limit} 个请求），请 1 秒后重试",
        )


class QueryTimeout(SmcError):
    """The query ran past the wall-clock limit; its worker process was stopped."""

    http_status = 503
    retry_after = 5

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query ran longer than the limit of {seconds:g} s and was stopped; "
            "narrow it (more specific patterns, LIMIT) and try again",
            f"查询运行超过 {seconds:g} 秒的上限，已被终止；"
            "请缩小查询范围（更具体的模式、LIMIT）后重试",
        )


class ResourceLimit(SmcError):
    """The query ran out of the memory allowed to one query."""

    http_status = 503
    retry_after = 5

    def __init__(self) -> None:
        super().__init__(
            "the query exceeded the memory allowed to one query and was abandoned; "
            "narrow it and try again",
            "查询超出单个查询允许的内存，已被放弃；请缩小查询范围后重试",
        )


class EngineFailure(SmcError):
    """The query engine stopped while answering (a panic, a crash); the text is then refused.

    422 (Unprocessable Content), not 500: the service is well and goes on; this query cannot
    be answered by this engine, and sending it again gets the same answer at once.  Operators
    see every one in ``/metrics`` (``smckg_refused_total{reason="EngineFailure"}``).
    """

    http_status = 422

    def __init__(self, *, again: bool = False) -> None:
        repeat_en = (" It failed the same way before, so it was not run again on this build."
                     if again else " The same text will be refused at once from now on.")
        repeat_zh = ("此前同一查询已导致同样的故障，因此本次构建期间不再执行。"
                     if again else "此后同一查询文本将被直接拒绝。")
        super().__init__(
            "engine failure: the query engine failed while answering this query (an internal "
            "error of the engine); the service goes on." + repeat_en,
            "查询引擎故障：引擎在回答该查询时发生内部错误而停止；服务不受影响。" + repeat_zh,
            where="query",
        )


class ServiceBusy(SmcError):
    """Every query worker stayed busy for the whole waiting time."""

    http_status = 503
    retry_after = 2

    def __init__(self) -> None:
        super().__init__(
            "all query workers are busy; try again shortly",
            "所有查询工作进程都在忙，请稍后重试",
        )


class RemoteUnavailable(SmcError):
    """The remote SPARQL endpoint could not be reached or answered with an error."""

    http_status = 502

    def __init__(self, endpoint: str, reason: str) -> None:
        super().__init__(
            f"the remote SPARQL endpoint {endpoint} is unavailable: {reason}",
            f"远程 SPARQL 端点 {endpoint} 不可用：{reason}",
            where=endpoint,
        )


class RemoteTimeout(SmcError):
    """The remote SPARQL endpoint did not answer within the query timeout."""

    http_status = 504

    def __init__(self, endpoint: str, seconds: float) -> None:
        super().__init__(
            f"the remote SPARQL endpoint {endpoint} gave no answer within {seconds:g} s",
            f"远程 SPARQL 端点 {endpoint} 在 {seconds:g} 秒内没有应答",
            where=endpoint,
        )


@dataclass(frozen=True)
class Failure:
    """An ``SmcError`` in transit from a worker process: its class path, message and state."""

    class_path: str
    en: str
    zh: str
    where: str | None
    state: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: SmcError) -> Failure:
        """Capture an error for sending through a pipe."""
        kind = type(error)
        state = {k: v for k, v in vars(error).items() if k not in {"en", "zh", "where"}}
        return cls(f"{kind.__module__}:{kind.__qualname__}", error.en, error.zh, error.where, state)

    def rebuild(self) -> SmcError:
        """The error again, as an instance of its own class."""
        module, _, name = self.class_path.partition(":")
        kind = getattr(importlib.import_module(module), name)
        error = kind.__new__(kind)
        SmcError.__init__(error, self.en, self.zh, where=self.where)
        vars(error).update(self.state)
        return error
