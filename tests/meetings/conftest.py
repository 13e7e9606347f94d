import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _german():
    # URLs are reversed and messages rendered in the default language, whatever ran before.
    with translation.override("de"):
        yield
