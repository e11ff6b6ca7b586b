"""Whether the connecting party signed an agreement, and how each signature in the file was judged.

`judge_signing` is the one call: the reading's content, the pages of this agreement, and the party
named in it; it answers signed or not, on what evidence, with which problems.
"""
from __future__ import annotations

from .judgement import Judgement, judge_signing
from .validation import SignatureCheck, check_all, configure

__all__ = ["Judgement", "SignatureCheck", "check_all", "configure", "judge_signing"]
