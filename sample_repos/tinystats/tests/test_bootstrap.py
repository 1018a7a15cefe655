import pytest

from tinystats import bootstrap_ci


def test_interval_contains_mean():
    low, high = bootstrap_ci([1, 2, 3, 4, 5, 6], seed=1)
    assert low <= 3.5 <= high


def test_seed_makes_it_reproducible():
    assert bootstrap_ci([1, 5, 9], seed=3) == bootstrap_ci([1, 5, 9], seed=3)


def test_wider_level_gives_wider_interval():
    narrow = bootstrap_ci(range(50), level=0.5, seed=0)
    wide = bootstrap_ci(range(50), level=0.99, seed=0)
    assert wide[1] - wide[0] > narrow[1] - narrow[0]


def test_bad_level():
    with pytest.raises(ValueError):
        bootstrap_ci([1, 2], level=1.5)
