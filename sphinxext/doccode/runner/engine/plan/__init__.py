"""Before a unit runs: its settings, why it is skipped, its cache key and cached result."""
