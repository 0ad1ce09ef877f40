"""Turning errors into responses: status from the error, body in JSON, HTML or plain text.

``SmcError`` subclasses carry their status (``http_status``) and both messages; werkzeug's
HTTP errors (404, 405, 413...) are first given bilingual messages of their own.  The body
format follows the Accept header: JSON when the client asks for any JSON type, HTML for
a browser, plain text otherwise.
"""

from __future__ import annotations

import html
import json

from flask import Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from smckg.errors import SmcError
from smckg.server.context import get_config
from smckg.server.errors import PayloadTooLarge
from smckg.server.media import HTML, JSON, PLAIN, content_type, negotiate

_HTTP_MESSAGES = {
    400: ("the request is malformed", "请求格式有误"),
    404: ("there is nothing at this address", "此地址下没有内容"),
    405: ("this method is not allowed here", "此处不允许该请求方法"),
    415: ("this media type is not supported here", "此处不支持该媒体类型"),
}


class HttpError(SmcError):
    """An HTTP error raised by the web framework, with a bilingual message."""

    def __init__(self, status: int, en: str, zh: str, *, where: str | None = None) -> None:
        self.http_status = status
        super().__init__(en, zh, where=where)


def from_http_exception(exception: HTTPException) -> SmcError:
    """The bilingual error for a werkzeug HTTP exception."""
    if isinstance(exception, RequestEntityTooLarge):
        return PayloadTooLarge(get_config().max_body_bytes)
    status = exception.code or 500
    en, zh = _HTTP_MESSAGES.get(status, (exception.name.lower(), exception.name.lower()))
    return HttpError(status, en, zh, where=request.path)


def error_response(error: SmcError, *, allow: list[str] | None = None) -> Response:
    """The response for an error, in the format the client prefers."""
    status, headers, body = render_error(error, request.headers.get("Accept"))
    response = Response(body, status=status, headers=headers)
    if allow:
        response.headers["Allow"] = ", ".join(allow)
    return response


def render_error(error: SmcError, accept: str | None) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body of an error's response, in the format ``accept`` prefers."""
    status = error.http_status
    media_type = _error_media_type(accept)
    headers = [("Content-Type", content_type(media_type)), ("Cache-Control", "no-store")]
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        headers.append(("Retry-After", str(retry_after)))
    return status, headers, _BODIES[media_type](error, status).encode("utf-8")


def allowed_methods(exception: HTTPException) -> list[str] | None:
    """The methods a 405 should list in its Allow header."""
    if isinstance(exception, MethodNotAllowed):
        return list(exception.valid_methods or [])
    return None


def _error_media_type(accept: str | None) -> str:
    choice = negotiate(accept, [PLAIN, JSON, HTML])
    if choice != HTML and "json" in (accept or "").lower():
        return JSON
    return choice or PLAIN


def _json_body(error: SmcError, status: int) -> str:
    return json.dumps({"status": status, **error.as_dict()}, ensure_ascii=False)


def _text_body(error: SmcError, status: int) -> str:
    where = f" ({error.where})" if error.where else ""
    return f"{status} {type(error).__name__}{where}\n{error.en}\n{error.zh}\n"


def _html_body(error: SmcError, status: int) -> str:
    en, zh = html.escape(error.en), html.escape(error.zh)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {html.escape(type(error).__name__)}</title></head>\n"
        f'<body><h1>{status}</h1><p lang="en">{en}</p><p lang="zh">{zh}</p></body></html>\n'
    )


_BODIES = {JSON: _json_body, PLAIN: _text_body, HTML: _html_body}
