"""A reading as a type: what the parse stage hands the route and decide stages (contracts.md section 1).

The model lives in the core (`mailbot/core/readings.py`), which parsers may import and which may import
nothing of parsers; it is re-exported here so the readers and their callers name it where they always did.
The readers build the contract's JSON object (`mailbot parse` prints it through this model); the parse
stage validates it into a `Reading`, stores `as_json()` in the ledger, and every later stage loads it with
`Reading.model_validate`.
"""
from __future__ import annotations

from mailbot.core.readings import (
    STRICT,
    Address,
    AgreementFields,
    Auth,
    AuthMethodResult,
    AuthResultsHeader,
    Delivery,
    Document,
    Evidence,
    Fields,
    FormFields,
    Message,
    OtherFields,
    Person,
    Problem,
    Reading,
    Signature,
    SmimeSignature,
    Spot,
    fields_model,
)

__all__ = ["STRICT", "Address", "AgreementFields", "Auth", "AuthMethodResult", "AuthResultsHeader", "Delivery",
           "Document", "Evidence", "Fields", "FormFields", "Message", "OtherFields", "Person", "Problem", "Reading",
           "Signature", "SmimeSignature", "Spot", "fields_model"]
