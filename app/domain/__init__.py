"""The domain of notes verbales: stdlib only, no Qt, SQL or PDF."""
