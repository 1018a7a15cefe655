"""Cohort mode: the roster, the GitHub budget and every candidate run as a Dask task; may import every stage but cli."""
