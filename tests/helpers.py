"""Small helpers the test folders share."""

from contextlib import contextmanager

import pytest

from samenhier.errors import ApplicationError


@contextmanager
def refused(code: str):
    """The block raises the application error with this code (never a Dutch sentence)."""
    with pytest.raises(ApplicationError) as info:
        yield info
    assert info.value.code == code, f"refused with {info.value.code!r}, expected {code!r}"
