"""The bare baseline: the least work any implementation must do for a backlog.

    python bench/baseline.py HOST PORT USER PASSWORD

Fetches every mail of INBOX with imapclient (BODY.PEEK[] in batches of 50, as the bot does), parses it
with mail-parser and runs one pdfplumber `extract_text` pass over every page of each PDF. No database, no
decisions, no replies. Prints the number of mails and PDFs read.
"""
from __future__ import annotations

import base64
import io
import sys

import mailparser
import pdfplumber
from imapclient import IMAPClient


def main(host: str, port: str, user: str, password: str) -> int:
    mails = pdfs = failed = 0
    with IMAPClient(host, port=int(port), ssl=False) as client:
        client.login(user, password)
        client.select_folder("INBOX", readonly=True)
        uids = client.search(["ALL"])
        for start in range(0, len(uids), 50):
            for data in client.fetch(uids[start:start + 50], ["BODY.PEEK[]"]).values():
                mail = mailparser.parse_from_bytes(data[b"BODY[]"])
                mails += 1
                for att in mail.attachments:
                    if not str(att.get("filename") or "").lower().endswith(".pdf"):
                        continue
                    payload = att["payload"]
                    raw = base64.b64decode(payload) if att.get("binary") else payload.encode()
                    try:
                        with pdfplumber.open(io.BytesIO(raw)) as pdf:
                            for page in pdf.pages:
                                page.extract_text()
                    except Exception:  # noqa: BLE001 - encrypted or broken: the attempt is the work
                        failed += 1
                    pdfs += 1
    print(f"baseline: {mails} mails, {pdfs} PDFs ({failed} unreadable)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
