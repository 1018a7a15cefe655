"""Helpers shared by the checks (the registry, imports and READMEs, notebooks, testing and deployment evidence); may import readiness.facts and the shared base."""
