"""Management commands of the nutrition module."""
