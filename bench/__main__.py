"""Run every benchmark: ``python -m bench`` (``make bench``)."""
