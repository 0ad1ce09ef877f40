"""Content negotiation: the Accept parser, q-values, specificity and the tables per result kind."""

from __future__ import annotations

import pytest

from smckg.server import media
from smckg.server.media import MediaRange, negotiate, negotiate_formats, parse_accept_header
from smckg.server.store.base import QueryKind

SELECT_TYPES = [media.JSON_RESULTS, media.XML_RESULTS, media.CSV, media.TSV]


def test_ranges_come_best_first_with_their_quality() -> None:
    ranges = parse_accept_header("text/*;q=0.3, text/csv;q=0.7, */*;q=0.1, application/json")
    assert ranges == [
        MediaRange("application", "json", 1.0),
        MediaRange("text", "csv", 0.7),
        MediaRange("text", "*", 0.3),
        MediaRange("*", "*", 0.1),
    ]


@pytest.mark.parametrize("header", [None, "", "   "])
def test_no_accept_header_means_anything(header: str | None) -> None:
    assert parse_accept_header(header) == [MediaRange("*", "*", 1.0)]


@pytest.mark.parametrize("junk", ["text", "/csv", "*/csv", "text/csv;q=abc", ";;"])
def test_malformed_ranges_are_skipped(junk: str) -> None:
    assert parse_accept_header(f"{junk}, text/tab-separated-values") == [
        MediaRange("text", "tab-separated-values", 1.0)
    ]


def test_quality_is_clamped_and_case_is_ignored() -> None:
    assert parse_accept_header("Text/CSV;Q=7") == [MediaRange("text", "csv", 1.0)]


def test_highest_quality_wins() -> None:
    header = "application/sparql-results+json;q=0.5, text/csv;q=0.9"
    assert negotiate(header, SELECT_TYPES) == media.CSV


def test_ties_go_to_the_server_order() -> None:
    assert negotiate("text/csv, application/sparql-results+xml", SELECT_TYPES) == media.XML_RESULTS
    assert negotiate("*/*", SELECT_TYPES) == media.JSON_RESULTS


def test_the_most_specific_range_sets_the_quality() -> None:
    header = "text/*;q=0.9, text/csv;q=0, */*;q=0.1"
    assert negotiate(header, [media.CSV, media.TSV]) == media.TSV
    assert negotiate("text/csv;q=0, */*;q=0.1", [media.CSV]) is None


def test_nothing_acceptable_gives_none() -> None:
    assert negotiate("image/png, text/html;q=0.9", SELECT_TYPES) is None


def test_each_kind_gets_its_own_answer() -> None:
    chosen = negotiate_formats("text/csv, text/turtle;q=0.8, application/sparql-results+xml;q=0.5")
    assert chosen == {
        QueryKind.SOLUTIONS: media.CSV,
        QueryKind.BOOLEAN: media.XML_RESULTS,
        QueryKind.GRAPH: media.TURTLE,
    }


def test_aliases_answer_with_the_precise_type() -> None:
    chosen = negotiate_formats("application/json")
    assert chosen[QueryKind.SOLUTIONS] == media.JSON_RESULTS
    assert chosen[QueryKind.GRAPH] == media.JSON_LD
    assert negotiate_formats("text/plain")[QueryKind.GRAPH] == media.N_TRIPLES


def test_a_browser_gets_xml_results_and_rdf_xml() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    chosen = negotiate_formats(browser)
    assert chosen[QueryKind.SOLUTIONS] == media.XML_RESULTS
    assert chosen[QueryKind.GRAPH] == media.RDF_XML


def test_available_lists_each_answer_once_in_order() -> None:
    assert media.available(QueryKind.SOLUTIONS) == tuple(SELECT_TYPES)
    assert media.available(QueryKind.BOOLEAN) == (media.JSON_RESULTS, media.XML_RESULTS)


def test_text_types_declare_utf8() -> None:
    assert media.content_type(media.CSV) == "text/csv; charset=utf-8"
    assert media.content_type(media.JSON_RESULTS) == media.JSON_RESULTS
