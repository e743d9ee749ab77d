"""The engine's handle on one driver process: its requests, replies and output."""
