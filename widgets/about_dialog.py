"""Help ▸ About: versions, the data folder (open it or copy its path), and the licenses of
the bundled components. Plain data in: the caller reads versions and licenses."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


class AboutDialog(QDialog):
    """``versions`` is (name, version) pairs; ``components`` is (name, version, license)."""

    def __init__(
        self,
        versions: Sequence[tuple[str, str]],
        data_folder: str,
        components: Sequence[tuple[str, str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_folder = data_folder
        self.setWindowTitle(self.tr("About Prefdesk"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._about_tab(versions, data_folder), self.tr("&About"))
        self.tabs.addTab(self._licenses_tab(components), self.tr("&Licenses"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(620, 480)

    def _about_tab(self, versions: Sequence[tuple[str, str]], data_folder: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("Prefdesk"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold")
        blurb = QLabel(self.tr("Collects preference judgments for training language models."))
        blurb.setWordWrap(True)
        form = QFormLayout()
        for name, version in versions:
            value = QLabel(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", value)
        self.folder_label = QLabel(data_folder)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Data folder:"), self.folder_label)
        self.open_button = QPushButton(self.tr("&Open folder"))
        self.copy_button = QPushButton(self.tr("&Copy path"))
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button.clicked.connect(self.copy_path)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        form.addRow("", row)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _licenses_tab(self, components: Sequence[tuple[str, str, str]]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            self.tr(
                "Prefdesk is built on these components; each keeps its own license, as its "
                "authors declared it."
            )
        )
        note.setWordWrap(True)
        self.licenses = QTableWidget(len(components), 3)
        self.licenses.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("License")]
        )
        self.licenses.setAccessibleName(self.tr("Licenses of bundled components"))
        self.licenses.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licenses.verticalHeader().hide()
        for row, values in enumerate(components):
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.licenses.setItem(row, column, cell)
        header = self.licenses.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(note)
        layout.addWidget(self.licenses, 1)
        return page

    def license_rows(self) -> list[tuple[str, str, str]]:
        """The table's rows, as shown."""
        rows = []
        for r in range(self.licenses.rowCount()):
            cells = [self.licenses.item(r, c) for c in range(3)]
            name, version, license_ = (cell.text() if cell else "" for cell in cells)
            rows.append((name, version, license_))
        return rows

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.data_folder))

    def copy_path(self) -> None:
        QGuiApplication.clipboard().setText(self.data_folder)
