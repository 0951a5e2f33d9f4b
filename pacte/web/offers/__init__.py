"""The pages of the offre d'insertion: the catalogue, its import, the coverage of the territory and
the prescriptions, each in its own package."""
