"""Scoring: 0-10 check points to dimension scores, role scores from roles.toml, ranked gaps; may import checks, facts, sources and the shared base."""
