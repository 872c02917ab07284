"""paylinks package."""
