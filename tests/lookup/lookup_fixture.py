"""Names used by the lookup tests: the fixture graph's file and IRIs as constants."""

from __future__ import annotations

from pathlib import Path

from smckg.vocab import SMC, area, iri, phase

FIXTURE = Path(__file__).parent / "fixtures" / "mini-kg.ttl"

GOVERNANCE = str(area("governance"))
EFFECTIVENESS = str(area("governmental-effectiveness"))
SERVICES = str(area("public-social-services"))
INFRASTRUCTURE = str(area("infrastructure"))
ENVIRONMENT = str(area("environment-low-carbon"))
GOVERNANCE_DIMENSION = str(iri("dimension/governance"))
PHASE_1, PHASE_2, PHASE_3 = (str(phase(n)) for n in (1, 2, 3))
PINGHU_CASE = str(iri("case/pinghu-iot-platform"))
CITIZENS = str(iri("stakeholder/citizens"))
ENTERPRISES = str(iri("stakeholder/enterprises"))
LORAWAN = str(iri("technology/lorawan"))
HUMAN_CENTRIC = str(iri("principle/human-centric"))
IN_AREA = str(SMC.inArea)

