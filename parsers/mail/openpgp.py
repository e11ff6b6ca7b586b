"""Inline PGP in a mail's text (RFC 4880 section 7): a clear-signed text is read as the words the party wrote,
without the armour ("-----BEGIN PGP SIGNED MESSAGE-----", "Hash:", the signature block) and with its dash-escaped
lines restored; an encrypted text is said to be encrypted, for staff. The signature itself is not checked: who
sent the mail is judged by the mail's authentication (mailbot/trust.py), and an OpenPGP key is no evidence of an
organisation as a certificate is."""
from __future__ import annotations

import re

_SIGNED = re.compile(r"-----BEGIN PGP SIGNED MESSAGE-----\r?\n(?:[A-Za-z-]+: [^\n]*\n)*\r?\n(?P<text>.*?)\r?\n"
                     r"-----BEGIN PGP SIGNATURE-----.*?-----END PGP SIGNATURE-----[^\n]*\n?", re.S)
_ENCRYPTED = re.compile(r"-----BEGIN PGP MESSAGE-----.*?(?:-----END PGP MESSAGE-----|\Z)", re.S)


def clear_text(text: str) -> str:
    """The text with every clear-signed block replaced by the text it signs."""
    def signed(m: re.Match[str]) -> str:
        return "\n".join(line[2:] if line.startswith("- ") else line for line in m.group("text").split("\n")) + "\n"

    return _SIGNED.sub(signed, text) if "-----BEGIN PGP SIGNED MESSAGE-----" in text else text


def encrypted(text: str) -> bool:
    """Does the text hold an OpenPGP-encrypted message (inline PGP)?"""
    return "-----BEGIN PGP MESSAGE-----" in text and _ENCRYPTED.search(text) is not None
