"""Configuration from TOML, with secrets also from the environment.

Every error names the key that is wrong, because the person reading it is editing that file.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SECURITY = ("none", "starttls", "ssl")


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names the key."""


@dataclass(frozen=True)
class OAuth2Config:
    """XOAUTH2 for mailboxes where basic authentication is switched off (Microsoft 365, Google)."""

    provider: str = "msal"  # "msal" (client credentials) or "refresh_token"
    tenant: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    refresh_token: str = field(default="", repr=False)
    token_url: str = ""
    scope: str = "https://outlook.office365.com/.default"


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    security: str = "ssl"
    username: str = ""
    password: str = field(default="", repr=False)
    folder: str = "INBOX"
    ca_file: str | None = None
    verify_certificates: bool = True
    auth: str = "password"  # "password" or "xoauth2"
    oauth2: OAuth2Config | None = None
    processed_folder: str = "SDN/Behandlet"
    needs_attention_folder: str = "SDN/Kræver opmærksomhed"
    failed_folder: str = "SDN/Fejlet"
    idle: bool = True
    idle_seconds: int = 1500  # re-issued well before the 29-minute server timeout of RFC 2177
    poll_seconds: int = 60
    batch_size: int = 50
    timeout_seconds: float = 60.0
    outage_notice_minutes: int = 60


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str = "starttls"
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str | None = None
    verify_certificates: bool = True
    timeout_seconds: float = 60.0
    max_attempts: int = 8
    auth: str = "password"  # "password" or "xoauth2"
    oauth2: OAuth2Config | None = None


@dataclass(frozen=True)
class AddressesConfig:
    medcom: str = "sdn@medcom.example"
    medcom_name: str = "MedCom SDN"
    tdc: tuple[str, ...] = ("sdn-levering@tdc-erhverv.example", "tdc-erhverv.example")
    staff: tuple[str, ...] = ("staff@medcom.example",)
    staff_language: str = "da"  # staff notices, the digest and staff's copy of "connected"
    tdc_language: str = "da"  # TDC's orders and reminders

    @property
    def tdc_order(self) -> str:
        """TDC's order mailbox is the first entry that is an address."""
        for entry in self.tdc:
            if "@" in entry:
                return entry
        raise ConfigError("addresses.tdc: no address among the entries (the first is TDC's order mailbox)")


@dataclass(frozen=True)
class RemindersConfig:
    after_working_days: int = 10
    max_reminders: int = 2
    installation_grace_working_days: int = 1


@dataclass(frozen=True)
class LocalConfig:
    inbox: Path = Path("var/inbox")
    outbox: Path = Path("var/outbox")


@dataclass(frozen=True)
class LimitsConfig:
    max_mail_bytes: int = 25_000_000
    parse_timeout_seconds: float = 60.0
    max_automatic_mails_per_recipient_per_day: int = 10


@dataclass(frozen=True)
class DaemonConfig:
    """How `mailbot run` schedules its jobs; see deploy/README.md."""

    dry_run: bool = False  # process and record, send nothing (outgoing mail ends as status dry_run)
    poll_seconds: int = 10  # the fetch interval for the local Maildir (IMAP: [mailbox] poll_seconds)
    leader_check_seconds: int = 10  # how soon another instance takes over when the leader dies
    send_seconds: int = 30  # every instance sends from the outbox this often
    tick_minutes: int = 15  # reminders and deadlines (leader only)
    housekeeping_minutes: int = 60  # retention purge (leader only)
    stop_timeout_seconds: float = 30.0  # on SIGTERM, wait this long for the job in hand, then abandon it


@dataclass(frozen=True)
class LoggingConfig:
    format: str = "text"  # "text" or "json" (one object per line, for journald / log shippers)
    level: str = "INFO"


@dataclass(frozen=True)
class MetricsConfig:
    port: int = 0  # 0: no Prometheus endpoint
    host: str = "127.0.0.1"  # loopback unless a scraper elsewhere needs it


@dataclass(frozen=True)
class WebConfig:
    """`mailbot web`, the staff view: where it listens, and the address people reach it by."""

    bind: str = "127.0.0.1"
    port: int = 8025
    base_url: str | None = None  # e.g. "https://sdn-bot.medcom.dk": sign-in links; https makes cookies Secure
    # a header set by MedCom's single sign-on proxy in front of it, naming the signed-in staff address;
    # only honoured when the request comes from loopback (the proxy), and only for configured staff
    trusted_proxy_header: str | None = None
    session_hours: int = 8

    @property
    def secure(self) -> bool:
        return bool(self.base_url and self.base_url.startswith("https://"))


def _web(t: dict[str, Any]) -> WebConfig:
    base_url = _get(t, "base_url", "web", str, None)
    if base_url is not None and not re.match(r"^https?://[^/\s]+", base_url):
        raise ConfigError(f"web.base_url: {base_url!r} is not an http(s) URL")
    header = _get(t, "trusted_proxy_header", "web", str, None)
    if header is not None and not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ConfigError(f"web.trusted_proxy_header: {header!r} is not a header name")
    return WebConfig(bind=_get(t, "bind", "web", str, "127.0.0.1"), port=_port(t, "web", 8025),
                     base_url=base_url.rstrip("/") if base_url else None,
                     trusted_proxy_header=header.lower() if header else None,
                     session_hours=_positive(t, "session_hours", "web", int, 8))


@dataclass(frozen=True)
class HealthConfig:
    """`mailbot health` reports a problem when any of these is exceeded."""

    max_fetch_age_minutes: int = 15  # no successful fetch for this long
    max_unprocessed_age_minutes: int = 30  # the oldest mail not yet processed
    max_outbox_queue: int = 100  # outgoing mail waiting to be sent
    max_stuck_outbound: int = 0  # outgoing mail held, failed or uncertain (waiting for a person)
    max_unsent_age_minutes: int = 30  # the oldest outgoing mail not yet sent (SMTP down must not look healthy)
    max_send_age_minutes: int = 0  # no successful send for this long (0: off; a quiet week sends nothing)


@dataclass(frozen=True)
class RetentionConfig:
    raw_mail_days: int = 0  # purge raw mail and document bytes older than this (0: keep for ever)


@dataclass(frozen=True)
class TrustConfig:
    require_dmarc_pass: bool = True  # a DMARC/DKIM "fail" in Authentication-Results makes a mail untrusted
    # MedCom's own receiving servers: only their Authentication-Results count, and staff commands and TDC
    # dates then need a DMARC (or aligned DKIM) pass from them. Empty (the embedded default): a fail in
    # any Authentication-Results makes a mail untrusted, and senders are not verified
    authserv_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RulesConfig:
    """The rules of domain.md as data, so MedCom can change them without a release."""

    pre_approved: tuple[str, ...] = (
        "region", "municipality", "public_hospital", "private_hospital", "practitioner",
        "pharmacy", "laboratory", "it_supplier",
    )
    steering_group: tuple[str, ...] = ("foreign",)
    # party type -> umbrellas whose agreement with MedCom replaces the party's own connection
    # agreement; "*" means any named medical-system provider
    exemptions: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("municipality", ("KMD",)),
        ("practitioner", ("*",)),
    )
    exempt_still_sign_dpa: bool = True
    # data processors sign the sub-data processor agreement; everyone else the data processor agreement
    sub_processor_party_types: tuple[str, ...] = ("it_supplier",)


@dataclass(frozen=True)
class DigestConfig:
    hour: int = 7  # local Danish time the daily digest goes out: [digest] time = "07:30" (or the older hour = 7)
    minute: int = 0
    enabled: bool = True
    working_days_only: bool = True  # staff read it on Danish working days; weekend news waits for Monday

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class SignaturesConfig:
    # PEM files of the roots a signing certificate must chain to for a signature to be `verified`
    # (the MitID Erhverv/OCES roots, as MedCom names them); without any, valid signatures are unverified
    trust_roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    database_url: str
    addresses: AddressesConfig
    local: LocalConfig
    reminders: RemindersConfig = RemindersConfig()
    limits: LimitsConfig = LimitsConfig()
    trust: TrustConfig = TrustConfig()
    rules: RulesConfig = RulesConfig()
    digest: DigestConfig = DigestConfig()
    mailbox: MailboxConfig | None = None
    smtp: SmtpConfig | None = None
    timezone: str = "Europe/Copenhagen"
    case_ref_prefix: str = "SDN"
    source: Path | None = None
    daemon: DaemonConfig = DaemonConfig()
    signatures: SignaturesConfig = SignaturesConfig()
    logging: LoggingConfig = LoggingConfig()
    metrics: MetricsConfig = MetricsConfig()
    health: HealthConfig = HealthConfig()
    retention: RetentionConfig = RetentionConfig()
    web: WebConfig = WebConfig()


def _get(table: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...], default: Any) -> Any:
    if key not in table:
        return default
    value = table[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"{where}.{key}: expected {name}, got {value!r}")
    return value


def _digest(dg: dict[str, Any]) -> DigestConfig:
    """``time = "HH:MM"`` is the setting; the older ``hour = H`` still works (not both at once)."""
    if "time" in dg and "hour" in dg:
        raise ConfigError("digest: give either time or hour, not both")
    hour, minute = _get(dg, "hour", "digest", int, 7), 0
    if "time" in dg:
        text = _get(dg, "time", "digest", str, "07:00").strip()
        m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
        if not m:
            raise ConfigError(f"digest.time: expected HH:MM (Danish time), got {text!r}")
        hour, minute = int(m.group(1)), int(m.group(2))
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ConfigError(f"digest.time: {text!r} is not a time of day")
    elif not 0 <= hour <= 23:
        raise ConfigError("digest.hour: must be 0..23")
    return DigestConfig(hour=hour, minute=minute, enabled=_get(dg, "enabled", "digest", bool, True),
                        working_days_only=_get(dg, "working_days_only", "digest", bool, True))


def _secret(table: dict[str, Any], key: str, where: str, env: dict[str, str]) -> str:
    """A secret is given inline or, better, by naming an environment variable (KEY_env)."""
    env_key = f"{key}_env"
    if env_key in table:
        name = _get(table, env_key, where, str, "")
        if name not in env:
            raise ConfigError(f"{where}.{env_key}: environment variable {name} is not set")
        return env[name]
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"{where}.{key}: expected a string (the value is not shown: it is a secret)")
    return value


def _str_list(table: dict[str, Any], key: str, where: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = table.get(key, list(default))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}.{key}: expected a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _security(table: dict[str, Any], where: str, default: str) -> str:
    value = _get(table, "security", where, str, default)
    if value not in SECURITY:
        raise ConfigError(f"{where}.security: must be one of {', '.join(SECURITY)}, got {value!r}")
    return str(value)


def _port(table: dict[str, Any], where: str, default: int | None) -> int:
    if "port" not in table and default is None:
        raise ConfigError(f"{where}.port: missing")
    port = _get(table, "port", where, int, default)
    if not 0 < port < 65536:
        raise ConfigError(f"{where}.port: {port} is not a TCP port")
    return int(port)


def _host(table: dict[str, Any], where: str) -> str:
    host = _get(table, "host", where, str, "")
    if not host:
        raise ConfigError(f"{where}.host: missing")
    return str(host)


def _auth(t: dict[str, Any], w: str, env: dict[str, str]) -> tuple[str, OAuth2Config | None]:
    """Password login, or XOAUTH2 where basic authentication is switched off (Microsoft 365, Google)."""
    auth = _get(t, "auth", w, str, "password")
    if auth not in ("password", "xoauth2"):
        raise ConfigError(f"{w}.auth: must be password or xoauth2, got {auth!r}")
    if auth != "xoauth2":
        return auth, None
    o = t.get("oauth2")
    if not isinstance(o, dict):
        raise ConfigError(f"{w}.oauth2: a table is needed when {w}.auth = \"xoauth2\"")
    ow = f"{w}.oauth2"
    provider = _get(o, "provider", ow, str, "msal")
    if provider not in ("msal", "refresh_token"):
        raise ConfigError(f"{ow}.provider: must be msal or refresh_token, got {provider!r}")
    oauth2 = OAuth2Config(
        provider=provider,
        tenant=_get(o, "tenant", ow, str, ""),
        client_id=_get(o, "client_id", ow, str, ""),
        client_secret=_secret(o, "client_secret", ow, env),
        refresh_token=_secret(o, "refresh_token", ow, env),
        token_url=_get(o, "token_url", ow, str, ""),
        scope=_get(o, "scope", ow, str, OAuth2Config.scope),
    )
    if not oauth2.client_id:
        raise ConfigError(f"{ow}.client_id: missing")
    return auth, oauth2


def _mailbox(t: dict[str, Any], env: dict[str, str]) -> MailboxConfig:
    w = "mailbox"
    security = _security(t, w, "ssl")
    auth, oauth2 = _auth(t, w, env)
    return MailboxConfig(
        host=_host(t, w),
        port=_port(t, w, {"ssl": 993}.get(security, 143)),
        security=security,
        username=_get(t, "username", w, str, ""),
        password=_secret(t, "password", w, env),
        folder=_get(t, "folder", w, str, "INBOX"),
        ca_file=_get(t, "ca_file", w, str, None) or None,
        verify_certificates=_get(t, "verify_certificates", w, bool, True),
        auth=auth,
        oauth2=oauth2,
        processed_folder=_get(t, "processed_folder", w, str, MailboxConfig.processed_folder),
        needs_attention_folder=_get(t, "needs_attention_folder", w, str, MailboxConfig.needs_attention_folder),
        failed_folder=_get(t, "failed_folder", w, str, MailboxConfig.failed_folder),
        idle=_get(t, "idle", w, bool, True),
        idle_seconds=_get(t, "idle_seconds", w, int, MailboxConfig.idle_seconds),
        poll_seconds=_get(t, "poll_seconds", w, int, MailboxConfig.poll_seconds),
        batch_size=_get(t, "batch_size", w, int, MailboxConfig.batch_size),
        timeout_seconds=_get(t, "timeout_seconds", w, float, MailboxConfig.timeout_seconds),
        outage_notice_minutes=_get(t, "outage_notice_minutes", w, int, MailboxConfig.outage_notice_minutes),
    )


def _smtp(t: dict[str, Any], env: dict[str, str]) -> SmtpConfig:
    w = "smtp"
    security = _security(t, w, "starttls")
    auth, oauth2 = _auth(t, w, env)
    return SmtpConfig(
        auth=auth,
        oauth2=oauth2,
        host=_host(t, w),
        port=_port(t, w, {"ssl": 465}.get(security, 587)),
        security=security,
        username=_get(t, "username", w, str, ""),
        password=_secret(t, "password", w, env),
        ca_file=_get(t, "ca_file", w, str, None) or None,
        verify_certificates=_get(t, "verify_certificates", w, bool, True),
        timeout_seconds=_get(t, "timeout_seconds", w, float, SmtpConfig.timeout_seconds),
        max_attempts=_get(t, "max_attempts", w, int, SmtpConfig.max_attempts),
    )


def _exemptions(
    ru: dict[str, Any], default: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = ru.get("exemptions")
    if table is None:
        return default
    if not isinstance(table, dict):
        raise ConfigError("rules.exemptions: expected a table of party type = [umbrellas]")
    return tuple(
        (str(k), _str_list(table, k, "rules.exemptions", ())) for k in table
    )


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a table [{key}]")
    return value


def _positive(table: dict[str, Any], key: str, where: str, kind: type, default: Any, minimum: int = 1) -> Any:
    value = _get(table, key, where, kind, default)
    if value < minimum:
        raise ConfigError(f"{where}.{key}: must be at least {minimum}, got {value!r}")
    return value


def _operations(data: dict[str, Any]) -> dict[str, Any]:
    """The daemon's own sections: [daemon], [logging], [metrics], [health], [retention]."""
    dm, lg, me, he, re_ = (_table(data, k) for k in ("daemon", "logging", "metrics", "health", "retention"))
    d = DaemonConfig
    daemon = DaemonConfig(
        dry_run=_get(dm, "dry_run", "daemon", bool, False),
        poll_seconds=_positive(dm, "poll_seconds", "daemon", int, d.poll_seconds),
        leader_check_seconds=_positive(dm, "leader_check_seconds", "daemon", int, d.leader_check_seconds),
        send_seconds=_positive(dm, "send_seconds", "daemon", int, d.send_seconds),
        tick_minutes=_positive(dm, "tick_minutes", "daemon", int, d.tick_minutes),
        housekeeping_minutes=_positive(dm, "housekeeping_minutes", "daemon", int, d.housekeeping_minutes),
        stop_timeout_seconds=_positive(dm, "stop_timeout_seconds", "daemon", float, d.stop_timeout_seconds, 0),
    )
    fmt = _get(lg, "format", "logging", str, "text")
    if fmt not in ("text", "json"):
        raise ConfigError(f"logging.format: must be text or json, got {fmt!r}")
    level = _get(lg, "level", "logging", str, "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigError(f"logging.level: must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {level!r}")
    port = _positive(me, "port", "metrics", int, 0, 0)
    if port > 65535:
        raise ConfigError(f"metrics.port: {port} is not a TCP port")
    h = HealthConfig
    return {
        "daemon": daemon,
        "logging": LoggingConfig(format=fmt, level=level),
        "metrics": MetricsConfig(port=port, host=_get(me, "host", "metrics", str, "127.0.0.1")),
        "health": HealthConfig(
            max_fetch_age_minutes=_positive(he, "max_fetch_age_minutes", "health", int, h.max_fetch_age_minutes),
            max_unprocessed_age_minutes=_positive(he, "max_unprocessed_age_minutes", "health", int,
                                                  h.max_unprocessed_age_minutes),
            max_outbox_queue=_positive(he, "max_outbox_queue", "health", int, h.max_outbox_queue),
            max_stuck_outbound=_positive(he, "max_stuck_outbound", "health", int, h.max_stuck_outbound, 0),
            max_unsent_age_minutes=_positive(he, "max_unsent_age_minutes", "health", int, h.max_unsent_age_minutes),
            max_send_age_minutes=_positive(he, "max_send_age_minutes", "health", int, h.max_send_age_minutes, 0),
        ),
        "retention": RetentionConfig(raw_mail_days=_positive(re_, "raw_mail_days", "retention", int, 0, 0)),
    }


def secrets_of(cfg: Config) -> list[str]:
    """Every secret the configuration holds, so the log filter can blank them wherever they turn up."""
    found: list[str] = []
    for part in (cfg.mailbox, cfg.smtp):
        if part is None:
            continue
        found.append(part.password)
        if part.oauth2 is not None:
            found += [part.oauth2.client_secret, part.oauth2.refresh_token]
    if "://" in cfg.database_url:
        from sqlalchemy.engine import make_url

        try:
            found.append(make_url(cfg.database_url).password or "")
        except Exception:  # noqa: BLE001 - an odd URL: the engine will say so
            pass
    return [s for s in found if s and len(s) >= 3]


def blank_url(url: str) -> str:
    """A URL fit for an error message: whatever stands before its last "@" (user and password) blanked."""
    url = re.sub(r"(?i)(password=)[^&]*", r"\1***", url)
    if "@" not in url:
        return url
    head, tail = url.rsplit("@", 1)
    scheme = head.split("://", 1)[0] + "://" if "://" in head else ""
    return f"{scheme}***@{tail}"


def from_dict(data: dict[str, Any], base: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Build a Config; relative paths are taken from the config file's folder."""
    env = dict(os.environ) if env is None else env
    base = base or Path.cwd()

    def path(value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    a = _table(data, "addresses")
    medcom = _get(a, "medcom", "addresses", str, AddressesConfig.medcom)
    if "@" not in medcom:
        raise ConfigError(f"addresses.medcom: {medcom!r} is not an e-mail address")
    addresses = AddressesConfig(
        medcom=medcom.lower(),
        medcom_name=_get(a, "medcom_name", "addresses", str, AddressesConfig.medcom_name),
        tdc=tuple(x.lower() for x in _str_list(a, "tdc", "addresses", AddressesConfig.tdc)),
        staff=tuple(x.lower() for x in _str_list(a, "staff", "addresses", AddressesConfig.staff)),
        staff_language=_get(a, "staff_language", "addresses", str, AddressesConfig.staff_language).strip().lower(),
        tdc_language=_get(a, "tdc_language", "addresses", str, AddressesConfig.tdc_language).strip().lower(),
    )
    addresses.tdc_order  # noqa: B018 - validates that TDC has an order mailbox

    d = _table(data, "database")
    url = _get(d, "url", "database", str, "sqlite:///var/mailbot.db")
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        url = "sqlite:///" + str(path(url[len("sqlite:///"):]))
    if "://" not in url:
        raise ConfigError(f"database.url: {blank_url(url)!r} is not an SQLAlchemy URL")
    d_env = d.get("url_env")
    if isinstance(d_env, str):
        if d_env not in env:
            raise ConfigError(f"database.url_env: environment variable {d_env} is not set")
        url = env[d_env]

    loc = _table(data, "local")
    local = LocalConfig(
        inbox=path(_get(loc, "inbox", "local", str, "var/inbox")),
        outbox=path(_get(loc, "outbox", "local", str, "var/outbox")),
    )
    r = _table(data, "reminders")
    reminders = RemindersConfig(
        after_working_days=_get(r, "after_working_days", "reminders", int, 10),
        max_reminders=_get(r, "max_reminders", "reminders", int, 2),
        installation_grace_working_days=_get(r, "installation_grace_working_days", "reminders", int, 1),
    )
    if reminders.after_working_days < 1:
        raise ConfigError("reminders.after_working_days: must be at least 1")
    if reminders.max_reminders < 0:
        raise ConfigError("reminders.max_reminders: must not be negative")
    li = _table(data, "limits")
    limits = LimitsConfig(
        max_mail_bytes=_get(li, "max_mail_bytes", "limits", int, LimitsConfig.max_mail_bytes),
        parse_timeout_seconds=_get(li, "parse_timeout_seconds", "limits", float,
                                   LimitsConfig.parse_timeout_seconds),
        max_automatic_mails_per_recipient_per_day=_get(
            li, "max_automatic_mails_per_recipient_per_day", "limits", int,
            LimitsConfig.max_automatic_mails_per_recipient_per_day),
    )
    tr = _table(data, "trust")
    trust = TrustConfig(require_dmarc_pass=_get(tr, "require_dmarc_pass", "trust", bool, True),
                        authserv_ids=tuple(x.strip().lower() for x in _str_list(tr, "authserv_ids", "trust", ())))
    operations = _operations(data)
    ru = _table(data, "rules")
    defaults = RulesConfig()
    rules = RulesConfig(
        pre_approved=_str_list(ru, "pre_approved", "rules", defaults.pre_approved),
        steering_group=_str_list(ru, "steering_group", "rules", defaults.steering_group),
        exemptions=_exemptions(ru, defaults.exemptions),
        exempt_still_sign_dpa=_get(ru, "exempt_still_sign_dpa", "rules", bool, True),
        sub_processor_party_types=_str_list(ru, "sub_processor_party_types", "rules",
                                            defaults.sub_processor_party_types),
    )
    dg = _table(data, "digest")
    digest = _digest(dg)
    sg = _table(data, "signatures")
    roots = tuple(str(path(r)) for r in _str_list(sg, "trust_roots", "signatures", ()))
    for root in roots:
        if not Path(root).is_file():
            raise ConfigError(f"signatures.trust_roots: {root} is not a file")
    g = _table(data, "general")
    return Config(
        database_url=url,
        addresses=addresses,
        local=local,
        reminders=reminders,
        limits=limits,
        trust=trust,
        rules=rules,
        digest=digest,
        mailbox=_mailbox(_table(data, "mailbox"), env) if "mailbox" in data else None,
        smtp=_smtp(_table(data, "smtp"), env) if "smtp" in data else None,
        timezone=_get(g, "timezone", "general", str, "Europe/Copenhagen"),
        case_ref_prefix=_get(g, "case_ref_prefix", "general", str, "SDN"),
        web=_web(_table(data, "web")),
        signatures=SignaturesConfig(trust_roots=roots),
        **operations,
    )


def load(path: Path | None, env: dict[str, str] | None = None) -> Config:
    """Load a config file; with no file, the embedded defaults (SQLite, Maildir, .eml outbox under ./var)."""
    if path is None:
        return from_dict({}, Path.cwd(), env)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: {exc}") from exc
    cfg = from_dict(data, path.resolve().parent, env)
    return Config(**{**cfg.__dict__, "source": path})
