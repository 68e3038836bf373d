"""`make bench`: a generated two-year history of 500 SDRs, and /mykpis measured against it.

Run with `python -m bench` (the Makefile starts PostgreSQL first). It prints its numbers next to
the spec's quality bars; BENCHMARKS.md records a run. Importing this package does nothing.
"""
