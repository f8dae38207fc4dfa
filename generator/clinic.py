"""The clinic file: who the reader should call. Printed on page 1 of every leaflet.

```yaml
name: "Riverside Cancer Clinic"
phone: "+1 555 0100"
address: ["12 River Road", "Springfield"]   # optional; text or a list of lines
logo: logo.png                               # optional; PNG or JPEG next to this file
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .content.yamlsafe import LineDict, read_yaml
from .errors import LeafletError

PHONE = re.compile(r"^[0-9+()./ \-]{3,30}$")
MAX_LOGO_BYTES = 2_000_000


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    address: tuple[str, ...] = ()
    logo: Path | None = None


def load_clinic(path: Path) -> Clinic:
    path = Path(path)
    doc = read_yaml(path, what="clinic file")
    if not isinstance(doc, LineDict):
        raise LeafletError("a clinic file must be a mapping with name: and phone:",
                           path=path, line=1)
    unknown = set(doc) - {"name", "phone", "address", "logo"}
    if unknown:
        key = sorted(unknown)[0]
        raise LeafletError(f"unknown key '{key}' in the clinic file", path=path,
                           line=doc.line_of(key), hint="use name, phone, address, logo")
    name = _text(doc, "name", path, 80)
    phone = _text(doc, "phone", path, 30)
    if not PHONE.match(phone):
        raise LeafletError(f"phone {phone!r} has characters a phone number does not have",
                           path=path, line=doc.line_of("phone"),
                           hint="use digits, spaces, + ( ) - . /")
    address = doc.get("address", [])
    if isinstance(address, str):
        address = [address]
    if not isinstance(address, list) or not all(isinstance(a, str) for a in address) \
            or len(address) > 4:
        raise LeafletError("address must be text or a list of up to 4 lines",
                           path=path, line=doc.line_of("address"))
    return Clinic(name=name, phone=phone, address=tuple(_clean(a, 80) for a in address),
                  logo=_logo(doc, path))


def _text(doc: LineDict, key: str, path: Path, limit: int) -> str:
    value = doc.get(key)
    if not isinstance(value, (str, int)) or not str(value).strip():
        raise LeafletError(f"the clinic file needs '{key}:' with text", path=path,
                           line=doc.line_of(key) if key in doc else 1,
                           hint=f"add {key}: \"...\" (in quotes)")
    return _clean(str(value), limit, path, doc.line_of(key))


def _clean(value: str, limit: int, path: Path | None = None, line: int | None = None) -> str:
    value = " ".join(value.split())
    if len(value) > limit or any(ord(c) < 32 for c in value):
        raise LeafletError(f"clinic text {value[:40]!r}... is too long or has control "
                           f"characters (limit {limit})", path=path, line=line)
    return value


def _logo(doc: LineDict, path: Path) -> Path | None:
    if "logo" not in doc:
        return None
    value = doc["logo"]
    logo = (path.parent / str(value)).resolve()
    line = doc.line_of("logo")
    if logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise LeafletError("the logo must be a .png or .jpg file", path=path, line=line)
    if not logo.is_file():
        raise LeafletError(f"logo file {value!r} not found next to the clinic file",
                           path=path, line=line)
    if logo.stat().st_size > MAX_LOGO_BYTES:
        raise LeafletError("the logo file is larger than 2 MB", path=path, line=line,
                           hint="save a smaller PNG")
    with logo.open("rb") as handle:
        head = handle.read(8)
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        raise LeafletError("the logo is not a real PNG or JPEG image", path=path, line=line)
    return logo
