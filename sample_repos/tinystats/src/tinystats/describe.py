"""Robust one-line summaries."""

import numpy as np


def mad(values) -> float:
    """Median absolute deviation."""
    data = np.asarray(values, dtype=float)
    return float(np.median(np.abs(data - np.median(data))))


def describe(values) -> dict:
    """Median, MAD, IQR and the number of points beyond 1.5 IQR."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        raise ValueError("no values")
    q1, median, q3 = np.percentile(data, [25, 50, 75])
    iqr = q3 - q1
    outliers = int(np.sum((data < q1 - 1.5 * iqr) | (data > q3 + 1.5 * iqr)))
    return {"median": float(median), "mad": mad(data), "iqr": float(iqr), "outliers": outliers}
