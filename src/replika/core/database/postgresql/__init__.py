"""Django's PostgreSQL engine that skips the health check of a connection in steady use."""
