"""Translation checks: `leaflets i18n check`, and the `translations` part of `leaflets check`.

Translations are untrusted input to a medical document, so a translation must say the same
things the source says, in the same slots:

errors (the string is not printed; `failing` in the status table)
  placeholder     placeholders differ from the source, or are not plain `{name}` fields
  markup          tags other than <b>/<i>, unbalanced tags, or tags that differ from the source
  layout-limit    longer than the limit the layout gives this text (the extracted comment
                  states it), or longer than any text may be (2,000 characters)
  contact         a web address, e-mail address or phone number that is not in the source
  digits          a number (digits of any script) that is not in the source: numbers come
                  from placeholders, formatted for the locale
  plural-forms    wrong number of plural forms for the catalog's Plural-Forms, or an empty form
  control-chars   bidi overrides/isolates, direction marks, zero-width and control characters
errors for completeness (warnings with --allow-incomplete)
  untranslated    a string of the current source with no translation (or no catalog entry)
warnings
  fuzzy           kept from an older source; not printed until someone checks it
  same-as-source  the translation is the English text
  whitespace      leading/trailing spaces differ from the source
  punctuation     the end punctuation differs (。 ？ ！ ؟ । count as . ? !)
  length          much longer than the source (ratio, default 2.0)
  layout-limit    longer than the limit the layout gives this text
  header          Plural-Forms disagrees with CLDR (error); Language or X-Review-Status looks wrong

Every finding names the locale, the file and line, the msgctxt, and the fix.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from babel.messages.plurals import get_plural

from generator.content.markup import (
    added_contacts,
    contact_kind,
    far_too_long,
    length_problem,
    markup_problems,
    placeholders,
    plain_text,
    tag_sequence,
    typed_numbers,
)
from generator.errors import Finding, LeafletError
from generator.i18n.extract import build_template, check_domains
from generator.i18n.glossary import glossary_findings
from generator.localize.catalogs import (
    COMMON_DOMAIN,
    SOURCE_LOCALE,
    catalog_path,
    first_plural_disagreement,
    read_catalog,
)
from generator.localize.review import STATUS_HEADER, string_summary
from generator.localize.ui import ENGLISH_ALONGSIDE, UI_STRINGS, ui_context

DEFAULT_LENGTH_RATIO = 2.0
_ALONGSIDE_CONTEXTS = frozenset(ui_context(key) for key in ENGLISH_ALONGSIDE)


@dataclass(frozen=True)
class Problem:
    level: str       # error | warning
    code: str
    message: str
    hint: str


@dataclass
class CheckSettings:
    max_length_ratio: float = DEFAULT_LENGTH_RATIO
    allow_incomplete: bool = False


# -- one translation ------------------------------------------------------------------------

def message_problems(msgid, msgstr, *, num_plurals: int, locale: str,
                     max_chars: int | None = None,
                     ratio: float = DEFAULT_LENGTH_RATIO) -> list[Problem]:
    """What is wrong with one translated entry (singular or plural). Empty = fine."""
    if isinstance(msgid, (list, tuple)):
        return _plural_problems(tuple(msgid), msgstr, num_plurals, locale, max_chars, ratio)
    if isinstance(msgstr, (list, tuple)):
        return [Problem("error", "plural-forms", "plural forms given for a singular message",
                        "write one msgstr, without [0]/[1]")]
    return _text_problems(msgid, msgstr, locale, max_chars, ratio)


def _plural_problems(msgid, msgstr, num_plurals, locale, max_chars, ratio) -> list[Problem]:
    forms = [msgstr] if isinstance(msgstr, str) else list(msgstr or ())
    problems = []
    if len(forms) != num_plurals:
        problems.append(Problem(
            "error", "plural-forms",
            f"{len(forms)} plural form(s), but Plural-Forms says nplurals={num_plurals}",
            f"give exactly {num_plurals} forms, msgstr[0] to msgstr[{num_plurals - 1}]"))
    empty = [str(i) for i, form in enumerate(forms) if not form]
    if empty and any(forms):
        problems.append(Problem("error", "plural-forms",
                                f"plural form(s) msgstr[{', '.join(empty)}] are empty",
                                "translate every plural form"))
    source = msgid[-1]  # every form holds the same placeholders as the plural source
    for form in forms:
        if form:
            problems += [p for p in _text_problems(source, form, locale, max_chars, ratio,
                                                   also_source=msgid[0])
                         if p.code != "same-as-source" or all(f == s for f, s in zip(forms, msgid))]
    return list(dict.fromkeys(problems))


def _text_problems(source: str, text: str, locale: str, max_chars, ratio,
                   also_source: str = "") -> list[Problem]:
    if far_too_long(text):
        # far too long to print: say so, without running every check over megabytes
        return [Problem("error", "layout-limit", length_problem(text, max_chars, source),
                        "shorten it or split it")]
    problems = placeholder_problems(source, text) + markup_differences(source, text)
    problems += digit_problems(source + " " + also_source, text)
    problems += contact_problems(source + " " + also_source, text)
    problems += control_problems(source, text)
    problems += style_problems(source, text, locale, max_chars, ratio)
    problems += persian_spacing_problems(text, locale)
    return problems


_FA = "\u0600-\u06FF"
_FA_SUFFIX = "ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان|تر|ترین|تری"
# Persian parts of a word that are written with a zero-width non-joiner (U+200C), never a
# space: the verb prefix می/نمی, the plural and comparative suffixes, and ای after a
# silent ه. With a space, a line can end in a lone "می" and search finds no whole word.
_FA_SPACED = (
    (re.compile(rf"(?<![{_FA}\u200c])(ن?می) (?=[{_FA}])"), "the verb prefix {0!r}"),
    (re.compile(rf"(?<=[{_FA}]) ({_FA_SUFFIX})(?![{_FA}\u200c])"), "the suffix {0!r}"),
    (re.compile(rf"(?<=ه) (ای|ایی)(?![{_FA}\u200c])"), "{0!r} after a silent ه"),
)


def persian_spacing_problems(text: str, locale: str) -> list[Problem]:
    """Persian words split by a plain space where the language writes a zero-width
    non-joiner ('می شود' for 'می‌شود', 'سلول ها' for 'سلول‌ها')."""
    if locale.replace("-", "_").split("_")[0] != "fa":
        return []
    plain = plain_text(text)
    problems = []
    for pattern, what in _FA_SPACED:
        for match in pattern.finditer(plain):
            around = plain[max(0, match.start() - 8):match.end() + 8].strip()
            problems.append(Problem(
                "warning", "persian-zwnj",
                f"{what.format(match.group(1))} is written with a plain space in "
                f"'…{around}…'",
                "join it with a zero-width non-joiner (U+200C, Shift+Space on a Persian "
                "keyboard), e.g. می‌شود, سلول‌ها, بزرگ‌تر, ناحیه‌ای"))
            break           # one finding per kind and text is enough to fix them all
    return problems


def placeholder_problems(source: str, text: str) -> list[Problem]:
    names, bad = placeholders(text)
    problems = [Problem("error", "placeholder", problem,
                        "write placeholders exactly as in the source, e.g. {rate}") for problem in bad]
    wanted = set(placeholders(source)[0])
    for name in dict.fromkeys(names):
        if name not in wanted:
            close = difflib.get_close_matches(name, sorted(wanted), n=1)
            hint = (f"did you mean {{{close[0]}}}? copy placeholders from the source"
                    if close else "remove it: the source has no such placeholder")
            problems.append(Problem("error", "placeholder",
                                    f"placeholder {{{name}}} is not in the source", hint))
    for name in sorted(wanted - set(names)):
        problems.append(Problem("error", "placeholder", f"placeholder {{{name}}} is missing",
                                f"put {{{name}}} where the number goes; the generator fills "
                                "it in, formatted for your language"))
    return problems


def markup_differences(source: str, text: str) -> list[Problem]:
    problems = [Problem("error", "markup", problem,
                        "use only <b>...</b> and <i>...</i>, as in the source")
                for problem in markup_problems(text)]
    wanted, found = tag_sequence(source), tag_sequence(text)
    if not problems and Counter(wanted) != Counter(found):
        problems.append(Problem(
            "error", "markup",
            f"tags differ from the source (source: {' '.join(wanted) or 'none'}; "
            f"translation: {' '.join(found) or 'none'})",
            "mark the same words with the same <b>/<i> tags as the source"))
    return problems


def digit_problems(source: str, text: str) -> list[Problem]:
    extra = list(dict.fromkeys(typed_numbers(source, text)))
    if not extra:
        return []
    return [Problem("error", "digits",
                    f"number(s) {', '.join(extra)} written in the translation but not in the source",
                    "do not type numbers: use the source's placeholders ({name}); digits are "
                    "allowed only where the source has them (stage 4, M1)")]


def contact_problems(source: str, text: str) -> list[Problem]:
    """Web or e-mail addresses and phone numbers the source does not have (the build
    refuses them too: generator/markup.py)."""
    return [Problem("error", "contact", f"{contact_kind(item)} {item!r} is not in the source",
                    "remove it: a translation may not add links, e-mail addresses or phone "
                    "numbers (the clinic's phone comes from the clinic file)")
            for item in added_contacts(source, text)]


_BIDI_CONTROLS = {chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2066, 0x206A)}
_DIRECTION_MARKS = {"\u200e", "\u200f", "\u061c"}
_ZERO_WIDTH = {"\u200b", "\u2060", "\ufeff", "\u180e"}
_JOINERS = {"\u200c", "\u200d"}   # ZWNJ/ZWJ spell Persian, Indic and Sinhala words correctly
_BAD_CATEGORIES = ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")


def control_problems(source: str, text: str) -> list[Problem]:
    found: dict[str, str] = {}
    for index, char in enumerate(text):
        if unicodedata.category(char) not in _BAD_CATEGORIES or char in source:
            continue
        if char in _JOINERS and index and _complex_letter(text[index - 1]):
            continue
        if char in _BIDI_CONTROLS:
            what = "bidi override/isolate control"
        elif char in _DIRECTION_MARKS:
            what = "direction mark"
        elif char in _ZERO_WIDTH or char in _JOINERS:
            what = "zero-width character"
        else:
            what = "control or unassigned character"
        found.setdefault(f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip(), what)
    return [Problem("error", "control-chars", f"invisible {what} {name} in the translation",
                    "delete it (retype the text around it); the generator sets the text "
                    "direction itself") for name, what in found.items()]


def _complex_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" and "LATIN" not in unicodedata.name(char, "")


_END_CLASSES = {
    ".": ".。．।॥۔።։။។᙮",
    "?": "?？؟;՞፧",
    "!": "!！",
    ":": ":：",
    "…": "…",
}
_CLOSERS = "\"'”’»)]」』）›"
_NO_FULL_STOP = ("th", "lo")    # these languages end sentences without a full stop


def end_class(text: str) -> str:
    """The kind of end punctuation ('.', '?', '!', ':', '…') or '' for none."""
    # a placeholder stands for a word or number: "reviewed: {date}" ends with no punctuation
    text = plain_text(text, _AnyValue()).rstrip().rstrip(_CLOSERS).rstrip()
    last = text[-1:] if text else ""
    return next((name for name, chars in _END_CLASSES.items() if last and last in chars), "")


class _AnyValue(dict):
    """Placeholder values for plain_text: every placeholder reads as a plain word."""

    def get(self, key, default=None):
        return "0"

    def __bool__(self):   # plain_text treats an empty mapping as "no values"
        return True


# Below this many characters of source, a translation is often two or three times as long
# (a term and its explanation, a short label); the layout-limit check guards those.
MIN_LENGTH_FOR_RATIO = 20
SAME_FLAG = "ignore-same"   # Weblate's flag: "the same text is right in this language"


def is_code(text: str) -> bool:
    """An acronym or code (HIPEC, PD-L1, NSCLC): the same in every language."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and " " not in text.strip()


def style_problems(source: str, text: str, locale: str, max_chars, ratio) -> list[Problem]:
    problems = []
    plain = plain_text(source)
    if text == source and any(ch.isalpha() for ch in plain) and not is_code(plain):
        problems.append(Problem("warning", "same-as-source", "the translation is the English text",
                                "translate it; if the same words are right in your language "
                                f"(a name, a loanword), add the flag `#, {SAME_FLAG}` to the "
                                "entry (a PO editor calls it a flag)"))
    if _edges(text) != _edges(source):
        problems.append(Problem("warning", "whitespace",
                                "leading or trailing spaces differ from the source",
                                "remove spaces at the start and end (keep them as in the source)"))
    want, got = end_class(source), end_class(text)
    language = locale.split("_")[0]
    if want != got and not (want == "." and not got and language in _NO_FULL_STOP):
        problems.append(Problem("warning", "punctuation",
                                f"ends with {got or 'no punctuation'!r}, the source with "
                                f"{want or 'no punctuation'!r}",
                                "end the text like the source (your language's own . ? ! are fine)"))
    source_len, text_len = len(plain_text(source)), len(plain_text(text))
    if text_len > ratio * source_len and text_len - source_len >= 10 and \
            source_len >= MIN_LENGTH_FOR_RATIO:
        problems.append(Problem("warning", "length",
                                f"{text_len / max(source_len, 1):.1f} times as long as the source",
                                "check nothing was added; shorter wording fits the layout better"))
    too_long = length_problem(text, max_chars, source)
    over = too_long or length_problem(text, max_chars, source, warnings=True)
    if over:
        # an error where the build refuses it too: it would not fit its table cell,
        # heading or footer; a warning when it is over the limit but still printed
        problems.append(Problem("error" if too_long else "warning", "layout-limit", over,
                                "shorten it: this text sits in a heading, table or footer"
                                if max_chars else "shorten it or split it"))
    return problems


def _edges(text: str) -> tuple[str, str]:
    return text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]


# -- catalogs ---------------------------------------------------------------------------------

def layout_limits(project, domain: str) -> dict[str, int]:
    """msgctxt -> layout limit in characters, from the source model."""
    if domain == COMMON_DOMAIN:
        return {ui_context(key): limit for key, (_t, _n, limit) in UI_STRINGS.items() if limit}

    texts = list(project.leaflet(domain).texts())
    if project.has_quiz(domain):
        texts += project.quiz(domain).texts()
    return {t.context: t.max_chars for t in texts if t.max_chars}


def source_messages(project, domains: list[str]) -> dict[str, tuple[list, dict[str, int]]]:
    """domain -> (messages of the current source, layout limits by msgctxt): extracted once
    and shared by every locale that is checked or counted."""
    return {domain: ([m for m in build_template(project, domain) if m.id],
                     layout_limits(project, domain)) for domain in domains}


def check_locale(project, locale: str, domains: list[str] | None = None,
                 settings: CheckSettings | None = None, sources: dict | None = None
                 ) -> list[Finding]:
    """Every finding for one locale, over the asked domains (default: all)."""
    settings = settings or CheckSettings()
    domains = check_domains(project, domains)
    sources = sources or source_messages(project, domains)
    findings: list[Finding] = []
    for domain in offered_domains(project, locale, domains):
        findings += check_domain(project, locale, domain, settings, sources[domain])
    findings += review_claim_findings(project, locale, domains, sources)
    return findings + glossary_findings(project, locale, domains)


def offered_domains(project, locale: str, domains: list[str]) -> list[str]:
    """The domains `locale` is checked and counted for: `common`, and every topic that
    ships in it (Project.offered_locales); a topic without its catalog is not offered."""
    return [d for d in domains if d == COMMON_DOMAIN or project.offers(d, locale)]


def review_claim_findings(project, locale: str, domains: list[str], sources) -> list[Finding]:
    """A warning for each catalog whose `X-Review-Status: reviewed` header claims more than
    the review ledger shows: the header decides nothing, so the claim is misleading."""

    findings = []
    for domain in domains:
        try:
            catalog = read_catalog(catalog_path(project.locales_dir, locale, domain))
        except LeafletError:
            continue
        if catalog is None:
            continue
        claim = next((v for n, v in catalog.mime_headers if n.lower() == STATUS_HEADER.lower()),
                     "")
        if claim.strip().lower() != "reviewed":
            continue
        strings = [(tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id, m.context)
                   for m in sources[domain][0]]
        try:
            summary = string_summary(project, locale, [domain], {domain: strings})
        except LeafletError as exc:
            findings.append(Finding("error", str(exc.path or ""), f"[{locale}] {exc.message}",
                                    exc.hint or "", "review"))
            continue
        if not summary.complete:
            findings.append(Finding(
                "warning", project.relative(catalog_path(project.locales_dir, locale, domain)),
                f"[{locale}] {STATUS_HEADER} says reviewed, but the review ledger shows "
                f"{summary.reviewed} of {summary.total} strings of {domain} reviewed "
                f"({len(summary.changed)} changed since review); it prints as a draft",
                f"review it with `leaflets i18n export-review --locale {locale}` and "
                f"`import-review`; the header decides nothing (set it to draft)", "review"))
    return findings


def check_domain(project, locale: str, domain: str, settings: CheckSettings,
                 source: tuple[list, dict[str, int]]) -> list[Finding]:
    path = catalog_path(project.locales_dir, locale, domain)
    where = project.relative(path)
    incomplete = "warning" if settings.allow_incomplete else "error"
    try:
        catalog = read_catalog(path)
    except LeafletError as exc:
        return [Finding("error", f"{where}:{exc.line}" if exc.line else where,
                        f"[{locale}] {exc.message}", exc.hint or "", "catalog")]
    if catalog is None:
        return [Finding(incomplete, where, f"[{locale}] no catalog for {domain}",
                        f"run `leaflets i18n update --locale {locale}`", "untranslated")]
    findings = header_findings(locale, catalog, where)
    messages, limits = source
    missing = []
    for wanted in messages:
        message = catalog.get(wanted.id, context=wanted.context)
        if message is None:
            if wanted.context not in _ALONGSIDE_CONTEXTS:
                missing.append(wanted.context)
            continue
        for problem in entry_problems(message, catalog, locale, limits, settings):
            line = f"{where}:{message.lineno}" if message.lineno else where
            findings.append(Finding(problem.level, line,
                                    f"[{locale}] msgctxt \"{message.context}\": {problem.message}",
                                    problem.hint, problem.code))
    if missing:
        findings.append(Finding(
            incomplete, where,
            f"[{locale}] {len(missing)} string(s) of the current source are not in this catalog "
            f"(first: msgctxt \"{missing[0]}\")",
            f"run `leaflets i18n update --locale {locale}`, then translate them", "untranslated"))
    return findings


def entry_problems(message, catalog, locale: str, limits: dict, settings: CheckSettings):
    """Problems of one catalog entry: completeness first, then content (if translated)."""
    string = message.string
    filled = any(string) if isinstance(string, (list, tuple)) else bool(string)
    if not filled:
        if message.context in _ALONGSIDE_CONTEXTS:
            return [Problem("warning", "untranslated", "not translated: only the English line "
                            "is printed", "translate it (it is printed beside its English)")]
        return [Problem("warning" if settings.allow_incomplete else "error", "untranslated",
                        "not translated", "translate it (the build refuses an incomplete "
                        "locale unless --allow-fallback is given)")]
    if message.fuzzy:
        return [Problem("warning", "fuzzy",
                        "fuzzy: the source changed (or a tool guessed); it is not printed",
                        "compare with the previous source (#| lines), fix the translation, "
                        "then remove the fuzzy flag")]
    problems = message_problems(message.id, string, num_plurals=catalog.num_plurals,
                                locale=locale, max_chars=limits.get(message.context),
                                ratio=settings.max_length_ratio)
    if SAME_FLAG in message.flags:   # a translator confirmed the same text is right
        problems = [p for p in problems if p.code != "same-as-source"]
    return problems


def _plural_rule_findings(locale: str, catalog, cldr, where: str) -> list[Finding]:
    """A Plural-Forms header that picks another form than CLDR's rule for some count prints
    the wrong grammar (e.g. Arabic 11-99 in the form for 100): an error, with the CLDR rule."""
    fix = f"set the header to: Plural-Forms: {cldr.plural_forms} (and give every form)"
    if catalog.num_plurals != cldr.num_plurals:
        return [Finding("error", where, f"[{locale}] Plural-Forms has nplurals="
                        f"{catalog.num_plurals}, CLDR has {cldr.num_plurals} for {locale}",
                        fix, "header")]
    differs = first_plural_disagreement(catalog.plural_expr, cldr.plural_expr)
    if differs is None:
        return []
    n, mine, theirs = differs
    return [Finding("error", where, f"[{locale}] Plural-Forms sends n={n} to form {mine}, "
                    f"CLDR's rule for {locale} to form {theirs}", fix, "header")]


def header_findings(locale: str, catalog, where: str) -> list[Finding]:
    findings = []
    try:
        cldr = get_plural(locale)
    except Exception:  # noqa: BLE001 - an unknown locale simply has no CLDR rule to compare
        cldr = None
    if cldr is not None:
        findings += _plural_rule_findings(locale, catalog, cldr, where)
    language = str(catalog.locale_identifier or "")
    if language and language.replace("-", "_") != locale:
        findings.append(Finding("warning", where,
                                f"[{locale}] Language header says {language!r}",
                                f"set it to: Language: {locale}", "header"))
    status = next((v for n, v in catalog.mime_headers if n.lower() == STATUS_HEADER.lower()), None)
    if status is not None and status.strip().lower() not in ("draft", "reviewed"):
        findings.append(Finding("warning", where,
                                f"[{locale}] {STATUS_HEADER} is {status!r}; it counts as draft",
                                "use draft or reviewed (see docs/translating.md)", "header"))
    return findings


# -- `leaflets check` -------------------------------------------------------------------------

def check_catalogs(project, options) -> list[Finding]:
    """The `translations` check of `leaflets check`: every locale that has catalogs."""
    locales = [loc for loc in (options.locales or project.locales()) if loc != SOURCE_LOCALE]
    settings = CheckSettings(
        max_length_ratio=getattr(options, "max_length_ratio", DEFAULT_LENGTH_RATIO),
        allow_incomplete=getattr(options, "allow_incomplete", False))
    findings = []
    if not locales:
        return findings
    try:
        domains = check_domains(project, options.topics and [*options.topics, COMMON_DOMAIN])
        sources = source_messages(project, domains)
    except LeafletError:
        return findings  # the content check reports broken source files
    for locale in locales:
        try:
            findings += check_locale(project, locale, domains, settings, sources)
        except LeafletError as exc:
            where = (exc.path or str(project.locales_dir / locale)) + \
                (f":{exc.line}" if exc.line else "")
            findings.append(Finding("error", where, f"[{locale}] {exc.message}",
                                    exc.hint or "", "catalog"))
    return findings
