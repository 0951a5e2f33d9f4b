"""Name lists the synthetic CAF files draw from (package data)."""
