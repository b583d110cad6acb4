"""The Lead menu: the review window and the QC dashboard for the signed-in account.

Both talk to the server with the account's own token through a ``LeadClient`` made here;
whether the account may review is the server's answer (its roles per project), shown in
the window, so annotators see the menu but get a clear sentence instead of a queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.account import Account
from app.tasks import TaskLanes

MakeAction = Callable[[str, str, Any], QAction]
Session = Callable[[], "tuple[Account, str] | None"]


def make_lead_client(account: Account, token: str) -> Any:
    from app.server_check import client_version
    from sync.lead_client import LeadClient  # late: start-up does not load httpx

    return LeadClient(
        account.server_url, token, client_version=client_version(), verify=account.verify
    )


class LeadDesk(QObject):
    """Opens one review window and one dashboard at a time for ``session()``'s account."""

    def __init__(
        self,
        lanes: TaskLanes,
        session: Session,
        parent: QWidget,
        lang: Callable[[], str | None] = lambda: None,
        client_factory: Callable[[Account, str], Any] = make_lead_client,
    ) -> None:
        super().__init__(parent)
        self.lanes = lanes
        self.session = session
        self.lang = lang
        self.client_factory = client_factory
        self._parent = parent
        self.review_window: QWidget | None = None
        self.dashboard_window: QWidget | None = None

    def build_menu(self, menu: QMenu, make_action: MakeAction) -> None:
        self.review_action = make_action("review", self.tr("&Review queue…"), self.open_review)
        self.dashboard_action = make_action(
            "dashboard", self.tr("QC &dashboard…"), lambda: self.open_dashboard(None)
        )
        for action in (self.review_action, self.dashboard_action):
            menu.addAction(action)
        self.set_signed_in(False)

    def set_signed_in(self, signed_in: bool) -> None:
        if hasattr(self, "review_action"):
            self.review_action.setEnabled(signed_in)
            self.dashboard_action.setEnabled(signed_in)

    def open_review(self) -> None:
        from app.review_window import ReviewWindow

        found = self.session()
        if found is None:
            return
        if self.review_window is not None and self.review_window.isVisible():
            self.review_window.raise_()
            self.review_window.activateWindow()
            return
        window = ReviewWindow(
            self.client_factory(*found), self.lanes, self.lang(), on_report=self.open_dashboard
        )
        self.review_window = window
        window.show()

    def close_windows(self) -> None:
        """Close the review window and the dashboard (the app is closing: their clients are
        released on the network lane before it stops)."""
        from shiboken6 import isValid

        for window in (self.review_window, self.dashboard_window):
            # A dashboard deletes itself when closed: only its Python name may be left.
            if window is not None and isValid(window) and window.isVisible():
                window.close()

    def open_dashboard(self, project_id: str | None) -> None:
        found = self.session()
        if found is None:
            return
        from app.dashboard_window import DashboardWindow

        client = self.client_factory(*found)

        def load() -> Any:
            project = project_id or next(iter(client.lead_projects()), None)
            if project is None:
                raise RuntimeError(self.tr("This account is not a lead or admin of any project."))
            return client.report(project)

        window = DashboardWindow(load, self.lanes)
        window.destroyed.connect(lambda: self.lanes.close_after_network(client.close))
        self.dashboard_window = window
        window.show()
