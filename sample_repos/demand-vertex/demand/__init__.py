"""Daily bike-rental demand per station."""
