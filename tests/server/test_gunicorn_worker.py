"""The gunicorn worker's own parts: where a head ends, when it is too long, the bilingual refusals.

Its behaviour on a live server (slow clients, overdue heads, malformed requests) is tested in
``tests/robustness/test_hostile.py``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from gunicorn.http.errors import (
    ConfigurationProblem,
    ExpectationFailed,
    InvalidHeader,
    InvalidHeaderName,
    InvalidHTTPVersion,
    InvalidRequestLine,
    InvalidRequestMethod,
    InvalidResponseHeader,
    LimitRequestHeaders,
    LimitRequestLine,
    ObsoleteFolding,
    UnsupportedTransferCoding,
)

from smckg.server.gunicorn_worker import HEAD_LIMIT, PendingHead, RequestRefused, answer, refusal_for

LIMITS = SimpleNamespace(limit_request_line=8190, limit_request_fields=100, limit_request_field_size=8190)
CJK = re.compile(r"[\u4e00-\u9fff]")
HEAD = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n"


def fed(*chunks: bytes) -> PendingHead:
    head = PendingHead(deadline=0.0)
    for chunk in chunks:
        head.add(chunk)
    return head


@pytest.mark.parametrize("cut", range(1, len(HEAD)))
def test_a_head_is_whole_only_with_its_empty_line_wherever_it_is_cut(cut: int) -> None:
    assert fed(HEAD[:cut], HEAD[cut:]).complete
    assert not fed(HEAD[:-2], b"").complete


def test_a_head_arriving_byte_by_byte_is_whole_at_its_last_byte() -> None:
    head = PendingHead(deadline=0.0)
    for position, byte in enumerate(HEAD, start=1):
        head.add(bytes([byte]))
        assert head.complete == (position == len(HEAD))


def test_a_head_ended_by_bare_line_feeds_goes_on_to_the_parser_to_be_refused() -> None:
    assert fed(b"GET / HTTP/1.1\nHost: x\n", b"\n").complete


def test_a_head_too_long_is_refused_by_where_it_stopped() -> None:
    assert fed(HEAD[:-2]).refusal(LIMITS) is None
    line = fed(b"GET /" + b"a" * HEAD_LIMIT).refusal(LIMITS)
    fields = fed(b"GET / HTTP/1.1\r\n" + b"X-Pad: " + b"a" * HEAD_LIMIT).refusal(LIMITS)
    assert line is not None and line.http_status == 414 and "8190" in line.en and "8190" in line.zh
    assert fields is not None and fields.http_status == 431 and str(HEAD_LIMIT) in fields.en + fields.zh


@pytest.mark.parametrize(
    ("error", "status", "mentions"),
    [
        (LimitRequestLine(9000, 8190), 414, "8190"),
        (LimitRequestHeaders("limit request headers fields"), 431, "100"),
        (InvalidRequestLine("GET"), 400, "GET"),
        (InvalidRequestMethod("G@T"), 400, "G@T"),
        (InvalidHTTPVersion("HTTP/9.x"), 400, "HTTP/9.x"),
        (InvalidHeader("Host x"), 400, "Host x"),
        (InvalidHeaderName("Host "), 400, "Host "),
        (ObsoleteFolding("HOST"), 400, "HOST"),
        (UnsupportedTransferCoding("gzip"), 501, "transfer coding"),
        (ExpectationFailed("100-fancy"), 417, "Expect"),
        (InvalidResponseHeader("X-Bad"), 500, "server"),
        (ConfigurationProblem("no app"), 500, "server"),
        (RuntimeError("the app failed"), 500, "server"),
    ],
)
def test_gunicorns_errors_become_bilingual_refusals(error: BaseException, status: int, mentions: str) -> None:
    refusal = refusal_for(error, LIMITS)
    assert refusal.http_status == status
    assert refusal.en and CJK.search(refusal.zh) and not CJK.search(refusal.en)
    assert mentions in refusal.en + (refusal.where or "")


def test_control_characters_of_a_request_are_escaped_in_the_refusal() -> None:
    refusal = refusal_for(InvalidRequestLine("\x16\x03\x01\r\nX"), LIMITS)
    assert refusal.where is not None and refusal.where.isprintable() and "\\x16" in refusal.where


def test_an_answer_is_a_whole_http_response_in_both_languages() -> None:
    refusal = RequestRefused(431, "the header is too large", "请求头过大", where="X-Pad")
    raw = answer(refusal)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("ascii").split("\r\n")
    assert lines[0] == "HTTP/1.1 431 Request Header Fields Too Large"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["Content-Type"] == "text/plain; charset=utf-8" and headers["Connection"] == "close"
    assert int(headers["Content-Length"]) == len(body)
    assert body.decode("utf-8").splitlines() == ["431 Request Header Fields Too Large (X-Pad)",
                                                 "the header is too large", "请求头过大"]
