"""Figures shared by pages and reports; each is defined once, in `definitions`."""
