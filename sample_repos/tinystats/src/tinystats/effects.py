"""Effect sizes."""

import numpy as np


def cohens_d(a, b) -> float:
    """Standardised mean difference with a pooled standard deviation."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    pooled = np.sqrt(((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / (x.size + y.size - 2))
    if pooled == 0:
        raise ZeroDivisionError("both samples are constant")
    return float((x.mean() - y.mean()) / pooled)
