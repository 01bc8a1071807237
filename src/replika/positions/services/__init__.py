"""Writes of SI JABPRI: structure, positions and tasks, the workflow, the library."""
