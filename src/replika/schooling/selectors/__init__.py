"""Every read of the schooling module, through the one door."""
