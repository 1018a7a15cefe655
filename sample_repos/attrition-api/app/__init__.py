"""The attrition API."""
