"""Every write of the schooling module (services with keyword-only ``actor``)."""
