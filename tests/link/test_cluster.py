"""Constrained clustering: thresholds, reviewed decisions and cannot-link constraints."""

import datetime as dt

from sabt.link.clustering import CLUSTER_THRESHOLD, cluster


def groups(result):
    return sorted(sorted(g) for g in result.groups().values())


def test_pairs_at_or_above_the_threshold_join():
    result = cluster([1, 2, 3, 4], [(1, 2, 0.95), (2, 3, 0.89), (3, 4, 0.9)], threshold=0.9)
    assert groups(result) == [[1, 2], [3, 4]]
    result = cluster([1, 2, 3], [(1, 2, CLUSTER_THRESHOLD + 0.01), (2, 3, CLUSTER_THRESHOLD - 0.01)])
    assert groups(result) == [[1, 2], [3]]


def test_a_rejected_pair_is_never_joined_even_through_a_chain():
    pairs = [(1, 2, 0.99), (2, 3, 0.98)]
    result = cluster([1, 2, 3], pairs, rejected={(1, 3)})
    assert groups(result) == [[1, 2], [3]]
    assert result.refused_links == [(2, 3, "a reviewer rejected a link between these groups")]


def test_an_accepted_pair_joins_whatever_the_model_said():
    result = cluster([1, 2], [(1, 2, 0.05)], accepted={(1, 2)})
    assert groups(result) == [[1, 2]]


def test_dates_of_death_years_apart_do_not_join():
    deaths = {1: dt.date(2026, 1, 8), 2: dt.date(2026, 1, 9), 3: dt.date(2019, 11, 16)}
    result = cluster([1, 2, 3], [(1, 2, 0.97), (2, 3, 0.99)], death_dates=deaths)
    assert groups(result) == [[1, 2], [3]]
    assert result.refused_links == [(2, 3, "dates of death more than 365 days apart")]


def test_the_stronger_link_wins_a_conflict():
    pairs = [(1, 2, 0.91), (2, 3, 0.99)]
    result = cluster([1, 2, 3], pairs, rejected={(1, 3)})
    assert groups(result) == [[1], [2, 3]]


def test_records_without_links_are_their_own_persons():
    assert groups(cluster([5, 6, 7], [])) == [[5], [6], [7]]


def test_known_sexes_that_differ_are_not_joined():
    result = cluster([1, 2, 3], [(1, 2, 0.99), (2, 3, 0.95)], sexes={1: "m", 2: None, 3: "f"})
    assert groups(result) == [[1, 2], [3]]
    assert result.refused_links == [(2, 3, "different sex")]


def test_years_of_birth_may_not_spread_beyond_heaping():
    years = {1: 1990, 2: 1995, 3: 1998}
    result = cluster([1, 2, 3], [(1, 2, 0.99), (2, 3, 0.95)], birth_years=years)
    assert groups(result) == [[1, 2], [3]]
    assert "years of birth" in result.refused_links[0][2]


def test_a_chain_through_one_list_stops_at_two_records():
    sources = {i: "org-a" for i in range(1, 6)}
    pairs = [(1, 2, 0.99), (2, 3, 0.98), (3, 4, 0.97), (4, 5, 0.96)]
    result = cluster([1, 2, 3, 4, 5], pairs, sources=sources)
    assert groups(result) == [[1, 2], [3, 4], [5]]


def test_a_reviewers_accept_stands_over_automatic_constraints_but_not_over_a_reject():
    assert groups(cluster([1, 2], [], accepted={(1, 2)}, sexes={1: "m", 2: "f"})) == [[1, 2]]
    result = cluster([1, 2, 3], [], accepted={(1, 2), (2, 3)}, rejected={(1, 3)})
    assert len(groups(result)) == 2


def test_a_sure_pair_outweighs_a_conflicting_year_of_birth_but_not_a_reviewer():
    years = {1: 1951, 2: 1915, 3: 1990, 4: 1933}
    result = cluster([1, 2, 3, 4], [(1, 2, 0.9995), (3, 4, 0.99)], birth_years=years)
    assert groups(result) == [[1, 2], [3], [4]]
    assert result.refused_links == [(3, 4, "years of birth more than 6 years apart")]
    result = cluster([1, 2], [(1, 2, 0.9995)], birth_years=years, rejected={(1, 2)})
    assert groups(result) == [[1], [2]]


def test_a_sure_pair_still_keeps_the_per_list_limit():
    sources = {1: "a", 2: "a", 3: "a"}
    result = cluster([1, 2, 3], [(1, 2, 0.99995), (2, 3, 0.9999)], sources=sources)
    assert groups(result) == [[1, 2], [3]]


def test_records_with_different_fathers_are_not_chained_into_one_person():
    fathers = {1: "mrtz", 2: None, 3: "bhzd", 4: "mrz"}
    result = cluster([1, 2, 3], [(1, 2, 0.95), (2, 3, 0.9)], fathers=fathers)
    assert groups(result) == [[1, 2], [3]]
    assert result.refused_links[0][2] == "different fathers' names"
    result = cluster([1, 4], [(1, 4, 0.9)], fathers=fathers)  # one letter apart: a typo, not a second father
    assert groups(result) == [[1, 4]]


def test_missing_values_as_pandas_gives_them_are_unknown_not_values():
    nan = float("nan")
    result = cluster([1, 2, 3], [(1, 2, 0.95), (2, 3, 0.9)],
                     fathers={1: "mrtz", 2: nan, 3: "mrtz"}, sexes={1: "m", 2: nan, 3: "m"},
                     birth_years={1: 1990, 2: nan, 3: 1991}, death_dates={1: None, 2: nan, 3: None})
    assert groups(result) == [[1, 2, 3]] and result.refused_links == []


def test_settled_groups_are_neither_joined_nor_split_by_later_records():
    """Issue 15: open records' persons are settled first; a protected record (3) scored as the
    same person as both 1 and 2 joins one of them and does not bridge them into one person."""
    result = cluster([1, 2, 3, 4], [(1, 3, 0.99), (2, 3, 0.95), (4, 3, 0.9)], fixed={1: 10, 2: 20, 4: 10})
    assert result.cluster_of[1] != result.cluster_of[2]
    assert result.cluster_of[1] == result.cluster_of[4] == result.cluster_of[3]
    assert any("settled" in reason for _, _, reason in result.refused_links)
