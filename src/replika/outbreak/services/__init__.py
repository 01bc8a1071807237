"""Every write of the outbreak module."""
