"""Topic codes of a leaflet: what it is about, in the coding systems an EHR searches by.

```yaml
topic_codes:
  icd10cm:
    - {code: "C34.90", display: "Malignant neoplasm of ... bronchus or lung"}
  snomed:
    - {code: "93880001", display: "Primary malignant neoplasm of lung"}
```

They are data, like the leaflet's numbers: the EHR index (out/index.fhir.json) lists them for
every output of the leaflet. Each code is checked for its system's form (an ICD-10-CM code
shape; a SNOMED CT identifier's length and Verhoeff check digit), so a typo is caught here
rather than in a clinic's record system.
"""

from __future__ import annotations

import re

from generator.content import model as m

SYSTEMS = {   # key in the YAML -> FHIR system URI
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "snomed": "http://snomed.info/sct",
}
_ICD10CM = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_SCTID = re.compile(r"^[1-9][0-9]{5,17}$")

# Verhoeff tables (dihedral group D5): multiplication, permutation.
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
      [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
      [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
      [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]


def verhoeff_ok(digits: str) -> bool:
    """True when the last digit of `digits` is its Verhoeff check digit (SNOMED CT ids)."""
    check = 0
    for i, char in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(char)]]
    return check == 0


def code_problem(key: str, code: str) -> str | None:
    if key == "icd10cm" and not _ICD10CM.fullmatch(code):
        return f"{code!r} is not an ICD-10-CM code (like C34.90)"
    if key == "snomed":
        if not _SCTID.fullmatch(code):
            return f"{code!r} is not a SNOMED CT identifier (6 to 18 digits)"
        if not verhoeff_ok(code):
            return f"{code!r} fails the SNOMED CT check digit: a digit is mistyped"
    return None


def read_topic_codes(reader, doc) -> tuple[m.TopicCode, ...]:
    """The `topic_codes:` block (optional); problems are recorded on `reader`."""
    if "topic_codes" not in doc:
        return ()
    node = reader.mapping(doc["topic_codes"], "topic_codes", doc.line_of("topic_codes"))
    if node is None:
        return ()
    reader.check_keys(node, "topic_codes", (), tuple(SYSTEMS))
    out: list[m.TopicCode] = []
    for key in SYSTEMS:
        if key not in node:
            continue
        items = reader.listing(node[key], f"topic_codes {key}", node.line_of(key))
        for item, line in zip(items or [], items.lines if items else []):
            entry = reader.mapping(item, f"a {key} code", line)
            if entry is None:
                continue
            reader.check_keys(entry, f"a {key} code", ("code", "display"))
            code, display = entry.get("code"), entry.get("display")
            if not isinstance(code, str) or not isinstance(display, str) or not display.strip():
                reader.error(f"a {key} code needs code: and display: as text in quotes", line,
                             'write {code: "C34.90", display: "..."}')
                continue
            problem = code_problem(key, code)
            if problem:
                reader.error(problem, entry.line_of("code"), "copy the code from the code "
                             "system's own browser")
                continue
            out.append(m.TopicCode(SYSTEMS[key], code, display.strip()))
    return tuple(out)
