"""Warm drivers on a Ray instance, and which pool of them a unit runs in."""
