"""Benchmark scripts: run them as files (python bench/report_bench.py); see each docstring."""
