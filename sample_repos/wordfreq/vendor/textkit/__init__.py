"""textkit 0.4.2, vendored."""
