"""A refusal said in the user's language: a message key and its values, not a sentence.

The web app says it in the asking user's language (``app.py`` turns it into a 400 page or JSON),
the CLI in English, both from the same words in ``i18n/{en,fa}.toml``.
"""

from __future__ import annotations

from sabt.web.auth import AuthError
from sabt.web.i18n import show_number, translate


class Explained(AuthError):
    """``prefix + key`` names the message; ``values`` fill it (numbers in the language's digits);
    ``hint`` (a key under ``password_hint.``) may follow it."""

    prefix = ""

    def __init__(self, key: str, values: dict | None = None, hint: str | None = None):
        self.key, self.values, self.hint = key, values or {}, hint
        super().__init__(self.say("en"))

    def say(self, lang: str) -> str:
        values = {k: show_number(v, lang) if isinstance(v, int) else v for k, v in self.values.items()}
        text = translate(lang, self.prefix + self.key).format(**values)
        if self.hint:
            text += " " + translate(lang, f"password_hint.{self.hint}")
        return text
