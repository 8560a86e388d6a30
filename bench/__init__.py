"""The benchmark (`python bench/bench.py`), a package so tests can import its parts."""
