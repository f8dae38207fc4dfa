"""out/index.html: a static page that lists what a build wrote, by language.

`leaflets build` writes it at the end of every build, from the files that are really in the
out folder (never from the plan: a failed job is not listed, an older file still there is).
It is one self-contained HTML file with relative links, so the folder can be copied to a USB
stick or a shared drive and used offline by clicking; the layout is one column on a phone.
Each language's block carries its own `lang` and `dir`; the page's own words are English.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .errors import LeafletError
from .localize.catalogs import SOURCE_LOCALE
from .localize.numbers import locale_for, native_name
from .content.review import content_state
from .localize.review import review_state
from .project import SAFE_NAME, Project
from .render.output import write_atomic

INDEX_NAME = "index.html"
PAPERS = {"a4": "A4", "letter": "US Letter"}
EDITION_LABELS = {"standard": "Standard", "large-print": "Large print",
                  "bilingual": "Bilingual"}
_QUIZ = re.compile(r"^(?P<topic>.+)-(?P<kind>quiz|key)-(?P<version>[A-Z])-(?P<paper>a4|letter)$")


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


@dataclass
class LocaleInfo:
    code: str
    name: str           # in the language itself
    english: str
    lang: str           # BCP 47 tag for the lang attribute
    rtl: bool
    state: str          # source | reviewed | draft | pseudo
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # topic -> (text, lang)


# ------------------------------------------------------------------------- scanning

def scan(out_dir: Path, topics: list[str]) -> list[Entry]:
    """Every PDF under out_dir whose name a build gives, in a stable order."""
    out_dir = Path(out_dir)
    entries = []
    by_length = sorted(topics, key=len, reverse=True)
    for folder in sorted(p for p in out_dir.iterdir() if p.is_dir()) if out_dir.is_dir() else []:
        locale = folder.name
        if not SAFE_NAME.fullmatch(locale):
            continue
        for pdf in sorted(folder.glob("*.pdf")):
            entry = _leaflet_entry(locale, pdf.stem, by_length)
            if entry and pdf.is_file():
                entries.append(entry)
        for pdf in sorted((folder / "quiz").glob("*.pdf")):
            match = _QUIZ.match(pdf.stem)
            if match and match["topic"] in topics and pdf.is_file():
                entries.append(Entry(locale, match["topic"], match["kind"], match["paper"],
                                     f"{locale}/quiz/{pdf.name}", version=match["version"]))
    return entries


def _leaflet_entry(locale: str, stem: str, topics: list[str]) -> Entry | None:
    rest, _, paper = stem.rpartition("-")
    if paper not in PAPERS:
        return None
    for topic in topics:
        if rest == topic:
            return Entry(locale, topic, "leaflet", paper, f"{locale}/{stem}.pdf")
        if rest.startswith(topic + "-"):
            edition = rest[len(topic) + 1:]
            if edition.startswith("bilingual-"):
                partner = edition[len("bilingual-"):]
                if SAFE_NAME.fullmatch(partner):
                    return Entry(locale, topic, "leaflet", paper, f"{locale}/{stem}.pdf",
                                 "bilingual", partner)
            elif edition in EDITION_LABELS:
                return Entry(locale, topic, "leaflet", paper, f"{locale}/{stem}.pdf",
                             edition)
    return None


# ------------------------------------------------------------------------- languages

def locale_info(project: Project, code: str, topics: list[str]) -> LocaleInfo:
    from .i18n.pseudo import formatting_locale, is_pseudo  # noqa: PLC0415

    pseudo = is_pseudo(code)
    formatting = formatting_locale(code) if pseudo else code
    try:
        loc = locale_for(formatting)
        rtl = loc.character_order == "right-to-left"
        english = loc.get_display_name("en") or code
    except Exception:  # noqa: BLE001 - an odd folder name is listed by its code
        rtl, english = False, code
    lang = code.replace("_", "-")
    name = native_name(formatting) if not pseudo else lang
    if pseudo:
        english = f"pseudo-locale ({english})"
    info = LocaleInfo(code, name, english, lang, rtl, "source")
    for topic in topics:
        title = project.leaflet(topic).title
        if code == SOURCE_LOCALE:
            info.titles[topic] = (title.source, "en")
            continue
        try:
            translations = project.translations(topic, code)
        except LeafletError:   # a catalog broken since its PDFs were made: list them as drafts
            info.titles[topic] = (title.source, "en")
            info.state = "draft"
            continue
        found = translations.get(topic, title.context, title.source)
        info.titles[topic] = (found, lang) if found else (title.source, "en")
        if pseudo:
            info.state = "pseudo"
        elif info.state != "draft":
            info.state = "draft" if review_state(code, translations).draft else "reviewed"
    return info


# ------------------------------------------------------------------------- the page

STATE_LABELS = {"source": "original (English)", "reviewed": "reviewed translation",
                "draft": "draft translation, not yet reviewed", "pseudo": "layout test only"}


def write_index(project: Project, out_dir: Path) -> Path | None:
    """Write out_dir/index.html atomically; None when the out folder does not exist."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    topics = project.topics()
    entries = scan(out_dir, topics)
    codes = _ordered({e.locale for e in entries} | {e.partner for e in entries if e.partner},
                     project.locales())
    infos = {code: locale_info(project, code, topics) for code in codes}
    path = out_dir / INDEX_NAME
    write_atomic(path, render_page(project, entries, infos).encode("utf-8"))
    return path


def _ordered(codes: set[str], known: list[str]) -> list[str]:
    first = [code for code in known if code in codes]
    return first + sorted(codes - set(first))


def render_page(project: Project, entries: list[Entry], infos: dict[str, LocaleInfo]) -> str:
    by_locale: dict[str, list[Entry]] = {}
    for entry in entries:
        by_locale.setdefault(entry.locale, []).append(entry)
    locales = [code for code in infos if code in by_locale]
    nav = "".join(
        f'<li><a href="#lang-{_e(code)}" lang="{_e(infos[code].lang)}" '
        f'dir="{_dir(infos[code])}">{_e(infos[code].name)}</a></li>' for code in locales)
    sections = "".join(_section(project, infos[code], by_locale[code], infos)
                       for code in locales)
    count = len(entries)
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
<p class="lead">{count} PDF file{'s' if count != 1 else ''} in {len(locales)} \
language{'s' if len(locales) != 1 else ''}. Pick a language, then a file to open or print.</p>
<nav aria-label="Languages"><ul class="langs">{nav}</ul></nav>
</header>
<main>
{empty}{sections}
</main>
<footer><p>Made by <code>leaflets build</code>. A clinical draft has not yet been reviewed
by a clinician, and a draft translation has not yet been reviewed by a qualified translator;
their PDFs say so on every page.</p></footer>
</body>
</html>
"""


def _section(project: Project, info: LocaleInfo, entries: list[Entry],
             infos: dict[str, LocaleInfo]) -> str:
    topics = list(dict.fromkeys(e.topic for e in entries))
    cards = []
    for topic in topics:
        mine = [e for e in entries if e.topic == topic]
        title, title_lang = info.titles.get(topic, (topic, "en"))
        groups = []
        for label, chosen in _groups(mine, infos):
            links = "".join(
                f'<li><a class="pdf" href="{_href(e.path)}" type="application/pdf">'
                f'{_e(PAPERS[e.paper])}</a></li>' for e in chosen)
            groups.append(f'<div class="row" lang="en" dir="ltr"><span class="what">'
                          f'{label}</span><ul class="files">{links}</ul></div>')
        heading_dir = "rtl" if title_lang != "en" and info.rtl else "ltr"
        cards.append(f'<article class="topic"><h3 lang="{_e(title_lang)}" dir="{heading_dir}">'
                     f'{_e(title)}</h3>{_content_state(project, topic)}{"".join(groups)}'
                     f'</article>')
    english = "" if info.english == info.name else \
        f' <span class="en" lang="en" dir="ltr">{_e(info.english)}</span>'
    return (f'<section id="lang-{_e(info.code)}" lang="{_e(info.lang)}" dir="{_dir(info)}">'
            f'<h2>{_e(info.name)}{english}</h2><p class="state {info.state}" lang="en" dir="ltr">'
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
            label = f"Quiz, version {_e(version)}"
        else:
            label = f"Answer key, version {_e(version)}"
        yield label, chosen


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
@media (min-width:48rem){main{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5rem}
 main>p{grid-column:1/-1}}
"""
