"""Wiring: from a Config to a database, a mailbox, a sender and a Runner."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from .clock import use_zone
from .config import Config, OAuth2Config
from .pipeline.runner import Runner
from .store.db import DbCursorStore, DbSecretStore, ledger_keys, make_engine, make_read_engine, migrate
from .store.raw import spool_dir as raw_spool
from .transport.base import Inbox, Sender
from .transport.oauth2 import TokenProvider


@dataclass
class App:
    cfg: Config
    engine: Engine

    @classmethod
    def open(cls, cfg: Config) -> App:
        use_zone(cfg.tz)
        if cfg.signatures.trust_roots:  # before any reader child starts, so each inherits them
            from parsers.documents.signing import configure

            configure(cfg.signatures.trust_roots)
        if cfg.smime.key_file:  # MedCom's S/MIME key, for the reader children likewise
            from parsers.containers.smime import configure as configure_smime

            configure_smime(cfg.smime.key_file, cfg.smime.cert_file, cfg.smime.password.get_secret_value())
        engine = make_engine(cfg.database_url)
        migrate(engine)
        return cls(cfg, engine)

    @classmethod
    def open_read(cls, cfg: Config) -> App:
        """For the read-only commands: the schema is brought up once if it must be (a new embedded
        database), then every read goes through deferred read transactions (`make_read_engine`)."""
        from .store.db import schema_current

        use_zone(cfg.tz)
        if not schema_current(cfg.database_url):
            writer = make_engine(cfg.database_url)
            migrate(writer)
            writer.dispose()
        return cls(cfg, make_read_engine(cfg.database_url))

    def inbox(self) -> tuple[Inbox, str]:
        if self.cfg.mailbox is None:
            from .transport.maildir import MaildirInbox

            return MaildirInbox(self.cfg.local.inbox), "maildir:"
        from .transport.imap import ImapInbox

        mb = self.cfg.mailbox
        token_provider = self._tokens(mb.oauth2, "imap") if mb.auth == "xoauth2" else None
        name = f"{mb.username}@{mb.host}:{mb.port}"
        inbox = ImapInbox(mb, DbCursorStore(self.engine), mailbox_name=name, token_provider=token_provider,
                          known=ledger_keys(self.engine), stream_above=self.cfg.limits.stream_above_bytes,
                          piece_size=self.cfg.limits.fetch_piece_bytes, spool_dir=raw_spool(self.engine))
        return inbox, f"imap:{mb.folder}:"

    def sender(self) -> Sender:
        if self.cfg.smtp is None:
            from .transport.files import FileSender

            return FileSender(self.cfg.local.outbox)
        from .transport.smtp import SmtpSender

        smtp = self.cfg.smtp
        return SmtpSender(smtp, token_provider=self._tokens(smtp.oauth2, "smtp") if smtp.auth == "xoauth2" else None)

    def _tokens(self, oauth2: OAuth2Config | None, purpose: str) -> TokenProvider | None:
        """XOAUTH2 tokens; a rotated refresh token is kept in the database, shared by every daemon."""
        if oauth2 is None:
            return None
        from .transport.oauth2 import make_token_provider

        store = DbSecretStore(self.engine, key=f"oauth2_refresh_token:{purpose}")
        if store.load() is None and oauth2.refresh_token:
            store.save(oauth2.refresh_token.get_secret_value())  # the configured token seeds the store once
        return make_token_provider(oauth2, store)

    def runner(self) -> Runner:
        """The pipeline; a runner that starts first sweeps the mail copies a killed predecessor left."""
        from .spool import sweep

        folder = raw_spool(self.engine)  # None: the system's temporary folder, swept anyway
        swept = sweep(None) + (sweep(folder) if folder is not None else 0)  # reader children's folders are there
        if swept:
            logging.getLogger("mailbot").info("removed %d temporary mail copies left by a stopped process", swept)
        inbox, prefix = self.inbox()
        return Runner(self.cfg, self.engine, inbox, self.sender(), prefix)
