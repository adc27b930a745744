from django.utils import translation
from django.utils.functional import Promise


def english(message: Promise) -> str:
    """A lazy message in English, the language the tests' client asks for.

    Parametrize lists are built at collection time, when the default language (nb) is active.
    """
    with translation.override("en"):
        return str(message)


def named(field: str, message: Promise) -> str:
    """A personal-data message as a field's validator gives it, in English: the field's name
    first (`participation.core.privacy.FIELD_MESSAGE`)."""
    return f"{field}: {english(message)}"
