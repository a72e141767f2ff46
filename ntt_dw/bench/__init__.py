"""Benchmarks: each prints its figures and writes them under var/bench/ (`ntt-dw bench NAME`)."""
