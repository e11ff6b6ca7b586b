"""Configuration: the TOML file and the environment, read by pydantic-settings into typed sections.

`sections.py` declares each section once (keys, defaults, what they mean) and `Config`, the whole file;
`loading.py` reads the file, the environment's `MAILBOT_<SECTION>__<KEY>` overrides and the defaults;
`errors.py` says what is wrong by the key's name, passwords blanked; `show.py` prints the configuration in
force (`mailbot config check`). Callers import from here.
"""
from __future__ import annotations

from .environment import ENV_PREFIX, Table
from .errors import ConfigError, blank_url
from .loading import from_dict, load, read_config
from .sections import (
    DEFAULT_TIMEZONE,
    TEMPLATE_DIR,
    AddressesConfig,
    Config,
    DaemonConfig,
    DatabaseConfig,
    DigestConfig,
    ExportConfig,
    GeneralConfig,
    HealthConfig,
    LimitsConfig,
    LocalConfig,
    LoggingConfig,
    MailboxConfig,
    MetricsConfig,
    OAuth2Config,
    ReminderRuleConfig,
    RemindersConfig,
    RetentionConfig,
    RulesConfig,
    SignaturesConfig,
    SmimeConfig,
    SmtpConfig,
    TrustConfig,
    WebConfig,
    template_languages,
)
from .show import as_toml, effective, secrets_of

__all__ = [
    "DEFAULT_TIMEZONE", "ENV_PREFIX", "TEMPLATE_DIR", "AddressesConfig", "Config", "ConfigError", "DaemonConfig",
    "DatabaseConfig", "DigestConfig", "ExportConfig", "GeneralConfig", "HealthConfig", "LimitsConfig",
    "LocalConfig", "LoggingConfig", "MailboxConfig", "MetricsConfig", "OAuth2Config", "ReminderRuleConfig",
    "RemindersConfig", "RetentionConfig", "RulesConfig", "SignaturesConfig", "SmimeConfig", "SmtpConfig", "Table",
    "TrustConfig", "WebConfig", "as_toml", "blank_url", "effective", "from_dict", "load", "read_config",
    "secrets_of", "template_languages",
]
