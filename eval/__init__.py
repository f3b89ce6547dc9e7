"""Hand-labelled evaluation data for the claim extractor, and the scorers that use it (see eval/README.md)."""
