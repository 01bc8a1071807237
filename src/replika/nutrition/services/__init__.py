"""Writes of the nutrition module (registers, measurements, follow-up)."""
