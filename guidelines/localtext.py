"""Text given in each of a pack's languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalText:
    """One piece of text per language code, in the order the pack lists its languages.

    ``get`` never fails: it falls back to the base language (``zh`` for ``zh-Hans``) and then
    to the first language, so a screen always has something to show.
    """

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, **texts: str) -> LocalText:
        return cls(tuple(texts.items()))

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.texts)

    def get(self, lang: str | None = None) -> str:
        if not self.texts:
            return ""
        table = dict(self.texts)
        if lang is not None:
            if lang in table:
                return table[lang]
            base = lang.split("-")[0]
            for code, text in self.texts:
                if code.split("-")[0] == base:
                    return text
        return self.texts[0][1]

    def to_json(self) -> dict[str, str]:
        return dict(self.texts)
