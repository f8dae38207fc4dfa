"""out/index.fhir.json: the outputs of a build as a FHIR R4 Bundle of DocumentReference.

One DocumentReference per file the build left in the out folder (every PDF a build names,
and every web edition), so an EHR can find "the metastatic lung cancer leaflet in
Vietnamese, large print" by diagnosis code and language:

- `status` current; `docStatus` preliminary for a draft translation (or a bilingual pair
  with a draft side), final for English and reviewed translations, read through
  generator.localize.review.topic_review, the same state the page and the PDF say;
- `type` LOINC 34895-3 (Education note), `category` SNOMED CT 311401005 (Patient
  education);
- the leaflet's topic codes (`topic_codes:` in its YAML: ICD-10-CM and SNOMED CT), one
  CodeableConcept each, in `context.event`: R4's `subject` must point at a patient or
  group, and `event` is a searchable token (`DocumentReference?event=...|C34.90`);
- `content.attachment`: language (BCP 47), contentType, url relative to the out folder,
  title, size and SHA-1 hash of the bytes;
- the content version and review date as extensions: the R5 element
  DocumentReference.version through its cross-version extension, and the extensions
  pack's artifact-lastReviewDate.

Written from the files really present (like index.html), deterministically: no
timestamps, ids from paths.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from pathlib import Path

from generator.build.index_page import EDITION_LABELS, scan, web_files
from generator.build.project import Project
from generator.content.review import content_state
from generator.errors import LeafletError
from generator.files import LIMITS, read_regular, write_atomic
from generator.layout.paper import PAPERS
from generator.localize.codes import bcp47
from generator.localize.review import topic_review

FHIR_INDEX = "index.fhir.json"
VERSION_EXTENSION = "http://hl7.org/fhir/5.0/StructureDefinition/extension-DocumentReference.version"
REVIEW_EXTENSION = "http://hl7.org/fhir/StructureDefinition/artifact-lastReviewDate"
DOC_TYPE = {"coding": [{"system": "http://loinc.org", "code": "34895-3",
                        "display": "Education note"}],
            "text": "Patient education material"}
CATEGORY = {"coding": [{"system": "http://snomed.info/sct", "code": "311401005",
                        "display": "Patient education"}],
            "text": "Patient education"}
CONTENT_TYPES = {".pdf": "application/pdf", ".html": "text/html"}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://leaflets.invalid/out")


def documents(project: Project, out_dir: Path) -> list[dict]:
    """(path, topic, locale, partner, what) for each listed output, in a stable order."""
    out_dir = Path(out_dir)
    topics = project.topics()
    found = []
    for entry in scan(out_dir, topics):
        if entry.kind == "leaflet":
            edition = EDITION_LABELS.get(entry.edition, entry.edition)
            what = f"{edition} leaflet, {PAPERS[entry.paper].label}"
        else:
            what = (f"{'Quiz' if entry.kind == 'quiz' else 'Answer key'}, version "
                    f"{entry.version}, {PAPERS[entry.paper].label}")
        found.append({"path": entry.path, "topic": entry.topic, "locale": entry.locale,
                      "partner": entry.partner, "what": what})
    for path in web_files(out_dir):
        if path.stem in topics:
            found.append({"path": path.relative_to(out_dir).as_posix(), "topic": path.stem,
                          "locale": path.parent.name, "partner": "", "what": "Web edition"})
    return sorted(found, key=lambda d: d["path"])


def _clinical_review_date(leaflet):
    """The date clinicians reviewed this content, or None while it is a clinical draft."""
    state = content_state(leaflet)
    return None if state.draft else state.review.date_reviewed


def bundle(project: Project, out_dir: Path) -> dict:
    out_dir = Path(out_dir)
    states: dict[tuple[str, str], tuple[bool, str]] = {}

    def state(topic: str, locale: str) -> tuple[bool, str]:
        """(draft, title in the locale) of a topic's text in a locale."""
        if (topic, locale) not in states:
            title = project.leaflet(topic).title
            try:
                translations = project.translations(topic, locale)
                draft = content_state(project.leaflet(topic)).draft or \
                    topic_review(project, topic, locale, translations).draft
                found = translations.get(topic, title.context, title.source) \
                    if locale != "en" else None
            except LeafletError:   # a catalog broken since the file was made: a draft
                draft, found = True, None
            states[(topic, locale)] = (draft, found or title.source)
        return states[(topic, locale)]

    entries = []
    for doc in documents(project, out_dir):
        leaflet = project.leaflet(doc["topic"])
        draft, title = state(doc["topic"], doc["locale"])
        if doc["partner"]:
            other_draft, other_title = state(doc["topic"], doc["partner"])
            draft = draft or other_draft
            title = f"{title} / {other_title}"
        data = read_regular(out_dir / doc["path"], LIMITS["output"], what="output")
        lang = bcp47(doc["locale"])
        resource = {
            "resourceType": "DocumentReference",
            "id": _resource_id(doc["path"]),
            "extension": [{"url": VERSION_EXTENSION, "valueString": leaflet.content_version}]
            + ([{"url": REVIEW_EXTENSION, "valueDate": reviewed.isoformat()}]
               if (reviewed := _clinical_review_date(leaflet)) else []),
            "identifier": [{"value": doc["path"]}],
            "status": "current",
            "docStatus": "preliminary" if draft else "final",
            "type": DOC_TYPE,
            "category": [CATEGORY],
            "description": f"{leaflet.title.source}: {doc['what']} ({lang}"
                           + (f" with {doc['partner'].replace('_', '-')}" if doc["partner"]
                              else "") + ")",
            "content": [{"attachment": {
                "contentType": CONTENT_TYPES[Path(doc["path"]).suffix],
                "language": lang,
                "url": doc["path"],
                "size": len(data),
                "hash": base64.b64encode(hashlib.sha1(data).digest()).decode("ascii"),
                "title": title}}],
        }
        if leaflet.topic_codes:
            resource["context"] = {"event": [
                {"coding": [{"system": c.system, "code": c.code, "display": c.display}],
                 "text": c.display} for c in leaflet.topic_codes]}
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid5(_NAMESPACE, doc['path'])}",
                        "resource": resource})
    return {"resourceType": "Bundle", "id": "leaflets-index", "type": "collection",
            "entry": entries}


def write_fhir_index(project: Project, out_dir: Path) -> Path | None:
    """Write out_dir/index.fhir.json atomically; None when the out folder does not exist."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    path = out_dir / FHIR_INDEX
    text = json.dumps(bundle(project, out_dir), ensure_ascii=False, indent=1)
    write_atomic(path, text.encode("utf-8") + b"\n")
    return path


def _resource_id(path: str) -> str:
    """A FHIR id ([A-Za-z0-9-.], at most 64) from an output's path, readable where it fits."""
    readable = path.replace("/", "-").replace("_", "-")
    if len(readable) <= 64:
        return readable
    return readable[:47] + "-" + hashlib.sha1(path.encode()).hexdigest()[:16]
