"""Reads of SI JABPRI, every one through the one door (``core.access``)."""
