"""What an S/MIME signature in a mail is worth, as values: `base.Unwrapped` carries them and `smime.py`
makes them (a module of their own, so neither of those two imports the other)."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class SmimeCheck:
    """What one S/MIME signature is worth: who signed, and whether it holds."""

    kind: str  # "opaque" (the mail in a signed envelope), "clear" (multipart/signed) or "file" (a .p7m)
    signer: str | None = None
    organisation: str | None = None
    cvr: str | None = None
    email: str | None = None
    valid: bool = False  # the content is unchanged and the signer's key made the signature
    trusted: bool = False  # the certificate chains to a configured trust root
    error: str | None = None


@dataclass
class Signed:
    """One S/MIME signature found in a mail, and where: the mail's own (in the mail itself, or in a message
    attached to it: `attached`), or a signed file's (`file`, its name)."""

    check: SmimeCheck
    attached: bool = False
    file: str | None = None

    def public(self) -> dict[str, object]:
        """As the reading holds it (`message.smime`, `message.smime_all`): the check, then where it was."""
        where: dict[str, object] = {"file": self.file} if self.file is not None else {"attached": self.attached}
        return {**asdict(self.check), **where}
