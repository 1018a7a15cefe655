"""Pipeline: runs the stages in order (an account gathered, facts, checks in workers with a report cache, scores, advice); may import every stage but cohort and cli."""
