"""Forms of the outbreak pages: they check the input's shape; the services check the rules."""
