"""The rubric form: one editor per question of a guideline pack's rubric."""
