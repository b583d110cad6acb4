"""The lead's QC dashboard: figures and table rows built from a ``protocol.ProjectReport``,
the Qt view that shows them, and the PNG and self-contained HTML exports.

Nothing here fetches the report: the app hands one in (``app/dashboard_window.py``).
"""
