"""Choices for numeric items: the answer is a leaflet data value; distractors are other values.

Distractors are figures of the same kind as the answer: data values the item names, then
the other values of a dataset in the answer's column (another stage's or another cancer's
figure), nearest first. Arithmetic of the answer (halves, doubles) is never used: a reader
who knows no answer could spot it. Only when a file asks for it (`generate: true`) are
values made around the answer, in steps of the minimum gap, and `leaflets check` warns
about them. A candidate
is taken only when it is at least `min_gap` away from every choice already taken, so no two
choices print the same and none of them is also the answer. The result depends only on the
content, never on the locale or the version: every version and every language asks the
same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.content.model import DataValue, Leaflet
from generator.localize.numbers import format_value

# Default smallest distance between two choices, in the value's unit.
DEFAULT_GAP = {"percent": 3, "number": 1, "count": 1, "years": 1, "age": 2, "year": 2,
               "month_year": 2}


@dataclass(frozen=True)
class NumericSpec:
    answer: str                    # data value name
    count: int = 3                 # distractors wanted
    values: tuple[str, ...] = ()   # named data values to use first
    dataset: str | None = None     # take other values of this dataset
    min_gap: float | None = None
    generate: bool = False         # fill up with values made around the answer


@dataclass(frozen=True)
class Candidate:
    value: DataValue
    data_name: str | None          # None: generated


def digits(value: DataValue) -> int:
    if value.decimals is not None:
        return value.decimals
    text = repr(value.value)
    return len(text.split(".")[1]) if "." in text else 0


def magnitude(value: DataValue) -> Decimal:
    """The value as a number on one scale (months for month_year)."""
    if value.unit == "month_year":
        year, month = (int(p) for p in str(value.value).split("-"))
        return Decimal(year * 12 + month - 1)
    return Decimal(str(value.value))


def choose_distractors(leaflet: Leaflet, spec: NumericSpec) -> tuple[list[Candidate], str | None]:
    """(distractors, problem): `problem` says why fewer than `spec.count` were found."""
    answer = leaflet.data[spec.answer]
    gap = Decimal(str(spec.min_gap if spec.min_gap is not None else DEFAULT_GAP[answer.unit]))
    taken: list[Candidate] = [Candidate(answer, spec.answer)]

    def fits(candidate: DataValue) -> bool:
        if candidate.unit != answer.unit:
            return False
        printed = format_value(candidate, "en")
        return all(abs(magnitude(candidate) - magnitude(t.value)) >= gap
                   and printed != format_value(t.value, "en") for t in taken)

    for candidate in _named(leaflet, spec) + _from_dataset(leaflet, spec, answer):
        if len(taken) > spec.count:
            break
        if candidate.data_name not in {t.data_name for t in taken} and fits(candidate.value):
            taken.append(candidate)
    if spec.generate:
        for value in _generated(answer, gap):
            if len(taken) > spec.count:
                break
            if fits(value):
                taken.append(Candidate(value, None))
    distractors = taken[1:]
    generated = 0
    out = []
    for candidate in distractors:     # name generated values in the order they were taken
        if candidate.data_name is None:
            generated += 1
            candidate = Candidate(_renamed(candidate.value, f"{spec.answer}~{generated}"), None)
        out.append(candidate)
    problem = None
    if len(out) < spec.count:
        problem = (f"found only {len(out)} of {spec.count} distractors at least {gap} apart "
                   f"from each other and from the answer")
    return out, problem


def _named(leaflet: Leaflet, spec: NumericSpec) -> list[Candidate]:
    return [Candidate(leaflet.data[name], name) for name in spec.values if name in leaflet.data]


def _from_dataset(leaflet: Leaflet, spec: NumericSpec, answer: DataValue) -> list[Candidate]:
    dataset = leaflet.datasets.get(spec.dataset) if spec.dataset else None
    if dataset is None:
        return []
    column = next((row.values.index(spec.answer) for row in dataset.rows
                   if spec.answer in row.values), None)
    names = [(index, name) for row in dataset.rows for index, name in enumerate(row.values)
             if name != spec.answer]
    # the answer's own column when it has one (another column holds figures of another
    # kind), else every figure of the dataset
    same = [name for index, name in names if index == column]
    other = [name for _index, name in names] if column is None else []
    target = magnitude(answer)

    def nearest(names):
        return sorted(dict.fromkeys(names),
                      key=lambda n: (abs(magnitude(leaflet.data[n]) - target), n))

    return [Candidate(leaflet.data[n], n) for n in nearest(same) + nearest(other)]


def _generated(answer: DataValue, gap: Decimal):
    """Plausible values around the answer, most plausible first, rounded like the answer."""
    x = magnitude(answer)
    places = digits(answer) if answer.unit in ("percent", "number") else 0
    seen = set()
    raw = []
    step = max(gap, Decimal(1).scaleb(-places))
    for k in range(1, 40):
        raw += [x + step * k, x - step * k]
    for number in raw:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if number in seen or number == x or not _in_range(answer.unit, number):
            continue
        seen.add(number)
        yield _with_value(answer, number, places)


def _in_range(unit: str, number: Decimal) -> bool:
    return 0 < number < 100 if unit == "percent" else number > 0


def _with_value(answer: DataValue, number: Decimal, places: int) -> DataValue:
    if answer.unit == "month_year":
        year, month = divmod(int(number), 12)
        value: object = f"{year:04d}-{month + 1:02d}"
    elif places == 0:
        value = int(number)
    else:
        value = float(number)
    return DataValue(name=answer.name, value=value, unit=answer.unit, source="generated",
                     about=f"generated distractor for {answer.name}",
                     decimals=answer.decimals, line=answer.line)


def _renamed(value: DataValue, name: str) -> DataValue:
    return DataValue(name=name, value=value.value, unit=value.unit, source=value.source,
                     about=value.about, decimals=value.decimals, line=value.line)
