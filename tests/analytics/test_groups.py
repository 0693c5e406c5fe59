"""Which departments a breakdown names: never a small one, alone or as the remainder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.analytics.groups import OTHER, department_groups, shares_by_group

K = 5


def test_large_departments_are_named_and_small_ones_merged() -> None:
    groups = department_groups({"Eng": 12, "Sales": 7, "Legal": 3, "Board": 2}, k=K)
    assert groups.named == {"Eng", "Sales"}
    assert groups.label("Legal") == groups.label("Board") == OTHER
    assert groups.label("") == groups.label("A department since dissolved") == OTHER


def test_one_small_department_alone_takes_the_smallest_named_one_into_other() -> None:
    # "other" = Legal alone would let the total minus the named groups show Legal.
    groups = department_groups({"Eng": 12, "Sales": 7, "Ops": 6, "Legal": 4}, k=K)
    assert groups.named == {"Eng", "Sales"}


def test_small_departments_fewer_than_k_together_take_in_a_named_one() -> None:
    groups = department_groups({"Eng": 12, "Sales": 7, "Legal": 1, "Board": 2}, k=K)
    assert groups.named == {"Eng"}
    assert department_groups({"Eng": 12, "Legal": 3, "Board": 2}, k=K).named == {"Eng"}


def test_when_everything_is_small_nothing_is_named() -> None:
    assert department_groups({"Legal": 4}, k=K).named == frozenset()
    assert department_groups({"Legal": 4, "Eng": 5}, k=K).named == frozenset()


def test_a_department_called_other_is_never_confused_with_the_merged_group() -> None:
    groups = department_groups({"Eng": 12, "Other": 9, "other": 8}, k=K)
    assert groups.named == {"Eng"}


def test_shares_are_summed_by_group_with_other_last() -> None:
    groups = department_groups({"Eng": 12, "Sales": 7, "Legal": 3, "Board": 2}, k=K)
    rows = [("Sales", 4), ("Legal", 2), ("Eng", 1), ("", 3), ("Board", 1), ("Eng", 3), ("Gone", 0)]
    assert shares_by_group(rows, groups) == [("Eng", 4), ("Sales", 4), (OTHER, 6)]
    assert shares_by_group([("Eng", 2)], groups) == [("Eng", 2)]


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 12), max_size=8))
def test_other_is_never_one_small_department_nor_fewer_than_k_people(
    headcount: dict[str, int],
) -> None:
    named = department_groups(headcount, k=K).named
    assert all(headcount[d] >= K for d in named)
    merged = {d: n for d, n in headcount.items() if n > 0 and d not in named}
    if named and any(n < K for n in merged.values()):
        # Subtracting the named groups from the total leaves at least two departments
        # and k people, so no small department's count can be worked out.
        assert len(merged) >= 2
        assert sum(merged.values()) >= K
