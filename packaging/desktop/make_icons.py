"""Draw the Windows .ico and the macOS .icns from the one icon source, the Linux SVG.

Run `make icons` after changing packaging/linux/org.prefdesk.Prefdesk.svg; the outputs are
committed so a Windows or macOS build needs neither Qt's SVG renderer nor this script. The
SVG is rendered by Qt at each size (no resampling of one bitmap), and Pillow writes the
containers: .ico with 16–256 px layers, .icns up to 1024 px (512 px at 2x).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "packaging/linux/org.prefdesk.Prefdesk.svg"
ICO = ROOT / "packaging/windows/prefdesk.ico"
ICNS = ROOT / "packaging/macos/Prefdesk.icns"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"make_icons: {SVG} is not a valid SVG", file=sys.stderr)
        return 1
    largest = render(renderer, 1024)
    ico_layers = [render(renderer, size) for size in ICO_SIZES]
    ICO.parent.mkdir(parents=True, exist_ok=True)
    ico_layers[-1].save(
        ICO, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=ico_layers[:-1]
    )
    ICNS.parent.mkdir(parents=True, exist_ok=True)
    largest.save(ICNS, format="ICNS", append_images=[render(renderer, s) for s in ICNS_SIZES[:-1]])
    print(f"wrote {ICO.relative_to(ROOT)} and {ICNS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
