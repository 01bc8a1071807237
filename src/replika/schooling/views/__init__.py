"""Pages of the schooling module."""
