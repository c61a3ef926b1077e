"""A boolean MkDocs option that takes what an environment variable read through ``!ENV`` gives."""

from __future__ import annotations

from mkdocs.config.base import BaseConfigOption, ValidationError

#: The spellings of true and false a boolean option takes (any case), e.g. from ``!ENV [ARGMAP_OFFLINE, false]``.
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


class Flag(BaseConfigOption[bool]):
    """A boolean option that also takes 1/0 and the words true/false, yes/no, on/off in any case:
    an environment variable read through ``!ENV`` arrives as whatever YAML makes of it (``1`` is an int)."""

    def __init__(self, default: bool) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower() if isinstance(value, (str, int)) else None
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(f"expected true or false ({', '.join(TRUE_WORDS)} / {', '.join(FALSE_WORDS)}, "
                                f"any case), found {value!r}")
