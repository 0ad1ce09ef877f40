"""The project's namespaces: the ontology terms as a typed namespace, IRI builders for individuals.

Every IRI the code uses is spelt here once.  The public part of the vocabulary
(``../shared/design/vocabulary.md``) is a contract; the rest is the project's own.
``tests/test_vocab.py`` checks that every term below is declared in the ontology
source and that the ontology declares nothing missing from this list.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/smc-dt/ontology")
SMCID = Namespace("https://w3id.org/smc-dt/id/")
SCHEME = SMCID["scheme"]

PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("https://sws.geonames.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")
QB = Namespace("http://purl.org/linked-data/cube#")  # RDF Data Cube: the assessment summary

#: Prefixes bound in every graph and dump the project writes.
PREFIXES: dict[str, str] = {
    "smc": "https://w3id.org/smc-dt/ontology#",
    "smcid": str(SMCID),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "wd": str(WD),
    "void": str(VOID),
    "dcat": str(DCAT),
}


class SMC(DefinedNamespace):
    """Classes and properties of the SMC digital-transformation ontology."""

    _NS = Namespace("https://w3id.org/smc-dt/ontology#")
    _fail = True

    # --- classes of the public contract
    FunctionalArea: URIRef  # one of the 7 functional areas
    MaturityPhase: URIRef  # one of the 3 maturity phases
    KeyFeature: URIRef  # a cell of the 7x3 matrix
    Challenge: URIRef  # a surveyed challenge
    ChallengeDimension: URIRef  # society, economy, governance, environment
    Driver: URIRef  # a driver of digital transformation in SMCs
    Principle: URIRef  # a principle of chapter 2
    Stakeholder: URIRef  # government, citizens, enterprises, research institutes
    Case: URIRef  # one of the 11 case studies
    PhaseTransition: URIRef  # the phase span of a case in its area
    City: URIRef  # a city where a case takes place

    # --- the project's own classes
    GeneralPrinciple: URIRef  # the 4 general principles of chapter 2
    PeopleCentredPrinciple: URIRef  # the 6 UN-Habitat principles of people-centred smart cities
    KeyPoint: URIRef  # the 4 key points of section 2.3
    DifferenceDimension: URIRef  # a way in which SMCs differ from big cities
    PriorityItem: URIRef  # a survey item that stakeholders ranked high within an area
    Aim: URIRef  # an aim of digital transformation for SMCs
    RecommendedAction: URIRef  # an action recommended to a stakeholder
    MeasuredOutcome: URIRef  # a measurable outcome of a case, with value and unit
    Technology: URIRef  # a technology a case uses
    Organisation: URIRef  # a partner organisation of a case
    AdministrativeRegion: URIRef  # a province, prefecture or municipality a city lies in
    Report: URIRef  # one of the two reports
    ReportSection: URIRef  # a numbered section of one report
    ReferenceCity: URIRef  # a big city used as a point of comparison, not an SMC case

    # --- object properties of the public contract
    nextPhase: URIRef
    inArea: URIRef
    atPhase: URIRef
    hasCoreRoleIn: URIRef
    hasAuxiliaryRoleIn: URIRef
    challengeDimension: URIRef
    city: URIRef
    hasTransition: URIRef
    fromPhase: URIRef
    toPhase: URIRef

    # --- datatype properties of the public contract
    phaseNumber: URIRef
    priorityRank: URIRef
    meanScore: URIRef
    medianScore: URIRef
    surveyRank: URIRef
    countryCode: URIRef

    # --- the project's own object properties
    previousPhase: URIRef  # inverse of nextPhase
    hasKeyFeature: URIRef  # FunctionalArea -> KeyFeature
    hasPriorityItem: URIRef  # FunctionalArea -> PriorityItem
    hasRecommendedAction: URIRef  # Stakeholder -> RecommendedAction
    hasOutcome: URIRef  # Case -> MeasuredOutcome
    usesTechnology: URIRef  # Case -> Technology
    partner: URIRef  # Case -> Organisation
    locatedIn: URIRef  # City -> AdministrativeRegion
    unit: URIRef  # MeasuredOutcome -> unit IRI (QUDT where one exists)
    section: URIRef  # anything -> ReportSection it is stated in (sub-property of prov:wasDerivedFrom)
    report: URIRef  # ReportSection -> Report

    # --- the project's own datatype properties
    ordinal: URIRef  # position of an item in its list in the report
    itemRank: URIRef  # PriorityItem -> its rank within its area (ties share a rank)
    drivenBy: URIRef  # KeyFeature -> who drives the cell (langString)
    covers: URIRef  # KeyFeature -> what the cell covers (langString)
    achieves: URIRef  # KeyFeature -> what the cell achieves (langString)
    characteristic: URIRef  # MaturityPhase -> its general characteristic (langString)
    specificToSMCs: URIRef  # Driver -> true when the driver is peculiar to SMCs
    smcCharacteristic: URIRef  # DifferenceDimension -> the SMC side (langString)
    bigCityCharacteristic: URIRef  # DifferenceDimension -> the big-city side (langString)
    numericValue: URIRef  # MeasuredOutcome -> xsd:decimal
    baselineValue: URIRef  # MeasuredOutcome -> value before the change, when the report gives one
    periodStart: URIRef  # Case -> xsd:gYear
    periodEnd: URIRef  # Case -> xsd:gYear
    sectionNumber: URIRef  # ReportSection -> "3.5"
    lineStart: URIRef  # ReportSection -> first line in the report text
    lineEnd: URIRef  # ReportSection -> last line in the report text
    sourcePassage: URIRef  # anything -> a passage of the report text, attached only at build time
    labelKey: URIRef  # framework term -> one of its labels lower-cased, a plain string (built)
    population: URIRef  # City -> inhabitants, as the report states them

    # --- second framework (Deloitte) and reference cities
    MaturityModel: URIRef  # another framework's maturity model (Deloitte's super smart city model)
    MaturityStage: URIRef  # a stage of such a model (Initial ... Transformed)
    CapabilityDimension: URIRef  # a dimension of its capability framework (strategy, technology...)
    StageCharacteristic: URIRef  # what a stage looks like in one capability dimension
    IndexDimension: URIRef  # a dimension of its city index
    CityFigure: URIRef  # a figure about a reference city, with value and unit
    hasStage: URIRef  # MaturityModel -> MaturityStage
    nextStage: URIRef  # MaturityStage -> the stage after it
    hasCapabilityDimension: URIRef  # MaturityModel -> CapabilityDimension
    hasIndexDimension: URIRef  # MaturityModel -> IndexDimension
    atStage: URIRef  # StageCharacteristic -> MaturityStage
    inCapabilityDimension: URIRef  # StageCharacteristic -> CapabilityDimension
    hasFigure: URIRef  # ReferenceCity -> CityFigure
    figureUnit: URIRef  # StatedFigure (e.g. CityFigure) -> unit IRI
    stageNumber: URIRef  # MaturityStage -> xsd:integer
    superSmartCityRank: URIRef  # ReferenceCity -> its rank in Deloitte's index
    gdpPerCapitaRank: URIRef  # ReferenceCity -> its rank by GDP per head among the ranked cities
    figureValue: URIRef  # StatedFigure -> xsd:decimal
    isLowerBound: URIRef  # StatedFigure -> true when the source gives the value as "more than"
    figureYear: URIRef  # StatedFigure -> xsd:gYear the figure refers to

    # --- context of the framework (ontology/components/context.ttl; built by smckg.graph.context)
    SourceLocation: URIRef  # source location
    ReferencedDocument: URIRef  # referenced document
    SizeClass: URIRef  # city size class
    RespondentGroup: URIRef  # respondent group
    Country: URIRef  # country
    CityFunction: URIRef  # function of SMCs
    KeyConcept: URIRef  # key concept
    StatedFigure: URIRef  # stated figure
    ForumFinding: URIRef  # challenge or need voiced outside the survey
    OperationModel: URIRef  # operation model
    GovernmentRole: URIRef  # role of government
    CityTier: URIRef  # city tier
    KeyLesson: URIRef  # key lesson
    StrategyRisk: URIRef  # strategy risk
    SuccessFactor: URIRef  # success factor
    CityGoal: URIRef  # city goal
    NewStyleTrait: URIRef  # feature or goal of China's new-style smart cities (Deloitte ch. 1)
    statedAt: URIRef  # owl:Thing -> SourceLocation
    inSection: URIRef  # SourceLocation -> ReportSection
    sizeClassification: URIRef  # SizeClass -> ReferencedDocument
    definedBy: URIRef  # KeyConcept -> Organisation
    voicedAt: URIRef  # ForumFinding -> ReferencedDocument
    fundedBy: URIRef  # OperationModel -> Stakeholder
    operatedBy: URIRef  # OperationModel -> Stakeholder
    controlledBy: URIRef  # OperationModel -> Stakeholder
    hasRisk: URIRef  # KeyLesson -> StrategyRisk
    hasSuccessFactor: URIRef  # KeyLesson -> SuccessFactor
    firstLine: URIRef  # SourceLocation -> xsd:integer
    lastLine: URIRef  # SourceLocation -> xsd:integer
    documentType: URIRef  # ReferencedDocument -> xsd:string
    minPopulation: URIRef  # SizeClass -> xsd:integer
    maxPopulation: URIRef  # SizeClass -> xsd:integer
    respondentCount: URIRef  # RespondentGroup -> xsd:integer
    isUpperBound: URIRef  # StatedFigure -> xsd:boolean
    isApproximate: URIRef  # StatedFigure -> xsd:boolean
    findingType: URIRef  # ForumFinding -> "challenge" or "need"
    traitType: URIRef  # NewStyleTrait -> "feature" or "goal"

    # --- city self-assessments (ontology/components/assessments.ttl; data from smckg.synthetic)
    AssessedCity: URIRef  # a city that placed itself on the 7x3 matrix
    currentFeature: URIRef  # AssessedCity -> KeyFeature it stands in today (area and phase)
    targetFeature: URIRef  # AssessedCity -> KeyFeature it aims for in the same area
    assessmentYear: URIRef  # AssessedCity -> xsd:integer year of the self-assessment
    observedFeature: URIRef  # qb:Observation of the assessment summary -> KeyFeature it counts
    currentCities: URIRef  # qb:Observation -> xsd:integer assessed cities standing in it today
    targetCities: URIRef  # qb:Observation -> xsd:integer assessed cities aiming for it


def iri(path: str) -> URIRef:
    """The IRI of an individual, from its path under ``smcid:`` (e.g. ``area/governance``)."""
    return SMCID[path]


def area(slug: str) -> URIRef:
    """The IRI of a functional area."""
    return SMCID[f"area/{slug}"]


def phase(number: int) -> URIRef:
    """The IRI of a maturity phase (1, 2 or 3)."""
    return SMCID[f"phase/{number}"]


def feature(area_slug: str, number: int) -> URIRef:
    """The IRI of the key feature of an area at a phase."""
    return SMCID[f"feature/{area_slug}/{number}"]


def transition(case_slug: str) -> URIRef:
    """The IRI of the phase transition of a case."""
    return SMCID[f"transition/{case_slug}"]


def section(lang: str, number: str) -> URIRef:
    """The IRI of a numbered section of the English (``en``) or Chinese (``zh``) report."""
    return SMCID[f"section/{lang}/{number}"]


def report(lang: str) -> URIRef:
    """The IRI of the English (``en``) or Chinese (``zh``) report."""
    return SMCID[f"report/{lang}"]
