"""Bounding boxes."""


def bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) of POINTS."""
    if not points:
        raise ValueError("no points")
    lats, lons = zip(*points)
    return min(lats), min(lons), max(lats), max(lons)


def contains(box: tuple[float, float, float, float], point: tuple[float, float]) -> bool:
    """Whether POINT lies inside BOX (edges included)."""
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]
