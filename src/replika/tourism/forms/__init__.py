"""Forms of the tourism module."""
