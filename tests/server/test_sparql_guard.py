"""Reading a query before it runs: kinds, SERVICE and dataset refusals, updates, syntax errors, nesting."""

from __future__ import annotations

import sys

import pytest
from smckg.server.guard import MAX_NESTING, QueryTooDeep, analyse, check, nesting_depth

from smckg.errors import QueryError
from smckg.server.errors import DatasetRefused, OutboundRefused, QuerySyntaxError, ReadOnlyError
from smckg.server.store.base import QueryKind

REMOTE = "http://127.0.0.1:9/sparql"
HIDDEN_SERVICES = [
    f"SELECT * {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{REMOTE}> {{ ?s ?q ?z }} }} }}",
    f"ASK {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * {{ SERVICE <{REMOTE}> {{ ?s ?p ?o }} }} }} }}",
    f"PREFIX r: <{REMOTE[:-6]}> SELECT * {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
]


def allowed(query: str, **kwargs: object) -> None:
    check(analyse(query), allowlist=kwargs.pop("allowlist", ()), held_graphs=frozenset(), **kwargs)


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("SELECT * { ?s ?p ?o }", QueryKind.SOLUTIONS),
        ("ASK {}", QueryKind.BOOLEAN),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", QueryKind.GRAPH),
        ("CONSTRUCT WHERE { ?s ?p ?o }", QueryKind.GRAPH),
        ("DESCRIBE <http://example.org/x>", QueryKind.GRAPH),
        ("# SELECT in a comment\nASK { ?s ?p 'SELECT' }", QueryKind.BOOLEAN),
    ],
)
def test_the_kind_comes_from_the_algebra(query: str, kind: QueryKind) -> None:
    assert analyse(query).kind is kind


def test_projection_is_known_for_select_only() -> None:
    assert analyse("SELECT ?s (1 AS ?one) { ?s ?p ?o }").projection == {"s", "one"}
    assert analyse("SELECT * { ?s ?p ?o }").projection == {"s", "p", "o"}
    assert analyse("ASK { ?s ?p ?o }").projection is None


@pytest.mark.parametrize("query", HIDDEN_SERVICES)
def test_service_is_found_wherever_it_hides(query: str) -> None:
    assert analyse(query).services == (REMOTE,)
    with pytest.raises(OutboundRefused) as raised:
        allowed(query)
    assert raised.value.http_status == 403 and REMOTE in raised.value.en


def test_service_text_in_strings_or_comments_is_not_a_service() -> None:
    query = f'SELECT * {{ ?s ?p "SERVICE <{REMOTE}> {{ }}" }} # SERVICE <{REMOTE}>'
    assert analyse(query).services == ()
    allowed(query)


def test_a_variable_service_is_always_refused() -> None:
    query = "SELECT * { VALUES ?e { <http://a/> } SERVICE ?e { ?s ?p ?o } }"
    with pytest.raises(OutboundRefused, match=r"\?e"):
        allowed(query, allowlist=("http://a/",))


def test_the_allowlist_opens_exactly_its_endpoints() -> None:
    allowed(HIDDEN_SERVICES[0], allowlist=(REMOTE,))
    with pytest.raises(OutboundRefused):
        allowed(HIDDEN_SERVICES[0], allowlist=(REMOTE + "/",))


def test_from_a_graph_not_held_is_refused_with_400() -> None:
    query = "SELECT * FROM <http://example.org/elsewhere> { ?s ?p ?o }"
    with pytest.raises(DatasetRefused) as raised:
        allowed(query)
    assert raised.value.http_status == 400
    assert "2.1.4" in raised.value.en and "http://example.org/elsewhere" in raised.value.zh


def test_from_named_and_held_graphs() -> None:
    query = "SELECT * FROM NAMED <http://example.org/g> { GRAPH ?g { ?s ?p ?o } }"
    assert analyse(query).from_named == ("http://example.org/g",)
    check(analyse(query), allowlist=(), held_graphs=frozenset({"http://example.org/g"}))


def test_the_protocol_dataset_is_checked_instead_of_from() -> None:
    query = "ASK FROM <http://example.org/held> {}"
    held = frozenset({"http://example.org/held"})
    check(analyse(query), allowlist=(), held_graphs=held)
    with pytest.raises(DatasetRefused, match="elsewhere"):
        check(analyse(query), allowlist=(), held_graphs=held,
              named_graph_uris=("http://example.org/elsewhere",))


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }",
        "CLEAR ALL",
        "DROP GRAPH <http://a/g>",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "PREFIX a: <http://a/> DELETE WHERE { ?s a:p ?o }",
    ],
)
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(ReadOnlyError) as raised:
        analyse(update)
    assert raised.value.http_status == 403


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        analyse("SELECT * WHERE {\n  ?s ?p\n}")  # the incomplete triple starts at 2:3
    assert (raised.value.line, raised.value.column) == (2, 3)
    assert "line 2, column 3" in raised.value.en and "第 2 行第 3 列" in raised.value.zh


def test_an_unknown_prefix_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="prefix"):
        analyse("SELECT * { ?s nope:p ?o }")


# --- nesting: refused plainly above the limit, parsed below it -------------------------------

#: (head, opening, core, closing, tail): one level of each nestable construct; the costliest
#: for rdflib's recursive parser are the nested expressions (function calls, negations).
NESTABLE = {
    "braces": ("SELECT * WHERE ", "{ ", "?s ?p ?o", " }", ""),
    "optional": ("SELECT * WHERE { ?s ?p ?o ", "OPTIONAL { ?s ?p ?o ", "", "}", " }"),
    "exists": ("SELECT * WHERE { ?s ?p ?o ", "FILTER EXISTS { ?s ?p ?o ", "", "}", " }"),
    "subselect": ("SELECT * WHERE ", "{ SELECT * WHERE ", "{ ?s ?p ?o }", " }", ""),
    "parentheses": ("SELECT * WHERE { ?s ?p ?o FILTER(", "(", "?o", ")", ") }"),
    "negation": ("SELECT * WHERE { ?s ?p ?o FILTER(", "!(", "?o", ")", ") }"),
    "coalesce": ("SELECT * WHERE { ?s ?p ?o FILTER(", "COALESCE(", "?o", ")", ") }"),
    "function": ("SELECT (", "<urn:f>(", "?o", ")", " AS ?v) WHERE { ?s ?p ?o }"),
    "path": ("SELECT * WHERE { ?s ", "^(", "<urn:p>", ")", " ?o }"),
    "blank nodes": ("SELECT * WHERE { ?s ?p ", "[ <urn:p> ", "?o", " ]", " }"),
}
#: Stack depth where a thread of the web server parses (about 40 frames), with room to spare.
CALLER_FRAMES = 120


def nested(construct: str, levels: int) -> str:
    head, opening, core, closing, tail = NESTABLE[construct]
    return head + opening * levels + core + closing * levels + tail


def stack_depth() -> int:
    frame, depth = sys._getframe(1), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def from_deep_in_a_stack(frames: int, query: str) -> object:
    """Analyse ``query`` with ``frames`` frames on the stack."""
    return analyse(query) if stack_depth() >= frames else from_deep_in_a_stack(frames, query)


def test_nesting_depth_counts_brackets_outside_strings_iris_and_comments() -> None:
    assert nesting_depth("SELECT * { ?s ?p ?o FILTER((?o > 1)) }") == 3
    assert nesting_depth('SELECT * { ?s ?p "((({{{" . ?s ?p \'[[[\' } # ((((((') == 1
    assert nesting_depth("SELECT * { ?s <urn:x(((> ?o . ?s ?p \"\"\"{{\n{{\"\"\" }") == 1
    assert nesting_depth('ASK { FILTER(?a<?b && "\\"(" = ?c) }') == 2
    assert nesting_depth(")))(") == 1 and nesting_depth("") == 0


@pytest.mark.parametrize("construct", sorted(NESTABLE))
def test_nesting_up_to_the_limit_is_read(construct: str) -> None:
    query = nested(construct, MAX_NESTING - nesting_depth(nested(construct, 0)))
    assert nesting_depth(query) == MAX_NESTING
    from_deep_in_a_stack(CALLER_FRAMES, query)


@pytest.mark.parametrize("construct", sorted(NESTABLE))
@pytest.mark.parametrize("extra", [1, 1000])
def test_deeper_nesting_is_refused_with_depth_and_limit(construct: str, extra: int) -> None:
    query = nested(construct, MAX_NESTING - nesting_depth(nested(construct, 0)) + extra)
    depth = nesting_depth(query)
    with pytest.raises(QueryTooDeep) as raised:
        analyse(query)
    error = raised.value
    assert error.http_status == 400 and error.where == "query"
    for message in (error.en, error.zh):
        assert str(depth) in message and str(MAX_NESTING) in message
    assert "nesting depth" in error.en and "嵌套深度" in error.zh


def test_a_query_too_long_for_the_parser_gets_a_clear_message() -> None:
    query = "SELECT * WHERE { " + " ".join(f"?s <urn:p{n}> ?o{n} ." for n in range(2000)) + " }"
    assert nesting_depth(query) == 1  # not nested, but rdflib's parser recurses once per pattern
    with pytest.raises(QueryError) as raised:
        analyse(query)
    assert not isinstance(raised.value, QueryTooDeep)
    assert "too long" in raised.value.en and "过长" in raised.value.zh
