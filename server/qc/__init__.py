"""Quality control over accepted judgments, as a pure library (no database, no HTTP).

``records``: judgments and flat answer records; ``gold``: accuracy on gold items;
``agreement``: inter-annotator agreement on overlap items; ``consistency``: rules run on one
judgment; ``bias``: position and length bias per annotator.
"""
