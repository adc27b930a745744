from django.utils import translation
from django.utils.functional import Promise


def english(message: Promise) -> str:
    """A lazy message in English, the language the tests' client asks for.

    Parametrize lists are built at collection time, when the default language (nb) is active.
    """
    with translation.override("en"):
        return str(message)
