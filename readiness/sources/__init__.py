"""Sources: local work trees, the sample portfolio, a GitHub account, safe sparse clones and safe git; imports only the shared base (models, errors, serialize)."""
