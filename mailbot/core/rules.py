"""The rules of domain.md that MedCom may change: which documents, which approvals, which umbrellas.

The defaults are written here once; `[rules]` in the configuration (`mailbot/config/sections.py`) takes
them as its own defaults and the shell hands the configured values in, so the core never reads the
configuration itself.
"""
from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .vocabulary import DocumentKind

# the one list of party types that need no steering group: the starter pack's wording follows it too
PRE_APPROVED: tuple[str, ...] = (
    "region", "municipality", "public_hospital", "private_hospital", "practitioner",
    "pharmacy", "laboratory", "it_supplier",
)
STEERING_GROUP: tuple[str, ...] = ("foreign",)
# party type -> umbrellas whose agreement with MedCom replaces the party's own connection agreement;
# "*" means any named medical-system provider
EXEMPTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("municipality", ("KMD",)),
    ("practitioner", ("*",)),
)
# data processors sign the sub-data processor agreement; everyone else the data processor agreement
SUB_PROCESSOR_PARTY_TYPES: tuple[str, ...] = ("it_supplier",)


@dataclass(frozen=True)
class Rules:
    pre_approved: tuple[str, ...] = PRE_APPROVED
    steering_group: tuple[str, ...] = STEERING_GROUP
    exemptions: tuple[tuple[str, tuple[str, ...]], ...] = EXEMPTIONS
    exempt_still_sign_dpa: bool = True
    sub_processor_party_types: tuple[str, ...] = SUB_PROCESSOR_PARTY_TYPES

    def exempt_umbrella(self, party_type: str | None, connected_via: str | None) -> str | None:
        """The umbrella that covers the party's connection agreement, or None."""
        if not party_type or not connected_via:
            return None
        for ptype, umbrellas in self.exemptions:
            if ptype != party_type:
                continue
            for u in umbrellas:
                if u == "*" or u.lower() == connected_via.lower():
                    return connected_via
        return None

    def dpa_kind(self, party_type: str | None) -> DocumentKind:
        if party_type in self.sub_processor_party_types:
            return DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT
        return DocumentKind.DATA_PROCESSOR_AGREEMENT

    def required_documents(self, case: Case) -> list[DocumentKind]:
        docs: list[DocumentKind] = []
        if not case.umbrella:
            docs.append(DocumentKind.CONNECTION_AGREEMENT)
        if not case.umbrella or self.exempt_still_sign_dpa:
            docs.append(self.dpa_kind(case.party_type))
        return docs

    def needs_steering_group(self, party_type: str | None) -> bool:
        """Foreign parties need the steering group; so does anyone not pre-approved (a human decides)."""
        if party_type in self.steering_group:
            return True
        return party_type not in self.pre_approved
