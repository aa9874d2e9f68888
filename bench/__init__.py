"""Performance benchmarks: `make bench` (`python -m bench`) prints one JSON document."""
