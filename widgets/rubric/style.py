"""The rubric form's style sheet: chips, a visible focus frame on every control, problems.

Qt style sheets have no ``outline``, so focus is shown as a thicker border in the highlight
colour. Controls get a same-sized transparent (or thin) border when not focused, with the
padding reduced by the difference on focus, so focusing never shifts the layout. A chosen
chip is filled with the highlight colour, so a focused chosen chip takes the text colour
for its frame instead: focus and choice stay distinguishable in light and dark palettes.
"""

from __future__ import annotations

PROBLEM_COLOR = "#c62828"

FORM_STYLE = f"""
QFrame[questionBox="true"] {{
    border: none;
    border-bottom: 1px solid palette(midlight);
}}
QFrame[questionBox="true"][problem="true"] {{
    border-left: 3px solid {PROBLEM_COLOR};
}}
QLabel[problems="true"], QLabel[warn="true"] {{
    color: {PROBLEM_COLOR};
}}
QPushButton {{
    border: 1px solid palette(mid);
    border-radius: 4px;
    padding: 3px 10px;
    background: palette(button);
}}
QPushButton:focus {{
    border: 2px solid palette(highlight);
    padding: 2px 9px;
}}
QPushButton[small="true"] {{
    padding: 1px 6px;
}}
QPushButton[small="true"]:focus {{
    padding: 0px 5px;
}}
QPushButton:disabled {{
    color: palette(mid);
}}
QPushButton[chip="true"] {{
    background: palette(base);
    padding: 4px 5px;
}}
QPushButton[chip="true"]:hover {{
    border-color: palette(highlight);
}}
QPushButton[chip="true"]:checked {{
    background: palette(highlight);
    color: palette(highlighted-text);
    border-color: palette(highlight);
}}
QPushButton[chip="true"]:focus {{
    border: 2px solid palette(highlight);
    padding: 3px 4px;
}}
QPushButton[chip="true"]:checked:focus {{
    border-color: palette(text);
}}
QCheckBox, QRadioButton {{
    border: 2px solid transparent;
    border-radius: 4px;
    padding: 1px 3px;
}}
QCheckBox:focus, QRadioButton:focus {{
    border-color: palette(highlight);
}}
QAbstractScrollArea, QComboBox {{
    border: 1px solid palette(mid);
    border-radius: 3px;
    padding: 1px;
}}
QAbstractScrollArea:focus, QComboBox:focus {{
    border: 2px solid palette(highlight);
    padding: 0px;
}}
"""
