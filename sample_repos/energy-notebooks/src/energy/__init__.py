"""Feature code for the household energy notebooks."""
