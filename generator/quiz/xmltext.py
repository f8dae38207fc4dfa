"""Text that may go into XML: characters XML 1.0 forbids are dropped (a translation could
carry a stray control character; ElementTree would write it and every reader would fail)."""

from __future__ import annotations

import re

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _INVALID.sub("", text or "")
