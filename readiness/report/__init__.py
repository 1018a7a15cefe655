"""Report output: renderers, the JSON schema, comparison with an earlier report, loading one back, Actions output; may import advice and the stages below it."""
