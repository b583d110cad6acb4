"""The project report behind the lead's dashboard: per annotator, per question, per day
and per batch (``project_report``), with the thresholds that flag an annotator
(``ReportSettings``)."""

from server.report.build import ReportSettings, project_report

__all__ = ["ReportSettings", "project_report"]
