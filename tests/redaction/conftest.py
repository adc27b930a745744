from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture
def client() -> Client:
    """The pages in English (the default language is Bokmål), so the tests read the English text."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The services' messages in English too."""
    with translation.override("en"):
        yield
