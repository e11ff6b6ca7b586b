"""The document model: what the reader hands the core, as types (contracts.md section 1).

`Reading` -> `Message` and `Document`s -> `Problem`s. A document's `fields` are typed per kind
(`AgreementFields`, `FormFields`, `OtherFields`), with value objects for a contact (`Person`) and an address
(`Address`); the reader's per-field `confidence`, its `positions` (where each value stands on its page) and
each problem's `evidence` are typed too, so a misspelt key is a type error, not a silent `None`.

Loading is lenient, because the ledger holds readings of every earlier version: every field has a default
(a reading with fewer keys loads), and keys a model does not name are kept as they came (extra="allow",
contracts may be extended). A problem code the vocabulary does not know loads as `uncertain`, with the
code it had kept in `original_code`: only a person may judge what it meant, and the party is told nothing
of it. The readers' own output is checked strictly (`Reading.strict`): a key in `fields` that
the kind does not have is a reader's bug, and is refused there instead of being stored.

Stored and printed with `as_json()`: the contract's keys ("from", not "from_"), and an optional key
(`confidence`, `positions`, a problem's `field`...) only when it was given, so what `mailbot parse` prints
and the ledger holds is what the reader wrote.
"""
from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from .vocabulary import AGREEMENT_KINDS, DocumentKind, PartyType, ProblemCode

STRICT = {"strict_keys": True}  # the validation context of a reader's own output


class Evidence(StrEnum):
    """What the reader saw of a problem's place (the certainty rules act only on positive evidence)."""

    NOT_FOUND = "not_found"  # the place was not found: the value may be there
    FOUND_EMPTY = "found_empty"  # the place was found, and it is empty
    UNREADABLE = "unreadable"  # found, but not readable
    DISAGREE = "disagree"  # two readings disagree
    RECOGNISED = "recognised"  # the document was recognised for what it is
    CONFIRMED = "confirmed"  # a person confirmed the reading
    INVALID = "invalid"  # a signature that positively does not count (not_signed)


class Open(BaseModel):
    """A contract object: named fields typed, further keys kept as they came. `_OPTIONAL` names the fields
    that are written out only when given (a reader omits them, so `as_json` does too)."""

    model_config = ConfigDict(extra="allow")
    _OPTIONAL: ClassVar[frozenset[str]] = frozenset()
    _order: tuple[str, ...] = PrivateAttr(default=())  # the keys as they came, to write them back so

    @model_validator(mode="wrap")
    @classmethod
    def _keep_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        model = handler(data)
        if isinstance(data, dict) and isinstance(model, Open):
            model._order = tuple(data)
        return model

    @model_serializer(mode="wrap")
    def _given_only(self, handler: SerializerFunctionWrapHandler) -> Any:
        out = handler(self)
        if not isinstance(out, dict):
            return out
        for name in self._OPTIONAL - self.model_fields_set:
            info = type(self).model_fields[name]
            out.pop(name, None)
            if info.serialization_alias:
                out.pop(info.serialization_alias, None)
        if self._order:
            first = {k: out[k] for k in self._order if k in out}
            out = first | {k: v for k, v in out.items() if k not in first}
        return out

    def as_json(self) -> dict[str, Any]:
        """The stored form: the contract's keys ("from", not "from_"), optional ones only when given."""
        return self.model_dump(mode="json", by_alias=True)


class Problem(Open):
    """One problem the reader (or the judgement) found. `field` (or `fields`, several) names what it is
    about; `detail`, `other_case`, `network` are its message arguments; `message` is the reader's prose."""

    _OPTIONAL = frozenset({"field", "fields", "evidence", "filename", "document_kind", "detail", "other_case",
                           "original_code", "limit", "ways"})

    code: ProblemCode
    message: str = ""
    field: str | None = None
    fields: list[str] | None = None
    evidence: Evidence | None = None
    filename: str | None = None
    document_kind: DocumentKind | None = None
    detail: str | None = None
    other_case: str | None = None
    original_code: str | None = None  # a code this version does not know (see the module's docstring)
    limit: str | None = None  # the `[limits]` key a budget hit names
    # the values a field in doubt may hold where the page cannot tell which, the first as read (an address
    # broken at a line's end, with or without a hyphen there): what the core may tell it by (broken_address.py)
    ways: list[str] | None = None

    @model_validator(mode="before")
    @classmethod
    def _unknown_code(cls, data: Any) -> Any:
        if isinstance(data, dict) and "code" in data:
            code = data["code"]
            if code not in ProblemCode._value2member_map_:
                data = {**data, "code": ProblemCode.UNCERTAIN, "original_code": str(code)}
        return data

    @field_validator("evidence", mode="before")
    @classmethod
    def _unknown_evidence(cls, value: Any) -> Any:
        """Evidence this version does not know counts as none: nothing is said on it."""
        return value if value is None or value in Evidence._value2member_map_ else None


class Delivery(Open):
    """What a delivery report (a bounce) says about our mail."""

    action: str = "unknown"
    recipients: list[str] = Field(default_factory=list)
    original_message_id: str | None = None


class AuthMethodResult(Open):
    """One method's result in an Authentication-Results header (dkim=pass header.d=...)."""

    _OPTIONAL = frozenset({"method", "result", "header_from", "header_d"})

    method: str = ""
    result: str = ""
    header_from: str | None = None
    header_d: str | None = None


class AuthResultsHeader(Open):
    """One Authentication-Results header as read: the server that wrote it and its results; `unparsed`
    (written only when true) for one that could not be parsed, so that it is never read as a pass."""

    _OPTIONAL = frozenset({"authserv_id", "unparsed", "results"})

    authserv_id: str | None = None
    unparsed: bool = False
    results: list[AuthMethodResult] = Field(default_factory=list)


class Auth(Open):
    """The mail's Authentication-Results: the summary (a fail anywhere wins) and every header; `headers`
    is absent from a reading stored before they were kept (mailbot/trust.py then reads the summary)."""

    _OPTIONAL = frozenset({"dmarc", "dkim", "spf", "headers"})

    dmarc: str | None = None
    dkim: str | None = None
    spf: str | None = None
    headers: list[AuthResultsHeader] | None = None


class SmimeSignature(Open):
    """One S/MIME signature found in a mail (parsers/containers/checks.py `Signed.public`): who signed and
    whether it holds, then where: the mail's own (`attached`: in a message attached to it) or a signed
    file's (`file`). Every key is written only when given: a stored one is written back as it came."""

    _OPTIONAL = frozenset({"kind", "signer", "organisation", "cvr", "email", "valid", "trusted", "error",
                           "attached", "file"})

    kind: str = ""  # "opaque", "clear" or "file"
    signer: str | None = None  # who signed, as the certificate names them
    organisation: str | None = None
    cvr: str | None = None
    email: str | None = None
    valid: bool = False  # the content is unchanged and the signer's key made the signature
    trusted: bool = False  # the certificate chains to a configured trust root
    error: str | None = None
    attached: bool = False  # where: in a message attached to the mail ...
    file: str | None = None  # ... or a signed file (its name)


class Message(Open):
    """One mail's headers and text. The field order is the order `mailbot parse` prints."""

    message_id: str | None = None
    sender: str | None = Field(default=None, validation_alias=AliasChoices("from", "sender"),
                               serialization_alias="from")  # the From address
    to: list[str] = Field(default_factory=list)
    subject: str | None = None
    date: str | None = None
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=list)
    case_ref: str | None = None
    automated: str | None = None  # "auto_reply", "bounce", "list"
    language: str = "da"
    cc: list[str] = Field(default_factory=list)
    reply_to: list[str] = Field(default_factory=list)
    sender_name: str | None = None
    body_text: str = ""
    body_new_text: str = ""
    body_forwarded_text: str = ""  # the words of a mail forwarded as an attachment (the party's, forwarded by another)
    cvrs: list[str] = Field(default_factory=list)
    auth: Auth | None = Field(default_factory=lambda: Auth(dmarc=None, dkim=None, spf=None))
    problems: list[Problem] = Field(default_factory=list)
    from_untrusted: str | None = None
    subject_ref: str | None = None
    delivery: Delivery | None = None
    quoted_message_ids: list[str] = Field(default_factory=list)  # ours, quoted by a bounce (returned.py)
    ignored_attachments: list[str] = Field(default_factory=list)  # what was attached and why it is no document
    # S/MIME (parsers/containers/smime.py): who signed the mail itself (kind, signer, organisation, cvr,
    # email, valid, trusted, error, attached), and every signature found in it, signed files included
    smime: SmimeSignature | None = None
    smime_all: list[SmimeSignature] = Field(default_factory=list)


# ----------------------------------------------------------------------------------------- a document's fields
class _Fields(Open):
    """Fields common to every kind; all are optional, so a kind's reading writes only its own. A key the
    kind does not name is kept when a stored reading is loaded, and refused in a reader's own output."""

    organisation: str | None = None
    cvr: str | None = None

    @model_validator(mode="after")
    def _no_strangers(self, info: ValidationInfo) -> _Fields:
        if info.context and info.context.get("strict_keys") and self.model_extra:
            raise ValueError(f"{type(self).__name__} has no field {', '.join(sorted(self.model_extra))}")
        return self


class Person(Open):
    """A contact person as the form gives one."""

    _OPTIONAL = frozenset({"name", "email", "phone"})

    name: str | None = None
    email: str | None = None
    phone: str | None = None  # E.164


class Address(Open):
    """A postal address: street, four-digit postcode, town."""

    _OPTIONAL = frozenset({"street", "postcode", "city"})

    street: str | None = None
    postcode: str | None = None
    city: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.street and self.postcode and self.city)


class AgreementFields(_Fields):
    """A signed agreement's fields (contracts.md: the three agreements)."""

    _OPTIONAL = frozenset({"organisation", "cvr", "signatory_name", "signatory_title", "signature_date",
                           "signed"})

    signatory_name: str | None = None
    signatory_title: str | None = None
    signature_date: str | None = None  # YYYY-MM-DD
    signed: bool | None = None  # None: not said


class FormFields(_Fields):
    """The information form's fields."""

    _OPTIONAL = frozenset({"organisation", "cvr", "party_type", "connected_via", "org_contact",
                           "technical_contacts", "ip_scopes", "installation_address"})

    party_type: PartyType | None = None
    connected_via: str | None = None  # None, "KMD" or a medical-system provider
    org_contact: Person | None = None
    technical_contacts: list[Person] = Field(default_factory=list)
    ip_scopes: list[str] = Field(default_factory=list)  # CIDR, as written
    installation_address: Address | None = None

    @field_validator("party_type", mode="before")
    @classmethod
    def _unknown_party_type(cls, value: Any) -> Any:
        """A party type this version does not know is no party type (staff place the party)."""
        return value if value is None or value in PartyType._value2member_map_ else None


class OtherFields(_Fields):
    """A document of no known kind: nothing read from it is relied on."""

    _OPTIONAL = frozenset({"organisation", "cvr"})


Fields = AgreementFields | FormFields | OtherFields


def fields_model(kind: DocumentKind | str | None) -> type[AgreementFields | FormFields | OtherFields]:
    """The fields' model of a document kind."""
    if kind in AGREEMENT_KINDS:
        return AgreementFields
    if kind == DocumentKind.INFORMATION_FORM:
        return FormFields
    return OtherFields


class Spot(Open):
    """Where a value stands: its page (from 1) and its box in PDF points from the page's top left."""

    page: int
    bbox: list[float]


class Signature(Open):
    """How the reader judged one signature of a document (contracts.md `signatures`)."""

    _OPTIONAL = frozenset({"role", "note"})

    signer: str | None = None
    organisation: str | None = None
    cvr: str | None = None
    valid: bool = False
    covers_document: bool = False
    trusted: bool = False
    role: str | None = None  # party, medcom, service, other
    note: str | None = None


class Document(Open):
    """One PDF (or one of the documents a PDF holds), its `fields` typed by its `kind`."""

    _OPTIONAL = frozenset({"confidence", "positions", "signatures", "ocr", "from_mail", "confirmed"})

    filename: str = "document.pdf"
    kind: DocumentKind = DocumentKind.UNKNOWN
    fields: Fields = Field(default_factory=OtherFields)
    problems: list[Problem] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)
    ocr: bool = False  # read from pictures of its pages
    confidence: dict[str, float] = Field(default_factory=dict)  # per field, 0.0-1.0
    positions: dict[str, Spot] = Field(default_factory=dict)  # per field path
    from_mail: bool = False  # read from the mail's text, not from a document
    confirmed: list[str] = Field(default_factory=list)  # fields a person confirmed as read

    @model_validator(mode="before")
    @classmethod
    def _fields_of_kind(cls, data: Any, info: ValidationInfo) -> Any:
        """`fields` is validated as the model of the document's kind (a discriminator one level up)."""
        if isinstance(data, dict):
            raw = data.get("fields")
            if raw is None or isinstance(raw, dict):
                kind = data.get("kind", DocumentKind.UNKNOWN)
                model = fields_model(kind)
                data = {**data, "fields": model.model_validate(raw or {}, context=info.context)}
        return data

    def form(self) -> FormFields | None:
        """The form's fields, if this is an information form."""
        return self.fields if isinstance(self.fields, FormFields) else None

    def agreement(self) -> AgreementFields | None:
        """The agreement's fields, if this is one of the agreements."""
        return self.fields if isinstance(self.fields, AgreementFields) else None


class Reading(Open):
    """What was read in one mail (or one PDF alone)."""

    _OPTIONAL = frozenset({"ignored_attachments"})

    message: Message | None = None  # None for a PDF read on its own
    documents: list[Document] = Field(default_factory=list)
    ignored_attachments: list[str] = Field(default_factory=list)  # of a PDF read alone (a mail's are its message's)

    @classmethod
    def failed(cls, code: str, message: str, *, is_pdf: bool, filename: str | None = None,
               limit: str | None = None) -> Reading:
        """Nothing could be read: the reading says why (the one place this shape is written); `limit` is the
        `[limits]` key a budget hit names."""
        problem = Problem.model_validate({"code": code, "message": message, **({"limit": limit} if limit else {})})
        if is_pdf:
            return cls(documents=[Document(filename=filename or "document.pdf", kind=DocumentKind.UNKNOWN,
                                           fields=OtherFields(), problems=[problem])])
        return cls(message=Message(problems=[problem]))

    def strict(self) -> Reading:
        """This reading checked as a reader's own output (the `STRICT` context): a field its document's kind
        does not have is a reader's bug, and raises ValueError instead of being stored."""
        return Reading.model_validate(self.as_json(), context=STRICT)

    @property
    def msg(self) -> Message:
        """The message, or an empty one for a reading of a PDF alone."""
        return self.message or Message()


def field_root(path: str) -> str:
    """The field a path names: `technical_contacts` of the reader's `technical_contacts[0].email` and of the
    web form's `technical_contacts.0.email`. A doubt or a correction of one entry or part is of its field."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def person_of(value: Any) -> Person | None:
    """A contact as a stored case or a reading holds it (a dict), as a `Person`; None for none. A value of
    another shape (never written by a reader) is kept as the person's name, to be seen, not lost."""
    if isinstance(value, Person) or value is None:
        return value
    if isinstance(value, dict):
        return Person.model_validate(value) if value else None
    return Person(name=str(value))


def address_of(value: Any) -> Address | None:
    """An address as a stored case or a reading holds it (a dict), as an `Address`; None for none."""
    if isinstance(value, Address) or value is None:
        return value
    if isinstance(value, dict):
        return Address.model_validate(value) if value else None
    return Address(street=str(value))


def people_of(values: Any) -> tuple[Person, ...]:
    """Contacts as a stored case or a reading holds them (a list of dicts)."""
    return tuple(p for p in (person_of(v) for v in values or ()) if p is not None)
