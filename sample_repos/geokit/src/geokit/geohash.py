"""Geohash encoding."""

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"


def geohash(lat: float, lon: float, precision: int = 9) -> str:
    """The geohash of (LAT, LON) with PRECISION characters."""
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValueError("coordinates out of range")
    lat_range, lon_range = [-90.0, 90.0], [-180.0, 180.0]
    bits, bit, even, out = 0, 0, True, []
    while len(out) < precision:
        rng, value = (lon_range, lon) if even else (lat_range, lat)
        mid = (rng[0] + rng[1]) / 2
        if value >= mid:
            bits, rng[0] = (bits << 1) | 1, mid
        else:
            bits, rng[1] = bits << 1, mid
        even, bit = not even, bit + 1
        if bit == 5:
            out.append(BASE32[bits])
            bits, bit = 0, 0
    return "".join(out)
