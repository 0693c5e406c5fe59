"""Which departments a breakdown may name: k-anonymity decided from the org chart alone.

A department is named when it has at least k active members; every other share goes
to "other": those of smaller departments, of departments that no longer exist, and of
people we do not know. "other" must not become a small group by another name: when
the departments merged into it are one small department alone, or fewer than k
people together, the smallest named departments join it until it holds at least two
departments and k people. Then the total minus the named groups is "other", never
one small department.

The choice depends on group sizes only, never on the counts being shown: the same
departments are named in every answer about every item and period, so two answers
that differ by one share differ in one group's count, and a share from a small
department moves only "other". A rule that hid a group by its activity would name it
in one answer and not in the next, and the difference of the two would show it. A
department HR happens to call "other" is merged too, so the name means one thing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

OTHER = "other"


@dataclass(frozen=True)
class Groups:
    """The departments a breakdown names; everything else is OTHER."""

    named: frozenset[str]

    def label(self, department: str) -> str:
        """The group a department's counts are shown under."""
        return department if department in self.named else OTHER


def department_groups(headcount: Mapping[str, int], *, k: int) -> Groups:
    """The departments that may be named, given each department's active members."""
    named = {d: n for d, n in headcount.items() if n >= k and d and d.casefold() != OTHER}
    merged = {d: n for d, n in headcount.items() if n > 0 and d not in named}
    while named and _isolates_a_small_group(merged, k=k):
        smallest = min(named, key=lambda d: (named[d], d))
        merged[smallest] = named.pop(smallest)
    return Groups(frozenset(named))


def _isolates_a_small_group(merged: Mapping[str, int], *, k: int) -> bool:
    if all(n >= k for n in merged.values()):
        return False
    return len(merged) < 2 or sum(merged.values()) < k


def shares_by_group(rows: Iterable[tuple[str, int]], groups: Groups) -> list[tuple[str, int]]:
    """(department, shares) rows summed by group: named groups by count, then OTHER."""
    totals: Counter[str] = Counter()
    for department, shares in rows:
        totals[groups.label(department)] += shares
    other = totals.pop(OTHER, 0)
    shown = sorted(((d, n) for d, n in totals.items() if n > 0), key=lambda row: (-row[1], row[0]))
    return [*shown, (OTHER, other)] if other > 0 else shown
