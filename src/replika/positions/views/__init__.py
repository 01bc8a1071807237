"""Pages of SI JABPRI; each area keeps its own URL patterns."""
