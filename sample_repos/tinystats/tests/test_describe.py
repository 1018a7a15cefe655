import numpy as np
import pytest

from tinystats import describe
from tinystats.describe import mad


def test_median_and_iqr():
    out = describe([1, 2, 3, 4, 5])
    assert out["median"] == 3
    assert out["iqr"] == 2


def test_outlier_is_counted():
    assert describe([1, 2, 2, 3, 40])["outliers"] == 1


def test_mad_of_constant_is_zero():
    assert mad([7, 7, 7]) == 0


def test_empty_input_raises():
    with pytest.raises(ValueError):
        describe([])


@pytest.mark.parametrize("values", [[1.0], [0, 0, 1], list(range(100))])
def test_median_matches_numpy(values):
    assert describe(values)["median"] == pytest.approx(float(np.median(values)))
