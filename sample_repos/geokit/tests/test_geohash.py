import pytest

from geokit import geohash

def test_length_1(): assert len(geohash(57.64911, 10.40744, precision=1)) == 1
def test_length_2(): assert len(geohash(57.64911, 10.40744, precision=2)) == 2
def test_length_3(): assert len(geohash(57.64911, 10.40744, precision=3)) == 3
def test_length_4(): assert len(geohash(57.64911, 10.40744, precision=4)) == 4
def test_length_5(): assert len(geohash(57.64911, 10.40744, precision=5)) == 5
def test_length_6(): assert len(geohash(57.64911, 10.40744, precision=6)) == 6
def test_length_7(): assert len(geohash(57.64911, 10.40744, precision=7)) == 7
def test_length_8(): assert len(geohash(57.64911, 10.40744, precision=8)) == 8
def test_length_9(): assert len(geohash(57.64911, 10.40744, precision=9)) == 9
def test_length_10(): assert len(geohash(57.64911, 10.40744, precision=10)) == 10
def test_length_11(): assert len(geohash(57.64911, 10.40744, precision=11)) == 11
def test_length_12(): assert len(geohash(57.64911, 10.40744, precision=12)) == 12
def test_known_value(): assert geohash(57.64911, 10.40744, precision=11) == 'u4pruydqqvj'
def test_prefix_property(): assert geohash(48.8584, 2.2945, 9).startswith(geohash(48.8584, 2.2945, 5))


def test_out_of_range():
    with pytest.raises(ValueError):
        geohash(91, 0)
