"""Short names of IRI parameters: expanded by smckg.server.short_names, accepted by /api/queries."""

from __future__ import annotations

import pytest
import requests

from smckg.queryfiles import Parameter
from smckg.server.short_names import expand, namespace_of

AREA = Parameter("_area_iri", "area", "iri", False, default="https://w3id.org/smc-dt/id/area/governance")
CLASS = Parameter("_class_iri", "class", "iri", False, default="https://w3id.org/smc-dt/ontology#FunctionalArea")
COUNT = Parameter("_n_integer", "n", "integer", False)
ANY_AREA = Parameter("__area_iri", "area", "iri", True)


@pytest.mark.parametrize(("param", "value", "expected"), [
    (AREA, "governance", "https://w3id.org/smc-dt/id/area/governance"),
    (AREA, "smcid:area/infrastructure", "https://w3id.org/smc-dt/id/area/infrastructure"),
    (AREA, "https://example.org/x", "https://example.org/x"),
    (CLASS, "Stakeholder", "https://w3id.org/smc-dt/ontology#Stakeholder"),
    (CLASS, "smc:Case", "https://w3id.org/smc-dt/ontology#Case"),
    (AREA, "not a name", "not a name"),  # left for the query file's own check to refuse
    (AREA, "nope:thing", "nope:thing"),
    (COUNT, "3", "3"),
    (ANY_AREA, "governance", "https://w3id.org/smc-dt/id/area/governance"),
])
def test_expand(param: Parameter, value: str, expected: str) -> None:
    assert expand(param, value) == expected


def test_namespace_of() -> None:
    assert namespace_of("https://w3id.org/smc-dt/id/phase/1") == "https://w3id.org/smc-dt/id/phase/"
    assert namespace_of("https://w3id.org/smc-dt/ontology#Case") == "https://w3id.org/smc-dt/ontology#"


def test_the_api_answers_short_names_as_the_full_iris(live_server: str) -> None:
    def rows(query: str) -> list[dict[str, object]]:
        response = requests.get(f"{live_server}/api/queries/cases-by-transition?{query}", timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    full = rows("area=https://w3id.org/smc-dt/id/area/governance&from=https://w3id.org/smc-dt/id/phase/1"
                "&to=https://w3id.org/smc-dt/id/phase/2")
    assert full and rows("area=governance&from=1&to=smcid:phase/2") == full


def test_a_short_name_with_spaces_is_still_a_400(live_server: str) -> None:
    response = requests.get(f"{live_server}/api/queries/cases-by-transition?area=no+such", timeout=30)
    assert response.status_code == 400 and response.json()["zh"]
