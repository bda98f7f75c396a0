"""Benchmarks: each prints its figures (medians, ratios against a baseline from the same run)."""
