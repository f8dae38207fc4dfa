"""The clinic file: who the reader should call. Printed on page 1 of every leaflet.

```yaml
name: "Riverside Cancer Clinic"
phone: "+1 555 0100"
address: ["12 River Road", "Springfield"]   # optional; text or a list of lines
logo: logo.png                               # optional; PNG or JPEG next to this file
web_url: "https://riverside.example/leaflets/"  # optional; where out/ is published: the
                                             # leaflet prints a QR code to its web edition
```
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.content.yamlsafe import LineDict, read_yaml
from generator.errors import LeafletError
from generator.files import Missing, TooLarge, read_regular

PHONE = re.compile(r"[0-9+()./ \-]{3,30}")
MAX_LOGO_BYTES = 2_000_000
MAX_LOGO_PIXELS = 4000      # per side: a logo is printed about 18 mm high
# Bidi embeddings, overrides and isolates can make printed text differ from the file.
_BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    address: tuple[str, ...] = ()
    logo: Path | None = None
    slug: str = ""      # the folder its leaflets go to: out/<slug>/ (see clinic_slug)
    web_url: str | None = None     # base URL of the published out folder, ending in '/'
    # the logo as printed: decoded and written again as PNG by Pillow (EXIF orientation
    # applied, metadata and anything after the image dropped); see `_reencode`
    logo_png: bytes | None = field(default=None, repr=False)


def load_clinic(path: Path) -> Clinic:
    path = Path(path)
    # every clinic field is text: `phone: 02071234567` is the digits as written, never
    # the octal number YAML 1.1 would make of them, and `name: yes` is "yes"
    doc = read_yaml(path, what="clinic file", scalars="text")
    if not isinstance(doc, LineDict):
        raise LeafletError("a clinic file must be a mapping with name: and phone:",
                           path=path, line=1)
    unknown = set(doc) - {"name", "phone", "address", "logo", "slug", "web_url"}
    if unknown:
        key = sorted(unknown)[0]
        raise LeafletError(f"unknown key '{key}' in the clinic file", path=path,
                           line=doc.line_of(key), hint="use name, phone, address, logo, slug, web_url")
    slug = doc.get("slug", "")
    if "slug" in doc and not (isinstance(slug, str) and SLUG.fullmatch(slug)):
        raise LeafletError(f"slug {slug!r} is not a folder name", path=path,
                           line=doc.line_of("slug"),
                           hint="use lower-case letters, digits and '-', e.g. riverside")
    name = _text(doc, "name", path, 80)
    phone = _text(doc, "phone", path, 30)
    if not PHONE.fullmatch(phone):
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
    logo, logo_png = _logo(doc, path)
    return Clinic(name=name, phone=phone,
                  address=tuple(_clean(a, 80, path, doc.line_of("address")) for a in address),
                  logo=logo, logo_png=logo_png, slug=slug or slug_from_name(name),
                  web_url=_web_url(doc, path))


SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def slug_from_name(name: str) -> str:
    """'Riverside Cancer Clinic' -> 'riverside-cancer-clinic'; a name without Latin
    letters gets 'clinic-' and a short hash of the name, so it is still stable."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    if len(slug) < 3:
        slug = "clinic-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return slug


MAX_URL = 120
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/%]+$")   # no spaces, query, fragment, user info


def check_web_url(value) -> tuple[str | None, str | None]:
    """(problem, None) or (None, the base URL ending in '/')."""
    if not isinstance(value, str) or not value.strip():
        return "must be a web address in quotes", None
    url = value.strip()
    if len(url) > MAX_URL:
        return f"is longer than {MAX_URL} characters: the QR code would be too dense", None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{url!r} must start with https:// (or http://) and a host name", None
    if not _URL_CHARS.fullmatch(url) or "@" in parts.netloc:
        return (f"{url!r} may only hold a host and a path (letters, digits and - . _ ~ / %; "
                "no spaces, '?', '#' or user name; write an international host name in its "
                "xn-- form)"), None
    return None, url if url.endswith("/") else url + "/"


WEB_SUFFIX = ".html"


def web_path(locale: str, topic: str) -> str:
    """Where a leaflet's web edition lives, relative to the out folder (and to a clinic's
    `web_url:`): `<locale>/<topic>.html`. The QR code printed on paper points here."""
    return f"{locale}/{topic}{WEB_SUFFIX}"


def _web_url(doc: LineDict, path: Path) -> str | None:
    if "web_url" not in doc:
        return None
    problem, url = check_web_url(doc["web_url"])
    if problem:
        raise LeafletError(f"web_url {problem}", path=path, line=doc.line_of("web_url"),
                           hint='write the address where out/ is published, like '
                                '"https://riverside.example/leaflets/"')
    return url


def _text(doc: LineDict, key: str, path: Path, limit: int) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LeafletError(f"the clinic file needs '{key}:' with text", path=path,
                           line=doc.line_of(key) if key in doc else 1,
                           hint=f"add {key}: \"...\" (in quotes)")
    return _clean(str(value), limit, path, doc.line_of(key))


def _clean(value: str, limit: int, path: Path | None = None, line: int | None = None) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        raise LeafletError(f"clinic text {value[:40]!r}... is too long (limit {limit} "
                           "characters)", path=path, line=line, hint="shorten it")
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") or char in _BIDI_OVERRIDES:
            raise LeafletError(f"clinic text {value[:40]!r} has the invisible or control "
                               f"character U+{ord(char):04X}", path=path, line=line,
                               hint="retype the text without it")
    return value


def _logo(doc: LineDict, path: Path) -> tuple[Path | None, bytes | None]:
    if "logo" not in doc:
        return None, None
    value = doc["logo"]
    line = doc.line_of("logo")
    if not isinstance(value, str) or not value.strip():
        raise LeafletError("logo must be the name of an image file", path=path, line=line)
    folder = path.parent.resolve()
    logo = (folder / value).resolve()
    if Path(value).is_absolute() or "/" in value or "\\" in value or logo.parent != folder:
        # the clinic file may only point at a picture beside it, never elsewhere on disk
        raise LeafletError(f"logo {value!r} must be a file name in the clinic file's folder",
                           path=path, line=line,
                           hint="copy the image next to the clinic file and give its name")
    if logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise LeafletError("the logo must be a .png or .jpg file", path=path, line=line)
    try:
        data = read_regular(logo, MAX_LOGO_BYTES, what="logo file")
    except Missing:
        raise LeafletError(f"logo file {value!r} not found next to the clinic file",
                           path=path, line=line) from None
    except TooLarge:
        raise LeafletError("the logo file is larger than 2 MB", path=path, line=line,
                           hint="save a smaller PNG") from None
    except LeafletError as exc:
        raise LeafletError(f"logo {value!r}: {exc.message}", path=path, line=line,
                           hint="give the name of a PNG or JPEG file") from None
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise LeafletError("the logo is not a real PNG or JPEG image", path=path, line=line)
    return logo, _reencode(data, path, line)


LOGO_MAX_HEIGHT = 600   # pixels kept: the logo prints at most 18 mm high (850 dpi)


def _reencode(data: bytes, path: Path, line: int) -> bytes:
    """Decode the whole image now (a damaged or gigantic one must not stop a build later)
    and write it again as a PNG: EXIF orientation applied, at most LOGO_MAX_HEIGHT pixels
    high, without metadata (EXIF, XMP, ICC, text chunks) or bytes after the image."""
    from PIL import Image, ImageOps  # noqa: PLC0415 - Pillow loads only for a clinic logo

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.format not in ("PNG", "JPEG"):
                raise LeafletError("the logo is not a real PNG or JPEG image", path=path,
                                   line=line)
            if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
                raise LeafletError(f"the logo is {width} x {height} pixels (limit "
                                   f"{MAX_LOGO_PIXELS} x {MAX_LOGO_PIXELS})", path=path,
                                   line=line, hint="save a smaller image")
            image.load()
            picture = ImageOps.exif_transpose(image)
            if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                alpha = "A" in picture.getbands() or "transparency" in picture.info
                picture = picture.convert("RGBA" if alpha else "RGB")
            if picture.height > LOGO_MAX_HEIGHT:
                size = (max(1, round(picture.width * LOGO_MAX_HEIGHT / picture.height)),
                        LOGO_MAX_HEIGHT)
                picture = picture.resize(size, Image.Resampling.LANCZOS)
            out = io.BytesIO()
            keep = {"transparency": picture.info["transparency"]} \
                if "transparency" in picture.info else {}
            picture.save(out, "PNG", **keep)
            return out.getvalue()
    except LeafletError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for damaged files
        raise LeafletError(f"the logo image cannot be read ({type(exc).__name__}: "
                           f"{str(exc)[:80]})", path=path, line=line,
                           hint="open it in an image editor and save it again as PNG") from None
