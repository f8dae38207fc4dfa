"""Versions of a quiz: the same items with question and answer order shuffled.

Everything is derived from (seed, topic, purpose) with its own `random.Random`, never the
global generator, and only from item and choice ids: the same seed gives the same versions
on every machine and in every language, so one key per version fits every translation.

Answer positions are balanced: for items with one correct answer whose order may change,
the correct choice sits at position (base + version) mod n, where the bases are dealt out
round-robin (per number of choices n) over the items in a seeded order. So within a version
the correct answers are spread evenly over the boxes, and across versions each item's
answer moves box by box.
Items with `fixed_order` (ordered scales, "all of the above") and true/false keep their order.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from generator.errors import LeafletError
from generator.quiz.model import Item, Quiz
from generator.quiz.numeric import magnitude

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_VERSIONS = len(LETTERS)
DEFAULT_SEED = 0      # the seed `leaflets build` uses: not part of file names


@dataclass(frozen=True)
class Version:
    """One printable order of a quiz."""

    letter: str                                   # "A", "B" ...; "" for the file order
    items: tuple[str, ...]                        # item ids in print order
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # item -> choice ids
    prompts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # matching: pair ids

    def choice_order(self, item: Item) -> tuple[str, ...]:
        return self.choices.get(item.id) or canonical_choices(item)

    def prompt_order(self, item: Item) -> tuple[str, ...]:
        return self.prompts.get(item.id) or tuple(p.id for p in item.pairs)


def canonical_choices(item: Item) -> tuple[str, ...]:
    """The order in the file; numbers from small to large; matching answers, pairs first."""
    if item.kind == "matching":
        return tuple(p.id for p in item.pairs) + tuple(e.id for e in item.extra)
    if item.kind == "numeric":
        return tuple(c.id for c in sorted(item.choices, key=lambda c: magnitude(c.value)))
    return tuple(c.id for c in item.choices)


def canonical(quiz: Quiz) -> Version:
    """The file order, for exports (learning systems shuffle by themselves)."""
    return Version("", tuple(i.id for i in quiz.items),
                   {i.id: canonical_choices(i) for i in quiz.items})


def rng(seed: int | str, topic: str, *purpose: str) -> random.Random:
    """A generator of its own for one purpose, derived from the seed by hashing."""
    key = "\x1f".join(str(part) for part in (seed, topic, *purpose))
    return random.Random(int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big"))


def balanced_items(quiz: Quiz) -> list[Item]:
    """Items whose one correct answer can be put in any box."""
    return [i for i in quiz.items
            if i.shuffles and i.kind in ("single", "numeric") and len(i.correct_ids()) == 1]


def make_versions(quiz: Quiz, count: int = 1, seed: int | str = 0) -> list[Version]:
    if not 1 <= count <= MAX_VERSIONS:
        raise LeafletError(f"--versions must be from 1 to {MAX_VERSIONS}, not {count}",
                           hint="one letter per version, A to Z")
    dealt = balanced_items(quiz)
    rng(seed, quiz.topic, "positions").shuffle(dealt)
    base, dealt_so_far = {}, {}
    for item in dealt:           # round-robin within each group of items with n choices
        n = len(item.choices)
        base[item.id] = dealt_so_far.get(n, 0) % n
        dealt_so_far[n] = dealt_so_far.get(n, 0) + 1
    versions = []
    for number in range(count):
        letter = LETTERS[number]
        order = [i.id for i in quiz.items]
        rng(seed, quiz.topic, letter, "questions").shuffle(order)
        choices, prompts = {}, {}
        for item in quiz.items:
            draw = rng(seed, quiz.topic, letter, item.id)
            ids = list(canonical_choices(item))
            if item.id in base:
                ids = _place_correct(item, ids, (base[item.id] + number) % len(ids), draw)
            elif item.shuffles:
                draw.shuffle(ids)
            choices[item.id] = tuple(ids)
            if item.kind == "matching":
                lefts = [p.id for p in item.pairs]
                draw.shuffle(lefts)
                prompts[item.id] = tuple(lefts)
        versions.append(Version(letter, tuple(order), choices, prompts))
    return versions


def _place_correct(item: Item, ids: list[str], position: int, draw: random.Random) -> list[str]:
    correct = item.correct_ids()[0]
    wrong = [i for i in ids if i != correct]
    draw.shuffle(wrong)
    wrong.insert(position, correct)
    return wrong
