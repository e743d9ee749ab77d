"""Ray instances: a private one started through the holder, or an existing cluster."""
