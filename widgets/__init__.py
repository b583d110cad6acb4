"""Reusable Qt views. They show view-model dataclasses and emit signals; no SQL, no HTTP."""
