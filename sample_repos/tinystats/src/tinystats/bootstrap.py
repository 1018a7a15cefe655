"""Percentile bootstrap confidence intervals."""

import numpy as np


def bootstrap_ci(values, statistic=np.mean, n_resamples: int = 1000, level: float = 0.95, seed=None):
    """Return (low, high) for STATISTIC of VALUES."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    rng = np.random.default_rng(seed)
    data = np.asarray(values, dtype=float)
    samples = rng.choice(data, size=(n_resamples, data.size), replace=True)
    stats = np.apply_along_axis(statistic, 1, samples)
    alpha = (1 - level) / 2
    return float(np.quantile(stats, alpha)), float(np.quantile(stats, 1 - alpha))
