"""What each curated record file holds: its file name, IRI prefix and extra fields (see kg/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from smckg.records import fields as f

Spec = dict[str, tuple[f.Checker, bool]]  # field -> (checker, required)

COMMON: Spec = {
    "slug": (f.slug, True),
    "label": (f.text, True),
    "alt": (f.text_lists, False),
    "definition": (f.text, True),
    "source": (f.source, True),
    "lines": (f.lines, False),
    "cues": (f.text_lists, False),
}

#: Nested records that become individuals of their own (parent slug prefixes their slug).
NESTED_COMMON: Spec = {**COMMON, "source": (f.source, False)}  # defaults to the parent's
ACTION: Spec = dict(NESTED_COMMON)
OUTCOME: Spec = {
    **NESTED_COMMON,
    "value": (f.decimal(), True),
    "unit": (f.ref("unit"), True),
    "baseline": (f.decimal(), False),
}
ORDINAL = (f.integer(1, 30), True)
#: Context records (size classes, survey, documents, figures, Deloitte's models...): numbered.
ORDERED: Spec = {**COMMON, "ordinal": ORDINAL}
NESTED_ORDERED: Spec = dict(NESTED_COMMON)
DOCUMENT_TYPES = r"policy|plan|classification|report|programme|initiative|event|interview"
PRIORITY_ITEM: Spec = {"rank": (f.integer(1, 20), True), "label": (f.text, True),
                        "source": (f.source, False)}


@dataclass(frozen=True)
class Kind:
    """One kind of curated record: where it is read from and which fields it has."""

    name: str
    file: str
    spec: Spec
    nested: dict[str, tuple[str, Spec]] = field(default_factory=dict)  # field -> (kind, spec)


KINDS: tuple[Kind, ...] = (
    Kind("dimension", "dimensions.yaml", COMMON),
    Kind(
        "area",
        "areas.yaml",
        {**COMMON, "priority_rank": (f.integer(1, 7), True)},
        nested={"priority_items": ("priority-item", PRIORITY_ITEM)},
    ),
    Kind(
        "phase",
        "phases.yaml",
        {**COMMON, "number": (f.integer(1, 3), True), "characteristic": (f.text, True)},
    ),
    Kind(
        "feature",
        "features.yaml",
        {
            **{k: v for k, v in COMMON.items() if k != "slug"},
            "area": (f.ref("area"), True),
            "phase": (f.integer(1, 3), True),
            "driven_by": (f.text, True),
            "covers": (f.text, True),
            "achieves": (f.text, True),
        },
    ),
    Kind(
        "challenge",
        "challenges.tsv",
        {
            **COMMON,
            "dimension": (f.ref("dimension"), True),
            "rank": (f.integer(1, 17), True),
            "mean": (f.decimal(Decimal(1), Decimal(5)), True),
            "median": (f.decimal(Decimal(1), Decimal(5)), True),
        },
    ),
    Kind("driver", "drivers.yaml", {**COMMON, "ordinal": (f.integer(1, 20), True),
                                     "specific_to_smcs": (f.boolean, True)}),
    Kind(
        "principle",
        "principles.yaml",
        {**COMMON, "kind": (f.pattern(r"general|people-centred|key-point"), True),
         "ordinal": (f.integer(1, 20), True)},
    ),
    Kind("aim", "aims.yaml", {**COMMON, "ordinal": (f.integer(1, 20), True)}),
    Kind(
        "difference",
        "differences.yaml",
        {**COMMON, "ordinal": (f.integer(1, 20), True), "smc": (f.text, True),
         "big_city": (f.text, True)},
    ),
    Kind(
        "stakeholder",
        "stakeholders.yaml",
        {**COMMON, "core": (f.refs("area"), True), "auxiliary": (f.refs("area"), False)},
        nested={"actions": ("action", ACTION)},
    ),
    Kind("unit", "units.tsv", {"slug": (f.slug, True), "iri": (f.string, False),
                               "label": (f.text, True)}),
    Kind(
        "region",
        "regions.yaml",
        {**COMMON, "country_code": (f.pattern(r"[A-Z]{2}"), True),
         "wikidata": (f.pattern(r"Q[1-9][0-9]*"), False), "geonames": (f.pattern(r"[1-9][0-9]*"), False)},
    ),
    Kind(
        "city",
        "cities.yaml",
        {**COMMON, "country_code": (f.pattern(r"[A-Z]{2}"), True), "region": (f.ref("region"), True),
         "population": (f.integer(1, 100_000_000), False),
         "area_km2": (f.decimal(Decimal(0)), False),
         "wikidata": (f.pattern(r"Q[1-9][0-9]*"), False), "geonames": (f.pattern(r"[1-9][0-9]*"), False)},
    ),
    Kind("organisation", "organisations.yaml", COMMON),
    Kind("technology", "technologies.yaml", COMMON),
    Kind(
        "case",
        "cases.yaml",
        {
            **COMMON,
            "city": (f.ref("city"), True),
            "area": (f.ref("area"), True),
            "from_phase": (f.integer(1, 3), True),
            "to_phase": (f.integer(1, 3), True),
            "start_year": (f.integer(1990, 2030), False),
            "end_year": (f.integer(1990, 2035), False),
            "partners": (f.refs("organisation"), False),
            "technologies": (f.refs("technology"), False),
        },
        nested={"outcomes": ("outcome", OUTCOME)},
    ),
    # --- context of the framework (smckg.graph.context; kg/README.md "Context records")
    Kind("document", "documents.yaml",
         {**ORDERED, "type": (f.pattern(DOCUMENT_TYPES), True),
          "country_code": (f.pattern(r"[A-Z]{2}"), False), "date": (f.pattern(r"\d{4}(-\d{2})?"), False)}),
    Kind("size-class", "size-classes.yaml",
         {**ORDERED, "classification": (f.ref("document"), True),
          "min_population": (f.integer(0, 100_000_000), False),
          "max_population": (f.integer(1, 100_000_000), False), "broader": (f.ref("size-class"), False)}),
    Kind("respondent-group", "survey.yaml", {**ORDERED, "count": (f.integer(1, 10_000), True)}),
    Kind("country", "countries.yaml", {**ORDERED, "country_code": (f.pattern(r"[A-Z]{2}"), True)}),
    Kind("city-function", "city-functions.yaml", ORDERED),
    Kind("concept", "concepts.yaml", {**ORDERED, "defined_by": (f.ref("organisation"), False)}),
    Kind("figure", "figures.yaml",
         {**ORDERED, "value": (f.decimal(), True), "unit": (f.ref("unit"), True),
          "year": (f.integer(1900, 2100), False), "bound": (f.pattern(r"exact|over|under|about"), True)}),
    Kind("finding", "findings.yaml",
         {**ORDERED, "voiced_at": (f.ref("document"), True), "type": (f.pattern(r"challenge|need"), True)}),
    Kind("operation-model", "operation-models.yaml",
         {**ORDERED, "funding": (f.refs("stakeholder"), True), "operation": (f.refs("stakeholder"), True),
          "control": (f.refs("stakeholder"), True)}),
    Kind("government-role", "government-roles.yaml", ORDERED),
    Kind("city-tier", "city-tiers.yaml", ORDERED),
    Kind("lesson", "lessons.yaml", ORDERED,
         nested={"risks": ("risk", NESTED_ORDERED), "success_factors": ("success-factor", NESTED_ORDERED)}),
    Kind("city-goal", "city-goals.yaml", ORDERED),
    Kind("new-style-trait", "new-style-smart-cities.yaml",
         {**ORDERED, "type": (f.pattern(r"feature|goal"), True)}),
)
