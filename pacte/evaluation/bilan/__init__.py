"""The annual review (bilan) of a pact: its content (`content`), written as a PDF (`pdf`) or an
editable ODT (`odt`) by `documents.produce`, from the command line and the pact's page."""
