"""The rules of domain.md that MedCom may change: which documents, which approvals, which umbrellas."""
from __future__ import annotations

from dataclasses import dataclass

from ..config import RulesConfig
from .case import Case
from .vocabulary import DocumentKind


@dataclass(frozen=True)
class Rules:
    config: RulesConfig = RulesConfig()

    def exempt_umbrella(self, party_type: str | None, connected_via: str | None) -> str | None:
        """The umbrella that covers the party's connection agreement, or None."""
        if not party_type or not connected_via:
            return None
        for ptype, umbrellas in self.config.exemptions:
            if ptype != party_type:
                continue
            for u in umbrellas:
                if u == "*" or u.lower() == connected_via.lower():
                    return connected_via
        return None

    def dpa_kind(self, party_type: str | None) -> DocumentKind:
        if party_type in self.config.sub_processor_party_types:
            return DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT
        return DocumentKind.DATA_PROCESSOR_AGREEMENT

    def required_documents(self, case: Case) -> list[DocumentKind]:
        docs: list[DocumentKind] = []
        if not case.umbrella:
            docs.append(DocumentKind.CONNECTION_AGREEMENT)
        if not case.umbrella or self.config.exempt_still_sign_dpa:
            docs.append(self.dpa_kind(case.party_type))
        return docs

    def needs_steering_group(self, party_type: str | None) -> bool:
        """Foreign parties need the steering group; so does anyone not pre-approved (a human decides)."""
        if party_type in self.config.steering_group:
            return True
        return party_type not in self.config.pre_approved
