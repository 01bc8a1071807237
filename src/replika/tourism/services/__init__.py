"""Every write of the tourism module."""
