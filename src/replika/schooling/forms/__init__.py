"""Forms of the schooling module: input shape only; the services decide the rest."""
