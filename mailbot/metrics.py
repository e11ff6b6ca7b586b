"""The optional Prometheus endpoint (`[metrics] port`): queue sizes and ages read from the database at each
scrape, so every instance reports the same truth, plus this instance's own counters and leadership."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine

from .config import Config
from .logs import where

log = logging.getLogger(__name__)


class _DatabaseCollector(Collector):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        from .ops import health
        from .pipeline.send import TEMPORARY_FAILURES

        yield CounterMetricFamily("mailbot_smtp_temporary_failures", "SMTP temporary failures of this instance "
                                  "(4xx, refused or lost connections, timeouts); each mail is tried again later",
                                  value=TEMPORARY_FAILURES["smtp"])

        try:
            h = health(self.engine)  # deferred read transactions with a short timeout: never waits for a writer
        except Exception as exc:  # noqa: BLE001 - a scrape still answers: the counters and that the database failed
            log.warning("metrics: the database cannot be read: %s", where(exc))
            yield GaugeMetricFamily("mailbot_database_readable", "1 if the last scrape could read the database",
                                    value=0)
            return
        yield GaugeMetricFamily("mailbot_database_readable", "1 if the last scrape could read the database", value=1)
        yield GaugeMetricFamily("mailbot_inbound_unprocessed", "Mails stored but not yet processed",
                                value=h.unprocessed)
        yield GaugeMetricFamily("mailbot_outbox_waiting", "Outgoing mails queued, rendered or sending",
                                value=h.outbox_waiting)
        yield GaugeMetricFamily("mailbot_outbox_needing_person", "Outgoing mails held, failed or uncertain",
                                value=h.outbox_stuck)
        yield GaugeMetricFamily("mailbot_failed_mail", "Inbound mails whose outcome is failed", value=h.failed_mail)
        yield GaugeMetricFamily("mailbot_outbox_stale_sending", "Outgoing mails in the middle of sending for over "
                                "a minute (a stuck or dead sender)", value=h.stale_sending)
        for name, doc, when in (
            ("mailbot_last_fetch_timestamp_seconds", "When mail was last fetched successfully", h.last_fetch),
            ("mailbot_last_send_timestamp_seconds", "When a mail was last sent", h.last_send),
            ("mailbot_oldest_unprocessed_timestamp_seconds", "When the oldest unprocessed mail arrived",
             h.oldest_unprocessed),
            ("mailbot_oldest_unsent_timestamp_seconds", "When the oldest outgoing mail not yet sent was queued",
             h.oldest_unsent),
        ):
            if when is not None:
                yield GaugeMetricFamily(name, doc, value=when.timestamp())


class Metrics:
    def __init__(self, engine: Engine, cfg: Config) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_DatabaseCollector(engine))
        self.leader = Gauge("mailbot_leader", "1 if this instance fetches and schedules", registry=self.registry)
        self.dry_run = Gauge("mailbot_dry_run", "1 if this instance sends nothing", registry=self.registry)
        self.dry_run.set(1 if cfg.daemon.dry_run else 0)
        self.events = Counter("mailbot_events", "Mails fetched and sent, cycles and jobs that failed",
                              ["event"], registry=self.registry)
        self._server: Any = None

    def count(self, what: str, n: int = 1) -> None:
        self.events.labels(what).inc(n)

    def serve(self, host: str, port: int) -> None:
        self._server, _ = start_http_server(port, addr=host, registry=self.registry)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None
