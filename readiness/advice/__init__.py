"""Advice: the candidate's background and degree plan, the cost model and the degree-versus-portfolio rules; may import scoring and the stages below it."""
