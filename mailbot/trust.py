"""What the bot believes about a sender's Authentication-Results, given the [trust] section."""
from __future__ import annotations

from parsers.mail.sender import AuthHeader, auth_verdict

from .config import Config
from .core.readings import Auth, Message


def verdict(cfg: Config, msg: Message) -> str:
    """"pass", "fail" or "none" for the mail's From, counting only [trust] authserv_ids when set."""
    auth = msg.auth or Auth()
    if auth.headers is None:  # a reading stored before the headers were kept: its summary only
        return "fail" if "fail" in (auth.dmarc, auth.dkim) else "none"
    return auth_verdict([AuthHeader.stored(h) for h in auth.headers], msg.sender, cfg.trust.authserv_ids)


def unverified_warning(cfg: Config) -> str | None:
    """The warning the daemon logs once at start when senders cannot be verified."""
    if cfg.trust.authserv_ids:
        return None
    return ("[trust] authserv_ids is not set: senders are not verified (only a DMARC/DKIM fail in "
            "Authentication-Results is noticed); set it to MedCom's receiving servers in production")
