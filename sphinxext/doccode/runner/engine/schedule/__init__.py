"""When each unit starts: start order, how many at once, turns, one instance at a time."""
