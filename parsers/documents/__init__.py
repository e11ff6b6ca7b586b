"""Reading one PDF: the page model, the vocabulary, typed values, the kind, and each kind's reader.

`read_pdf` (in `pipeline`) is the one entry point from a PDF's bytes to a document reading.
"""
from __future__ import annotations

from .pipeline import AGREEMENTS, read_pdf, read_pdf_all

__all__ = ["AGREEMENTS", "read_pdf", "read_pdf_all"]
