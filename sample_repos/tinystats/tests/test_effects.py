import numpy as np
import pytest
from hypothesis import given, strategies as st

from tinystats import cohens_d


def test_known_value():
    assert cohens_d([2, 4, 6], [1, 3, 5]) == pytest.approx(0.5)


def test_sign_flips_when_swapped():
    a, b = [1, 2, 3, 9], [2, 2, 4, 4]
    assert cohens_d(a, b) == pytest.approx(-cohens_d(b, a))


def test_constant_samples_raise():
    with pytest.raises(ZeroDivisionError):
        cohens_d([1, 1], [1, 1])


@given(st.lists(st.floats(-1e3, 1e3), min_size=3, max_size=20))
def test_shift_invariance(values):
    data = np.asarray(values)
    if np.ptp(data) == 0:
        return
    np.testing.assert_allclose(cohens_d(data + 1, data), cohens_d(data + 5, data + 4), rtol=1e-6)
