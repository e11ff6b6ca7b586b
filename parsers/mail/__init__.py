"""Reading one mail: headers, bodies, attachments, machines, language, TDC replies and staff commands."""
from __future__ import annotations

from .commands import read_staff_command
from .reader import read_mail
from .tdc import read_tdc_reply

__all__ = ["read_mail", "read_staff_command", "read_tdc_reply"]
