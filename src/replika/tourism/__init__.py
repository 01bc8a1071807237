"""Tourism and creative economy (SIP Banget): registries, operator reports, statistics."""
