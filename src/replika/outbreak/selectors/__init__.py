"""Every read of the outbreak module, through the one door."""
