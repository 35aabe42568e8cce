"""Constrained clustering: thresholds, reviewed decisions and cannot-link constraints."""

import datetime as dt

from sabt.link.clustering import cluster


def groups(result):
    return sorted(sorted(g) for g in result.groups().values())


def test_pairs_at_or_above_the_threshold_join():
    result = cluster([1, 2, 3, 4], [(1, 2, 0.95), (2, 3, 0.89), (3, 4, 0.9)], threshold=0.9)
    assert groups(result) == [[1, 2], [3, 4]]


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
