"""XML Schemas and element trees of the CAF files (package data)."""
