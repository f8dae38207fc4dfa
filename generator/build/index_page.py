"""out/index.html: a static page that lists what a build wrote, by language.

`leaflets build` writes it at the end of every build, from the files that are really in the
out folder, checked against the build manifest: a file whose job failed in the last build is
not listed (the file on disk is an older one), a file changed on disk or made from content or
catalogs that changed since is labelled "out of date", and a leaflet printed with English
for strings not yet translated (--allow-fallback) is labelled so. Branded builds
(out/<clinic-slug>/, marked by its clinic.json) are listed in a group per clinic.
It is one self-contained HTML file with relative links, so the folder can be copied to a USB
stick or a shared drive and used offline by clicking; the layout is one column on a phone.
Each language's block carries its own `lang` and `dir`; the page's own words are English.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from generator.build.cache import FileHashes, file_digest, read_records
from generator.build.jobs import parse_output
from generator.build.project import SAFE_NAME, Project
from generator.content.clinic import WEB_SUFFIX, web_path
from generator.content.review import content_state
from generator.errors import LeafletError
from generator.files import read_json, write_atomic
from generator.layout.paper import PAPERS
from generator.layout.sheets import editions as known_editions
from generator.localize.catalogs import SOURCE_LOCALE
from generator.localize.codes import bcp47
from generator.localize.completeness import missing_texts, missing_ui
from generator.localize.numbers import locale_for, native_name
from generator.localize.pseudo import formatting_locale, is_pseudo
from generator.localize.review import changed_strings_label, topic_review

INDEX_NAME = "index.html"
CLINIC_MARKER = "clinic.json"   # written by leaflets build --clinic in out/<slug>/
EDITION_LABELS = {"standard": "Standard", "large-print": "Large print",
                  "bilingual": "Bilingual"}

@dataclass(frozen=True)
class Entry:
    """One PDF in the out folder."""

    locale: str
    topic: str
    kind: str           # leaflet | quiz | key
    paper: str
    path: str           # relative to the out folder, with '/' separators
    edition: str = "standard"
    partner: str = ""   # bilingual: the second language
    version: str = ""   # quiz and key
    clinic: str = ""    # the clinic folder (slug) of a branded build, "" for plain ones
    stale: str = ""     # why it no longer matches its last build ("" when it does)


@dataclass
class LocaleInfo:
    code: str
    name: str           # in the language itself
    english: str
    lang: str           # BCP 47 tag for the lang attribute
    rtl: bool
    state: str          # source | reviewed | draft | pseudo
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # topic -> (text, lang)
    fallback: set[str] = field(default_factory=set)   # topics printed with English fallback
    notes: dict[str, str] = field(default_factory=dict)   # topic -> review notes (html)


# ------------------------------------------------------------------------- scanning

def scan(out_dir: Path, topics: list[str], project: Project | None = None) -> list[Entry]:
    """Every PDF under out_dir whose name a build gives, in a stable order: the plain
    build's, then each clinic folder's. With `project`, checked against the manifests:
    outputs whose job failed in the last build are left out, out-of-date ones marked."""
    out_dir = Path(out_dir)
    entries = _scan_folder(out_dir, topics, "", project)
    for slug in clinic_folders(out_dir):
        entries += _scan_folder(out_dir / slug, topics, slug, project)
    return entries


def clinic_folders(out_dir: Path) -> dict[str, str]:
    """slug -> clinic name, for every out/<slug>/ a branded build made (clinic.json)."""
    found = {}
    for folder in sorted(p for p in Path(out_dir).iterdir() if p.is_dir()) \
            if Path(out_dir).is_dir() else []:
        marker = folder / CLINIC_MARKER
        if not SAFE_NAME.fullmatch(folder.name) or not marker.is_file():
            continue
        name = read_json(marker, "leaflet file").get("name")
        found[folder.name] = name if isinstance(name, str) and name else folder.name
    return found


def _scan_folder(folder: Path, topics: list[str], clinic: str,
                 project: Project | None) -> list[Entry]:
    entries = []
    editions = known_editions()
    prefix = f"{clinic}/" if clinic else ""
    state = _BuildState(folder, project) if project is not None else None
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        locale = sub.name
        if not SAFE_NAME.fullmatch(locale) or (sub / CLINIC_MARKER).exists():
            continue
        found = []
        for pdf in [*sorted(sub.glob("*.pdf")), *sorted((sub / "quiz").glob("*.pdf"))]:
            job = parse_output(locale, pdf.relative_to(sub).as_posix(), topics, editions)
            if job is not None and pdf.is_file():
                found.append((pdf, Entry(locale, job.topic, job.kind, job.paper,
                                         f"{locale}/{pdf.relative_to(sub).as_posix()}",
                                         job.edition, job.partner,
                                         job.version if job.kind != "leaflet" else "")))
        for pdf, entry in found:
            # a file whose job failed in the last build is an older one: it stays listed,
            # marked out of date, until its language builds again
            stale = state.staleness(pdf.relative_to(folder).as_posix(), pdf) if state else ""
            entries.append(replace(entry, path=prefix + entry.path, clinic=clinic,
                                   stale=stale))
    return entries


class _BuildState:
    """What the last build in a folder recorded (its .build-manifest.json): per output,
    whether it failed, and whether the file and its inputs are still what it was made from."""

    def __init__(self, folder: Path, project: Project):
        self.root = Path(project.root)
        self.hashes = FileHashes()
        self.outputs, self.failures = read_records(folder)

    def staleness(self, name: str, path: Path) -> str:
        """Why the file no longer matches its last build, or "" when it does (also for files
        the manifest does not know, such as the extra quiz versions `leaflets quiz` writes)."""

        if name in self.failures and name not in self.outputs:
            return "its last build failed"
        entry = self.outputs.get(name)
        if not isinstance(entry, dict):
            return ""
        try:
            if entry.get("size") != path.stat().st_size or \
                    file_digest(path) != entry.get("sha256"):
                return "the file changed since it was made"
        except OSError:
            return "the file changed since it was made"
        inputs = (entry.get("parts") or {}).get("inputs") or {}
        changed = [input_name for input_name, recorded in
                   (inputs.items() if isinstance(inputs, dict) else ())
                   if not input_name.startswith(("fonts/", "("))
                   and self.hashes(self.root / input_name) != recorded]
        return "changed since: " + ", ".join(changed[:3]) if changed else ""


# ------------------------------------------------------------------------- languages

def locale_info(project: Project, code: str, topics: list[str],
                shown: set[str] | None = None) -> LocaleInfo:
    """What the page says about a language. `shown`: the topics it has cards for (None: all);
    the source language needs only their titles, so no other leaflet is loaded for it."""
    pseudo = is_pseudo(code)
    formatting = formatting_locale(code) if pseudo else code
    try:
        loc = locale_for(formatting)
        rtl = loc.character_order == "right-to-left"
        english = loc.get_display_name("en") or code
    except Exception:  # noqa: BLE001 - an odd folder name is listed by its code
        rtl, english = False, code
    lang = bcp47(code)
    name = native_name(formatting) if not pseudo else lang
    if pseudo:
        english = f"pseudo-locale ({english})"
    info = LocaleInfo(code, name, english, lang, rtl, "source")
    for topic in topics:
        if code == SOURCE_LOCALE:
            if shown is None or topic in shown:
                info.titles[topic] = (project.leaflet(topic).title.source, "en")
            continue
        title = project.leaflet(topic).title
        try:
            translations = project.translations(topic, code)
        except LeafletError:   # a catalog broken since its PDFs were made: list them as drafts
            info.titles[topic] = (title.source, "en")
            info.state = "draft"
            continue
        found = translations.get(topic, title.context, title.source)
        info.titles[topic] = (found, lang) if found else (title.source, "en")
        if not pseudo and _has_fallback(project, topic, translations):
            info.fallback.add(topic)
        if pseudo:
            info.state = "pseudo"
        elif info.state != "draft":
            try:
                draft = topic_review(project, topic, code, translations).draft
            except LeafletError:   # a ledger broken since the build
                draft = True
            info.state = "draft" if draft else "reviewed"
    return info


def _has_fallback(project: Project, topic: str, translations) -> bool:
    """Whether a leaflet of `topic` printed now would show English for missing strings
    (it can only exist if it was built with --allow-fallback)."""

    try:
        leaflet = project.leaflet(topic)
        return bool(missing_texts(leaflet.id, leaflet.texts(), translations)
                    or missing_ui(translations))
    except LeafletError:
        return False


def add_review_notes(project: Project, out_dir: Path, entries: list[Entry],
                     infos: dict[str, LocaleInfo]) -> None:
    """Per language and topic: the strings changed since their review (by name), and the
    PDFs made before their English, translation or review changed ("out of date")."""

    for entry in entries:
        info = infos.get(entry.locale)
        if info is None or entry.topic in info.notes:
            continue
        notes = []
        try:
            label = changed_strings_label(project, entry.locale, entry.topic) \
                if info.state not in ("source", "pseudo") else ""
        except LeafletError:   # a catalog or ledger broken since the build: no label
            label = ""
        if label:
            notes.append(f'<p class="changed" lang="en" dir="ltr">{_e(label)} '
                         "(printed as a draft until reviewed again)</p>")
        old = [e for e in entries if e.locale == entry.locale and e.topic == entry.topic
               and e.stale]
        if old:
            files = ", ".join(_e(Path(e.path).name) for e in old)
            notes.append(f'<p class="changed" lang="en" dir="ltr">Out of date: {files} '
                         f"({_e(old[0].stale)}); build {_e(entry.locale)} again</p>")
        info.notes[entry.topic] = "".join(notes)


STATE_LABELS = {"source": "original (English)", "reviewed": "reviewed translation",
                "draft": "draft translation, not yet reviewed", "pseudo": "layout test only"}


def write_index(project: Project, out_dir: Path) -> Path | None:
    """Write out_dir/index.html atomically; None when the out folder does not exist."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    topics = project.topics()
    entries = scan(out_dir, topics, project)
    clinics = clinic_folders(out_dir)
    web = {slug: web_editions(out_dir / slug if slug else out_dir, topics)
           for slug in ["", *clinics]}
    codes = _ordered({e.locale for e in entries} | {e.partner for e in entries if e.partner}
                     | {locale for found in web.values() for locale, _topic in found},
                     project.locales())
    shown: dict[str, set[str]] = {}
    for locale, topic in [(e.locale, e.topic) for e in entries] + \
            [pair for found in web.values() for pair in found]:
        shown.setdefault(locale, set()).add(topic)
    infos = {code: locale_info(project, code, topics, shown.get(code, set()))
             for code in codes}
    add_review_notes(project, out_dir, entries, infos)
    path = out_dir / INDEX_NAME
    write_atomic(path, render_page(project, entries, infos, clinics, web).encode("utf-8"))
    return path


def _ordered(codes: set[str], known: list[str]) -> list[str]:
    first = [code for code in known if code in codes]
    return first + sorted(codes - set(first))


def render_page(project: Project, entries: list[Entry], infos: dict[str, LocaleInfo],
                clinics: dict[str, str] | None = None,
                web: dict[str, frozenset] | None = None) -> str:
    clinics, web = clinics or {}, web or {}
    groups = [("", [e for e in entries if not e.clinic])] + \
        [(slug, [e for e in entries if e.clinic == slug]) for slug in clinics]
    groups = [(slug, chosen) for slug, chosen in groups if chosen or web.get(slug)]
    branded = any(slug for slug, _ in groups)
    navs, blocks = [], []
    for slug, chosen in groups:
        by_locale: dict[str, list[Entry]] = {}
        for entry in chosen:
            by_locale.setdefault(entry.locale, []).append(entry)
        pages = web.get(slug, frozenset())   # (locale, topic) of its web editions
        locales = [code for code in infos
                   if code in by_locale or any(locale == code for locale, _topic in pages)]
        anchor = f"{slug}-" if slug else ""
        nav = "".join(
            f'<li><a href="#lang-{_e(anchor + code)}" lang="{_e(infos[code].lang)}" '
            f'dir="{_dir(infos[code])}">{_e(infos[code].name)}</a></li>' for code in locales)
        sections = "".join(_section(project, infos[code], by_locale.get(code, []), infos,
                                    anchor=anchor, level=3 if branded else 2, web=pages,
                                    prefix=f"{slug}/" if slug else "")
                           for code in locales)
        if not branded:
            navs.append(f'<nav aria-label="Languages"><ul class="langs">{nav}</ul></nav>')
            blocks.append(sections)
            continue
        title = (f"For {_e(clinics[slug])} (with the clinic's details)" if slug
                 else "Without clinic details")
        gid = f"clinic-{slug}" if slug else "plain"
        navs.append(f'<p class="group"><a href="#{_e(gid)}">{title}</a></p>'
                    f'<nav aria-label="Languages: {title}"><ul class="langs">{nav}</ul></nav>')
        blocks.append(f'<div class="clinic" id="{_e(gid)}"><h2>{title}</h2>{sections}</div>')
    count = len(entries)
    languages = len({e.locale for e in entries})
    empty = "" if entries else "<p>No PDF files yet: run <code>leaflets build</code>.</p>"
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Patient leaflets and quizzes</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Patient leaflets and quizzes</h1>
<p class="lead">{count} PDF file{'s' if count != 1 else ''} in {languages} \
language{'s' if languages != 1 else ''}. Pick a language, then a file to open or print.</p>
{"".join(navs)}
</header>
<main>
{empty}{"".join(blocks)}
</main>
<footer><p>Made by <code>leaflets build</code>. A clinical draft has not yet been reviewed
by a clinician, and a draft translation has not yet been reviewed by a qualified translator;
their PDFs say so on every page. A file marked <em>out of date</em> was made from content,
translations or review records that changed since: run <code>leaflets build</code> again.</p>
</footer>
</body>
</html>
"""


def _section(project: Project, info: LocaleInfo, entries: list[Entry],
             infos: dict[str, LocaleInfo], anchor: str = "", level: int = 2,
             web: frozenset = frozenset(), prefix: str = "") -> str:
    topics = list(dict.fromkeys([e.topic for e in entries]
                                + sorted(t for locale, t in web if locale == info.code)))
    cards = []
    for topic in topics:
        mine = [e for e in entries if e.topic == topic]
        title, title_lang = info.titles.get(topic, (topic, "en"))
        groups = [_web_row(info.code, topic, prefix)] if (info.code, topic) in web else []
        for label, chosen in _groups(mine, infos):
            links = "".join(
                f'<li><a class="pdf" href="{_href(e.path)}" type="application/pdf">'
                f'{_e(PAPERS[e.paper].label)}</a>'
                + ('<span class="stale">out of date</span>' if e.stale else "")
                + '</li>' for e in chosen)
            if topic in info.fallback and any(e.kind == "leaflet" and not e.stale
                                              for e in chosen):
                label += (' <span class="fallback">(some text in English: not yet '
                          'translated)</span>')
            groups.append(f'<div class="row" lang="en" dir="ltr"><span class="what">'
                          f'{label}</span><ul class="files">{links}</ul></div>')
        heading_dir = "rtl" if title_lang != "en" and info.rtl else "ltr"
        sub = level + 1
        cards.append(f'<article class="topic"><h{sub} lang="{_e(title_lang)}" '
                     f'dir="{heading_dir}">{_e(title)}</h{sub}>{_content_state(project, topic)}'
                     f'{info.notes.get(topic, "")}{"".join(groups)}</article>')
    english = "" if info.english == info.name else \
        f' <span class="en" lang="en" dir="ltr">{_e(info.english)}</span>'
    return (f'<section id="lang-{_e(anchor + info.code)}" lang="{_e(info.lang)}" '
            f'dir="{_dir(info)}"><h{level}>{_e(info.name)}{english}</h{level}>'
            f'<p class="state {info.state}" lang="en" dir="ltr">'
            f'{_e(STATE_LABELS[info.state])}</p>{"".join(cards)}</section>')


def _content_state(project: Project, topic: str) -> str:
    """The clinical review state of the topic's content (the same in every language)."""
    try:
        state = content_state(project.leaflet(topic))
    except LeafletError:
        return '<p class="state draft" lang="en" dir="ltr">content cannot be read</p>'
    if state.draft:
        return ('<p class="state draft" lang="en" dir="ltr">Clinical draft: the content is '
                'not yet reviewed by a clinician</p>')
    roles = ", ".join(r.role for r in state.review.reviewers)
    return (f'<p class="state reviewed" lang="en" dir="ltr">Content reviewed by clinicians '
            f'({_e(roles)}) on {_e(state.review.date_reviewed.isoformat())}</p>')


def _groups(entries: list[Entry], infos: dict[str, LocaleInfo]):
    """(label html, entries) per edition and quiz version, in a fixed order."""
    order = {"leaflet": 0, "quiz": 1, "key": 2}
    editions = list(EDITION_LABELS)
    keyed: dict[tuple, list[Entry]] = {}
    for e in sorted(entries, key=lambda e: (order[e.kind], editions.index(e.edition),
                                            e.partner, e.version,
                                            list(PAPERS).index(e.paper))):
        keyed.setdefault((e.kind, e.edition, e.partner, e.version), []).append(e)
    for (kind, edition, partner, version), chosen in keyed.items():
        if kind == "leaflet" and partner:
            other = infos.get(partner)
            name = (f'<span lang="{_e(other.lang)}" dir="{_dir(other)}">{_e(other.name)}</span>'
                    if other else _e(partner))
            state = (f' <span class="state {other.state}">({_e(STATE_LABELS[other.state])})'
                     f'</span>' if other and other.state != "source" else "")
            label = f"Bilingual, with {name}{state}"
        elif kind == "leaflet":
            label = _e(EDITION_LABELS.get(edition, edition)) + " leaflet"
        elif kind == "quiz":
            label = f"Quiz, version {_e(version)}" + _quiz_edition(edition)
        else:
            label = f"Answer key, version {_e(version)}" + _quiz_edition(edition)
        yield label, chosen


def _quiz_edition(edition: str) -> str:
    return "" if edition == "standard" else f" ({_e(EDITION_LABELS.get(edition, edition))})"


def web_files(out_dir: Path, clinics: bool = True) -> list[Path]:
    """The web editions in an out folder (out/<locale>/<topic>.html) and, with `clinics`, in
    its clinic folders (out/<clinic-slug>/<locale>/<topic>.html)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    folders = [out_dir] + ([out_dir / slug for slug in clinic_folders(out_dir)]
                           if clinics else [])
    return sorted(p for folder in folders for p in folder.glob(f"*/*{WEB_SUFFIX}")
                  if SAFE_NAME.fullmatch(p.parent.name) and p.is_file())


def output_files(out_dir: Path) -> list[Path]:
    """Every PDF and web edition under the out folder."""
    out_dir = Path(out_dir)
    return sorted(out_dir.glob("**/*.pdf")) + web_files(out_dir) if out_dir.is_dir() else []


def web_editions(out_dir: Path, topics: list[str]) -> frozenset:
    """(locale, topic) of every web edition in the out folder (leaflets build --format html)."""
    return frozenset((p.parent.name, p.stem) for p in web_files(out_dir, clinics=False)
                     if p.stem in topics)


def _web_row(locale: str, topic: str, prefix: str = "") -> str:
    """The link to a leaflet's web edition, first in its card, beside its PDFs."""
    return (f'<div class="row" lang="en" dir="ltr"><span class="what">Web edition (to read '
            f'on screen)</span><ul class="files"><li><a class="pdf" '
            f'href="{_href(prefix + web_path(locale, topic))}" type="text/html">Web page</a></li>'
            f'</ul></div>')


def _dir(info: LocaleInfo) -> str:
    return "rtl" if info.rtl else "ltr"


def _href(path: str) -> str:
    return "/".join(quote(part) for part in path.split("/"))


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 "Noto Sans",system-ui,sans-serif;color:#1a1a1a;background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;line-height:1.25;color:#0b4f6c;margin:1rem 0 .25rem}
.lead{margin:.25rem 0 .75rem}
.langs{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;padding:0;margin:0 0 1rem}
.langs a{display:inline-block;padding:.35rem .7rem;border:1px solid #0b4f6c;border-radius:1rem;
 color:#0b4f6c;text-decoration:none;min-height:44px;line-height:1.9}
section{border-top:3px solid #0b4f6c;padding:.5rem 0 1rem}
h2{font-size:1.35rem;margin:.5rem 0 0;color:#0b4f6c}
h2 .en{font-size:1rem;font-weight:normal;color:#454545}
.state{margin:.1rem 0 .5rem;font-size:.95rem;color:#454545}
.state.draft{color:#7a3e00}
.changed{margin:.1rem 0 .4rem;font-size:.95rem;color:#7a3e00}
.topic{border:1px solid #c3d1d9;border-radius:.5rem;padding:.5rem .75rem;margin:.6rem 0;
 background:#f7fafb}
h3{font-size:1.1rem;margin:.2rem 0 .4rem}
.row{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .6rem;padding:.25rem 0;
 border-top:1px solid #e3ebef}
.row:first-of-type{border-top:0}
.what{flex:1 1 12rem}
.files{list-style:none;display:flex;gap:.4rem;padding:0;margin:0}
a.pdf{display:inline-block;min-width:5.5rem;min-height:44px;line-height:44px;padding:0 .7rem;
 text-align:center;background:#0b4f6c;color:#fff;border-radius:.35rem;text-decoration:none;
 font-weight:bold}
a.pdf:focus,.langs a:focus{outline:3px solid #9a5b00;outline-offset:2px}
footer{color:#454545;font-size:.9rem;padding-bottom:2rem}
.stale{display:inline-block;margin-left:.3rem;padding:0 .4rem;border:1px solid #7a3e00;
 border-radius:.3rem;color:#7a3e00;font-size:.85rem}
.fallback{color:#7a3e00;font-size:.9rem}
.group{margin:.5rem 0 .2rem;font-weight:bold}
.group a{color:#0b4f6c}
.clinic{grid-column:1/-1}
.clinic>h2{font-size:1.45rem;color:#0b4f6c;margin:1rem 0 .2rem}
h4{font-size:1.1rem;margin:.2rem 0 .4rem}
@media (min-width:48rem){main{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5rem}
 main>p{grid-column:1/-1}
 .clinic{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5rem}.clinic>h2{grid-column:1/-1}}
"""
