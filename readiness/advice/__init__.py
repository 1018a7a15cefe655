"""Advice: the candidate's background and degree plan, the cost model, the degree-versus-portfolio rules and job-posting matching; may import scoring and the stages below it."""
