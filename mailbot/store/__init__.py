"""Durable storage: the ledger of inbound mail, cases, their timeline, and the outbox."""
