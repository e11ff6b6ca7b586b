"""The configuration's sections, each declared once: its keys, their defaults and what they mean.

`Config` is the whole file, one field per section (its `[table]`), and what the rest of the program reads
(`cfg.limits.max_mail_bytes`, ...): everything that walks the sections (the environment's overrides, the
errors, `mailbot config check`) walks these models, so a section named here is named nowhere else.

Every section refuses a key it does not know: `[daemon] dryrun = true` (for `dry_run`) would otherwise be
ignored and a first rollout send real mail. Secrets are `SecretStr`: they never show in a repr, a log line
or `mailbot config check`.
"""
from __future__ import annotations

import ipaddress
import os
import re
from datetime import tzinfo
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    Strict,
    StrictBool,
    StrictStr,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic_core import ArgsKwargs
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from ..core import rules
from ..core.refs import DEFAULT_PREFIX, check_prefix
from ..core.reminders import REMINDED, ReminderRule, default_policy
from .environment import CURRENT, EnvOverrides, Load, Table, resolve_env
from .errors import blank_url

DEFAULT_TIMEZONE = "Europe/Copenhagen"  # the one place the zone is written; `[general] timezone` changes it
TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "outbox_templates"


def template_languages() -> tuple[str, ...]:
    """The languages that have a template folder: the only ones staff or TDC mail can be written in."""
    return tuple(sorted(p.name for p in TEMPLATE_DIR.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}", p.name)))


# --------------------------------------------------------------------------- value types

def _str_tuple(value: Any) -> tuple[str, ...]:
    """A list of non-empty strings (a single string is a list of one), stripped."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    raise ValueError(f"expected a list of non-empty strings, got {value!r}")


def _lower_tuple(value: Any) -> tuple[str, ...]:
    return tuple(v.lower() for v in _str_tuple(value))


def _path(value: Any) -> Path:
    if isinstance(value, Path):
        return value
    if isinstance(value, str) and value.strip():
        return Path(value).expanduser()
    raise ValueError(f"expected a path (a string), got {value!r}")


Float = Annotated[float, Strict()]  # an integer is a float too; a string or a bool is not
StrList = Annotated[tuple[str, ...], BeforeValidator(_str_tuple)]
LowerList = Annotated[tuple[str, ...], BeforeValidator(_lower_tuple)]
PathValue = Annotated[Path, BeforeValidator(_path)]
Positive = Annotated[int, Strict(), Field(ge=1)]
NonNegative = Annotated[int, Strict(), Field(ge=0)]
Port = Annotated[int, Strict(), Field(ge=0, le=65535)]

SECTION = ConfigDict(extra="forbid", validate_default=False)


def _kwargs(data: Any) -> Table | None:
    """The keyword arguments a section is being built from (a TOML table, or a call in code)."""
    if isinstance(data, ArgsKwargs):
        return dict(data.kwargs or {}) if not data.args else None
    return dict(data) if isinstance(data, dict) else None


def _rebuild(original: Any, kwargs: Table) -> Any:
    return ArgsKwargs((), kwargs) if isinstance(original, ArgsKwargs) else kwargs


# --------------------------------------------------------------------------- sections

@dataclass(frozen=True, config=SECTION)
class GeneralConfig:
    timezone: StrictStr = DEFAULT_TIMEZONE  # working days, the clock, dates in mails, the digest's hour
    case_ref_prefix: StrictStr = DEFAULT_PREFIX  # references look like SDN-2026-0042 (upper case)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone (e.g. Europe/Copenhagen)") from None
        return value

    @field_validator("case_ref_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        return check_prefix(value)


@dataclass(frozen=True, config=SECTION)
class OAuth2Config:
    """XOAUTH2 for mailboxes where basic authentication is switched off (Microsoft 365, Google)."""

    secrets: ClassVar[tuple[str, ...]] = ("client_secret", "refresh_token")
    provider: Literal["msal", "refresh_token"] = "msal"  # client credentials, or a (rotated) refresh token
    tenant: StrictStr = ""
    client_id: StrictStr = ""
    client_secret: SecretStr = SecretStr("")
    refresh_token: SecretStr = SecretStr("")
    token_url: StrictStr = ""
    scope: StrictStr = "https://outlook.office365.com/.default"


def _auth_needs_oauth2(where: str, auth: str, oauth2: OAuth2Config | None) -> None:
    if auth == "xoauth2":
        if oauth2 is None:
            raise ValueError(f"{where}.oauth2: a table is needed when {where}.auth = \"xoauth2\"")
        if not oauth2.client_id:
            raise ValueError(f"{where}.oauth2.client_id: missing")


@dataclass(frozen=True, config=SECTION)
class ServerConfig:
    """What a mail server's section has, IMAP or SMTP: where it is, how to reach it safely, who we are."""

    secrets: ClassVar[tuple[str, ...]] = ("password",)
    usual_ports: ClassVar[tuple[int, int]] = (0, 0)  # (with ssl, otherwise): what port 0 stands for
    host: StrictStr
    port: Port = 0  # 0: the protocol's usual port for its security
    security: Literal["none", "starttls", "ssl"] = "starttls"
    username: StrictStr = ""
    password: SecretStr = SecretStr("")
    ca_file: StrictStr | None = None  # "" is the same as none: the system's CA bundle
    verify_certificates: StrictBool = True
    timeout_seconds: Float = 60.0
    auth: Literal["password", "xoauth2"] = "password"
    oauth2: OAuth2Config | None = None

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("missing")
        return value

    @model_validator(mode="after")
    def _complete(self) -> ServerConfig:
        """The defaults that depend on others: port 0 is the protocol's usual port for its security, and
        an empty CA file is none (the frozen section is set in place, inside its validator)."""
        if self.port == 0:
            object.__setattr__(self, "port", self.usual_ports[0 if self.security == "ssl" else 1])
        object.__setattr__(self, "ca_file", self.ca_file or None)
        return self


@dataclass(frozen=True, config=SECTION)
class MailboxConfig(ServerConfig):
    """IMAP. Without the `[mailbox]` table the local Maildir (`[local] inbox`) is the mailbox."""

    usual_ports: ClassVar[tuple[int, int]] = (993, 143)
    security: Literal["none", "starttls", "ssl"] = "ssl"
    folder: StrictStr = "INBOX"
    processed_folder: StrictStr = "SDN/Behandlet"
    needs_attention_folder: StrictStr = "SDN/Kræver opmærksomhed"
    failed_folder: StrictStr = "SDN/Fejlet"
    idle: StrictBool = True
    idle_seconds: Positive = 1500  # re-issued well before the 29-minute server timeout of RFC 2177
    poll_seconds: Positive = 60
    batch_size: Positive = 50
    outage_notice_minutes: Positive = 60


@dataclass(frozen=True, config=SECTION)
class SmtpConfig(ServerConfig):
    """SMTP. Without the `[smtp]` table outgoing mail is written as .eml files (`[local] outbox`)."""

    usual_ports: ClassVar[tuple[int, int]] = (465, 587)
    max_attempts: Positive = 8  # temporary failures are retried with backoff this often, then staff are told


@dataclass(frozen=True, config=SECTION)
class AddressesConfig:
    medcom: StrictStr = "sdn@medcom.example"  # the bot's own address (From of every mail)
    medcom_name: StrictStr = "MedCom SDN"
    # the first address is TDC's order mailbox; every entry is an address or a whole domain TDC writes from
    tdc: LowerList = ("sdn-levering@tdc-erhverv.example", "tdc-erhverv.example")
    staff: LowerList = ("staff@medcom.example",)  # notices and digests; only their commands are obeyed
    staff_language: StrictStr = "da"  # the language of staff notices and digests (one with templates)
    tdc_language: StrictStr = "da"  # the language of mail to TDC

    @field_validator("medcom")
    @classmethod
    def _medcom(cls, value: str) -> str:
        if "@" not in value:
            raise ValueError(f"{value!r} is not an e-mail address")
        return value.lower()

    @field_validator("staff_language", "tdc_language")
    @classmethod
    def _language(cls, value: str) -> str:
        value = value.strip().lower()
        known = template_languages()
        if value not in known:
            raise ValueError(f"{value!r} has no templates (known: {', '.join(known)})")
        return value

    @model_validator(mode="after")
    def _order_mailbox(self) -> AddressesConfig:
        if not any("@" in entry for entry in self.tdc):
            raise ValueError("addresses.tdc: no address among the entries (the first is TDC's order mailbox)")
        return self

    @property
    def tdc_order(self) -> str:
        """TDC's order mailbox is the first entry that is an address."""
        return next(entry for entry in self.tdc if "@" in entry)


@dataclass(frozen=True, config=SECTION)
class ReminderRuleConfig:
    """One row of `[[reminders.rule]]`; an unset number takes its `[reminders]` default."""

    state: StrictStr
    remind: Literal["party", "tdc", "nobody"] = "party"
    after_working_days: Positive | None = None  # default: [reminders] after_working_days (or the grace)
    times: NonNegative | None = None  # default: [reminders] max_reminders (1 from the installation date)
    then: Literal["escalate", "nothing"] = "escalate"
    counted_from: Literal["waiting", "installation_date"] = "waiting"
    about: StrictStr | None = None  # what the reminder asks for (default: the step the case waits for)

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        if value not in REMINDED:
            raise ValueError(f"{value!r} is not an open state ({', '.join(REMINDED)})")
        return value


@dataclass(frozen=True, config=SECTION)
class RemindersConfig:
    """The reminder policy. The three numbers are the defaults of the table; `rule` replaces the table."""

    after_working_days: Positive = 10  # Danish working days of silence before a reminder
    max_reminders: NonNegative = 2  # then the case is raised to staff
    installation_grace_working_days: NonNegative = 1  # after the installation date: ask TDC, tell staff
    rule: tuple[ReminderRuleConfig, ...] | None = None  # None: today's policy (see core/reminders.py)

    @model_validator(mode="after")
    def _one_rule_per_state(self) -> RemindersConfig:
        seen: set[tuple[str, str]] = set()
        for r in self.rule or ():
            key = (r.state, r.counted_from)
            if key in seen:
                raise ValueError(f"reminders.rule: two rules for {r.state} counted from {r.counted_from}")
            seen.add(key)
            if r.counted_from == "installation_date" and (r.times or 0) > 1:
                raise ValueError(f"reminders.rule: from the installation date TDC is asked once ({r.state})")
        return self

    @cached_property
    def policy(self) -> tuple[ReminderRule, ...]:
        """The table the case machine follows, every number filled in."""
        if self.rule is None:
            return default_policy(self.after_working_days, self.max_reminders, self.installation_grace_working_days)
        out = []
        for r in self.rule:
            install = r.counted_from == "installation_date"
            after = r.after_working_days or (self.installation_grace_working_days if install
                                             else self.after_working_days)
            times = r.times if r.times is not None else (1 if install else self.max_reminders)
            out.append(ReminderRule(state=r.state, remind=r.remind, after_working_days=after,
                                    times=0 if r.remind == "nobody" else times, then=r.then,
                                    counted_from=r.counted_from, about=r.about))
        return tuple(out)


@dataclass(frozen=True, config=SECTION)
class LocalConfig:
    """The embedded defaults, used where [mailbox] / [smtp] are absent; relative to the config's folder."""

    inbox: PathValue = Path("var/inbox")  # a Maildir (new/, cur/, tmp/)
    outbox: PathValue = Path("var/outbox")  # one .eml file per outgoing mail


@dataclass(frozen=True, config=SECTION)
class LimitsConfig:
    max_mail_bytes: Positive = 25_000_000
    parse_timeout_seconds: Float = 60.0
    max_automatic_mails_per_recipient_per_day: Positive = 10
    # memory budgets (issue 16; parsers/budget.py, parsers/bounded.py): each one a mail hits is kept and
    # shown to staff with the [limits] key it hit
    stream_above_bytes: Positive = 4_000_000  # larger mail is fetched from IMAP in pieces into a file
    fetch_piece_bytes: Positive = 1_000_000  # the size of those pieces
    parse_memory_mb: Positive = 128  # address space one reading may add to what its reader maps before it (RLIMIT_AS)
    max_pdf_pages: Positive = 200  # more: the first half and the last tenth of this many pages are read
    max_pdf_objects: Positive = 20_000  # a PDF with more objects is not read at all
    max_pdf_images: Positive = 500  # images in one PDF; reading stops beyond
    max_inflated_bytes: Positive = 50_000_000  # what one PDF's compressed streams may inflate to, together
    # containers a mail carries (issue 23; parsers/containers): ZIP, winmail.dat, .msg, S/MIME
    max_archive_entries: Positive = 1_000  # entries in one archive; more: it is not opened
    max_archive_depth: Positive = 3  # containers inside containers
    max_archive_entry_bytes: Positive = 25_000_000  # what one entry may inflate to
    max_unpacked_bytes: Positive = 50_000_000  # what all of one mail's containers may unpack to, together
    max_archive_ratio: Positive = 100  # inflated over compressed size of one entry (beyond: a zip bomb)


@dataclass(frozen=True, config=SECTION)
class DaemonConfig:
    """How `mailbot run` schedules its jobs; see deploy/README.md."""

    dry_run: StrictBool = False  # process and record, send nothing (outgoing mail ends as status dry_run)
    poll_seconds: Positive = 10  # the fetch interval for the local Maildir (IMAP: [mailbox] poll_seconds)
    leader_check_seconds: Positive = 10  # how soon another instance takes over when the leader dies
    send_seconds: Positive = 30  # every instance sends from the outbox this often
    tick_minutes: Positive = 15  # reminders and deadlines (leader only)
    housekeeping_minutes: Positive = 60  # retention purge (leader only)
    stop_timeout_seconds: Annotated[float, Strict(), Field(ge=0)] = 30.0  # on SIGTERM, wait this long


@dataclass(frozen=True, config=SECTION)
class LoggingConfig:
    format: Literal["text", "json"] = "text"  # json: one object per line, for journald / log shippers
    level: StrictStr = "INFO"

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError(f"must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {value!r}")
        return value.upper()


@dataclass(frozen=True, config=SECTION)
class MetricsConfig:
    port: Port = 0  # 0: no Prometheus endpoint
    host: StrictStr = "127.0.0.1"  # loopback unless a scraper elsewhere needs it


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


@dataclass(frozen=True, config=SECTION)
class WebConfig:
    """`mailbot web`, the staff view: where it listens, and the address people reach it by."""

    bind: StrictStr = "127.0.0.1"
    port: Annotated[int, Strict(), Field(ge=1, le=65535)] = 8025
    base_url: StrictStr | None = None  # e.g. "https://sdn-bot.medcom.dk": sign-in links; https: Secure cookies
    # a header set by MedCom's single sign-on proxy in front of it, naming the signed-in staff address;
    # only honoured when the request comes from loopback (the proxy), and only for configured staff
    trusted_proxy_header: StrictStr | None = None
    # the address of the TLS proxy in front of it: only from that peer is X-Forwarded-For believed (its last
    # entry names the client); otherwise the peer itself is the client (the per-client sign-in limit's key)
    trusted_proxy: StrictStr | None = None
    session_hours: Positive = 8

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return _http_url(value).rstrip("/") if value is not None else None

    @field_validator("trusted_proxy_header")
    @classmethod
    def _header(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9-]+", value):
            raise ValueError(f"{value!r} is not a header name")
        return value.lower() if value else None

    @field_validator("trusted_proxy")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address") from None

    @property
    def secure(self) -> bool:
        return bool(self.base_url and self.base_url.startswith("https://"))


@dataclass(frozen=True, config=SECTION)
class ExportConfig:
    """What leaves the bot for MedCom's agreement system: `mailbot export` needs nothing here; a webhook,
    if set, receives each case's approval as JSON signed with the shared secret (`secret_env = "NAME"`)."""

    secrets: ClassVar[tuple[str, ...]] = ("secret",)
    webhook_url: StrictStr | None = None  # e.g. "https://aftaler.medcom.example/sdn-hook"
    secret: SecretStr = SecretStr("")  # the HMAC-SHA256 key of X-Mailbot-Signature, from the environment
    timeout_seconds: Positive = 10

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        return _http_url(value) if value is not None else None

    @model_validator(mode="after")
    def _signed(self) -> ExportConfig:
        if self.webhook_url and len(self.secret.get_secret_value()) < 16:
            raise ValueError("webhook_url needs secret_env naming a variable that holds a secret of 16 "
                             "characters or more (the receiver checks the signature with it)")
        return self


@dataclass(frozen=True, config=SECTION)
class HealthConfig:
    """`mailbot health` reports a problem when any of these is exceeded."""

    max_fetch_age_minutes: Positive = 15  # no successful fetch for this long
    max_unprocessed_age_minutes: Positive = 30  # the oldest mail not yet processed
    max_outbox_queue: Positive = 100  # outgoing mail waiting to be sent
    max_stuck_outbound: NonNegative = 0  # outgoing mail held, failed or uncertain (waiting for a person)
    max_unsent_age_minutes: Positive = 30  # the oldest outgoing mail not yet sent (SMTP down must not look healthy)
    max_send_age_minutes: NonNegative = 0  # no successful send for this long (0: off; a quiet week sends nothing)


@dataclass(frozen=True, config=SECTION)
class RetentionConfig:
    raw_mail_days: NonNegative = 0  # purge raw mail and document bytes older than this (0: keep for ever)


@dataclass(frozen=True, config=SECTION)
class TrustConfig:
    require_dmarc_pass: StrictBool = True  # a DMARC/DKIM "fail" in Authentication-Results makes a mail untrusted
    # MedCom's own receiving servers: only their Authentication-Results count, and staff commands and TDC
    # dates then need a DMARC (or aligned DKIM) pass from them. Empty (the embedded default): a fail in
    # any Authentication-Results makes a mail untrusted, and senders are not verified
    authserv_ids: LowerList = ()


def _exemptions(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if isinstance(value, tuple):
        return value
    if not isinstance(value, dict):
        raise ValueError("expected a table of party type = [umbrellas]")
    return tuple((str(k), _str_tuple(v)) for k, v in value.items())


@dataclass(frozen=True, config=SECTION)
class RulesConfig:
    """The rules of domain.md as data, so MedCom can change them without a release (defaults: core/rules.py)."""

    pre_approved: StrList = rules.PRE_APPROVED
    steering_group: StrList = rules.STEERING_GROUP
    exemptions: Annotated[tuple[tuple[str, tuple[str, ...]], ...], BeforeValidator(_exemptions)] = rules.EXEMPTIONS
    exempt_still_sign_dpa: StrictBool = True
    sub_processor_party_types: StrList = rules.SUB_PROCESSOR_PARTY_TYPES


@dataclass(frozen=True, config=SECTION)
class DigestConfig:
    """`time = "07:30"` is the setting (the zone's local time); the older `hour = 7` still works."""

    also_keys: ClassVar[tuple[str, ...]] = ("time",)
    hour: Annotated[int, Strict(), Field(ge=0, le=23)] = 7
    minute: Annotated[int, Strict(), Field(ge=0, le=59)] = 0
    enabled: StrictBool = True
    working_days_only: StrictBool = True  # staff read it on working days; weekend news waits for Monday

    @model_validator(mode="before")
    @classmethod
    def _time_of_day(cls, data: Any) -> Any:
        kw = _kwargs(data)
        if kw is None or "time" not in kw:
            return data
        if "hour" in kw:
            raise ValueError("digest: give either time or hour, not both")
        text = kw.pop("time")
        m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text.strip()) if isinstance(text, str) else None
        if not m:
            raise ValueError(f"digest.time: expected HH:MM (local time), got {text!r}")
        if not (0 <= int(m.group(1)) <= 23 and 0 <= int(m.group(2)) <= 59):
            raise ValueError(f"digest.time: {text!r} is not a time of day")
        kw["hour"], kw["minute"] = int(m.group(1)), int(m.group(2))
        return _rebuild(data, kw)

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True, config=SECTION)
class SignaturesConfig:
    # PEM files of the roots a signing certificate must chain to for a signature to be `verified`
    # (the MitID Erhverv/OCES roots, as MedCom names them); without any, valid signatures are unverified
    trust_roots: StrList = ()


@dataclass(frozen=True, config=SECTION)
class SmimeConfig:
    """MedCom's own S/MIME key, to open mail encrypted to it (parsers/containers/smime.py); without it an
    encrypted mail is kept for staff with the reason. Paths relative to the config file's folder."""

    secrets: ClassVar[tuple[str, ...]] = ("password",)
    key_file: StrictStr = ""  # PEM or DER private key
    cert_file: StrictStr = ""  # the certificate the party encrypted to
    password: SecretStr = SecretStr("")  # of the key, if it has one (password_env = "NAME")


@dataclass(frozen=True, config=SECTION)
class DatabaseConfig:
    secrets: ClassVar[tuple[str, ...]] = ("url",)  # it may carry a password: url_env names a variable
    url: StrictStr = "sqlite:///var/mailbot.db"  # any SQLAlchemy URL; relative SQLite paths from the file's folder

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(f"{blank_url(value)!r} is not an SQLAlchemy URL")
        return value



class Config(BaseSettings):
    """The configuration file's shape, one section per table and nothing else allowed; and, once loaded
    (`loading.from_dict`: relative paths taken from the file's folder), the configuration in force."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    general: GeneralConfig = GeneralConfig()
    database: DatabaseConfig = DatabaseConfig()
    mailbox: MailboxConfig | None = None  # without it: the local Maildir ([local] inbox)
    smtp: SmtpConfig | None = None  # without it: .eml files ([local] outbox)
    addresses: AddressesConfig = AddressesConfig()
    local: LocalConfig = LocalConfig()
    reminders: RemindersConfig = RemindersConfig()
    limits: LimitsConfig = LimitsConfig()
    trust: TrustConfig = TrustConfig()
    signatures: SignaturesConfig = SignaturesConfig()
    smime: SmimeConfig = SmimeConfig()
    rules: RulesConfig = RulesConfig()
    digest: DigestConfig = DigestConfig()
    daemon: DaemonConfig = DaemonConfig()
    logging: LoggingConfig = LoggingConfig()
    metrics: MetricsConfig = MetricsConfig()
    health: HealthConfig = HealthConfig()
    retention: RetentionConfig = RetentionConfig()
    web: WebConfig = WebConfig()
    export: ExportConfig = ExportConfig()
    _source: Path | None = PrivateAttr(default=None)  # the file it was read from (none: the embedded defaults)

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The environment's `MAILBOT_SECTION__KEY` first, then the TOML file (given as init values)."""
        load = CURRENT.get(None) or Load(os.environ)
        return (EnvOverrides(settings_cls, load), init_settings)

    @model_validator(mode="after")
    def _oauth2_tables(self) -> Config:
        """A file that asks for XOAUTH2 gives its table (code and tests may build a section without one)."""
        for name in type(self).model_fields:
            section = getattr(self, name)
            if isinstance(section, ServerConfig):
                _auth_needs_oauth2(name, section.auth, section.oauth2)
        return self

    @model_validator(mode="before")
    @classmethod
    def _secrets_from_environment(cls, data: Any) -> Any:
        """`KEY_env = "NAME"` beside a secret takes the secret from that environment variable."""
        if not isinstance(data, dict):
            return data
        load = CURRENT.get(None) or Load(os.environ)
        return resolve_env(data, cls, (), load.env)

    @property
    def source(self) -> Path | None:
        return self._source

    def read_from(self, path: Path) -> Config:
        """The same configuration, marked as read from that file (`mailbot config check` names it)."""
        out = self.model_copy()
        out._source = path
        return out

    @property
    def database_url(self) -> str:
        return self.database.url

    @property
    def timezone(self) -> str:
        return self.general.timezone

    @property
    def case_ref_prefix(self) -> str:
        return self.general.case_ref_prefix

    @property
    def tz(self) -> tzinfo:
        """The configured zone: the clock, working days, the digest's hour and dates in mails follow it."""
        return ZoneInfo(self.general.timezone)
