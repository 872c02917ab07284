"""Subcommands of the `paylinks` console script, one module each."""
