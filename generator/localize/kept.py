"""Results worked out once per process and kept while what they were read from is the same.

A build asks the same questions of every output of a locale (leaflet, quiz, key and web page
on each paper, both index files): its review state, whether it may be printed, its formatted
numbers. The answers depend on objects that are loaded or parsed again when their files
change (leaflets, quizzes, catalogs) and on versions of files (the review ledger's path,
change time and size), so an answer is kept with those objects and versions and given again
only while they are the same objects and equal versions.
"""

from __future__ import annotations

from typing import Callable


class KeptWhileSame:
    """key -> (the objects and version it was read from, the result); at most `limit` kept."""

    def __init__(self, limit: int = 256):
        self.limit = limit
        self._kept: dict[object, tuple[tuple, object, object]] = {}

    def get(self, key, objects: tuple, version, work_out: Callable[[], object]):
        """The result for `key`, worked out again unless it was read from these very
        `objects` (compared by identity) and an equal `version`."""
        hit = self._kept.get(key)
        if hit is not None and hit[1] == version and len(hit[0]) == len(objects) and all(
                a is b for a, b in zip(hit[0], objects)):
            return hit[2]
        result = work_out()
        if len(self._kept) >= self.limit:
            self._kept.clear()
        self._kept[key] = (objects, version, result)
        return result
