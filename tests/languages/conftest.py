import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test asks for password resets from the same address: allauth's rate limits
    (kept in the cache) start again for each."""
    cache.clear()
    yield
    cache.clear()
