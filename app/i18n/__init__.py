"""Languages of the interface and of the notes: dates in diplomatic style, message catalogs."""
