"""Signals insights sends, so the apps above it can act without insights importing them."""

from __future__ import annotations

from django.dispatch import Signal

# sent with ``run=`` once a screening run is done (its results stored, the finish audited)
screening_run_finished = Signal()
