"""Choose what a delivery holds: formats and filters, as ``prefdesk-server export`` takes them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate in ``context``; ``DeliveryDialog.tr`` translates it."""
    return text


#: (format id, what a lead reads) in the order shown; ids are the server's format names.
FORMATS: tuple[tuple[str, str], ...] = (
    (
        "trl-preference",
        QT_TRANSLATE_NOOP("DeliveryDialog", "TRL preference (prompt, chosen, rejected)"),
    ),
    (
        "trl-conversational",
        QT_TRANSLATE_NOOP("DeliveryDialog", "TRL preference, conversational messages"),
    ),
    ("reward", QT_TRANSLATE_NOOP("DeliveryDialog", "Reward model (implicit prompt)")),
    ("kto", QT_TRANSLATE_NOOP("DeliveryDialog", "KTO unpaired (prompt, completion, label)")),
    ("sft", QT_TRANSLATE_NOOP("DeliveryDialog", "SFT from rewrites (messages)")),
    ("openai-dpo", QT_TRANSLATE_NOOP("DeliveryDialog", "OpenAI preference fine-tuning JSONL")),
    (
        "parquet",
        QT_TRANSLATE_NOOP("DeliveryDialog", "Parquet, one row per judgment with provenance"),
    ),
    ("csv", QT_TRANSLATE_NOOP("DeliveryDialog", "CSV, one row per judgment")),
)


@dataclass(frozen=True)
class DeliveryChoice:
    formats: tuple[str, ...]
    accepted_only: bool
    exclude_stale: bool
    keep_ties: bool
    min_agreement: float | None = None


class DeliveryDialog(QDialog):
    """Formats (TRL preference and Parquet ticked at first) and the delivery's filters."""

    def __init__(self, project_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export delivery"))
        self.setAccessibleName(self.tr("Export delivery"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Deliver project {0} as a zip with a manifest (counts and sha256).").format(
                project_id
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        group = QGroupBox(self.tr("Formats"))
        column = QVBoxLayout(group)
        self.format_boxes: dict[str, QCheckBox] = {}
        for key, text in FORMATS:
            box = QCheckBox(self.tr(text))
            box.setAccessibleName(self.tr(text))
            box.setChecked(key in ("trl-preference", "parquet"))
            box.toggled.connect(self._update)
            self.format_boxes[key] = box
            column.addWidget(box)
        layout.addWidget(group)
        self.accepted_only = QCheckBox(self.tr("Accepted judgments only"))
        self.accepted_only.setChecked(True)
        self.exclude_stale = QCheckBox(self.tr("Leave out judgments made under an older pack"))
        self.keep_ties = QCheckBox(self.tr("Keep tied pairs"))
        for box in (self.accepted_only, self.exclude_stale, self.keep_ties):
            box.setAccessibleName(box.text())
            layout.addWidget(box)
        row = QHBoxLayout()
        self.use_agreement = QCheckBox(self.tr("Only items whose annotators agree at least"))
        self.use_agreement.setAccessibleName(self.use_agreement.text())
        self.agreement = QDoubleSpinBox()
        self.agreement.setRange(-1.0, 1.0)
        self.agreement.setSingleStep(0.05)
        self.agreement.setValue(0.5)
        self.agreement.setAccessibleName(self.tr("Minimum agreement"))
        self.agreement.setToolTip(
            self.tr("Mean over annotator pairs: Kendall tau-b on rankings, exact match otherwise")
        )
        self.agreement.setEnabled(False)
        self.use_agreement.toggled.connect(self.agreement.setEnabled)
        row.addWidget(self.use_agreement)
        row.addWidget(self.agreement)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(any(b.isChecked() for b in self.format_boxes.values()))

    def choice(self) -> DeliveryChoice:
        return DeliveryChoice(
            formats=tuple(k for k, b in self.format_boxes.items() if b.isChecked()),
            accepted_only=self.accepted_only.isChecked(),
            exclude_stale=self.exclude_stale.isChecked(),
            keep_ties=self.keep_ties.isChecked(),
            min_agreement=self.agreement.value() if self.use_agreement.isChecked() else None,
        )
