"""A page of a list and its number of rows in one query (samenhier.paging)."""

import pytest

from samenhier.models import Municipality
from samenhier.paging import page_of, with_total

from ..factories import MunicipalityFactory


@pytest.fixture
def places(db):
    MunicipalityFactory.create_batch(7)
    return with_total(Municipality.objects.order_by("name"))


def test_a_page_and_its_count_are_one_query(places, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_of(places, "2", per_page=3)
        names = [m.name for m in page]
    assert page.paginator.count == 7
    assert page.paginator.num_pages == 3
    assert names == list(Municipality.objects.order_by("name").values_list("name", flat=True))[3:6]
    assert page.has_next()
    assert page.has_previous()


@pytest.mark.parametrize("asked", [None, "", "twee", "-4", "0"])
def test_what_is_not_a_page_number_is_the_first_page(places, asked):
    page = page_of(places, asked, per_page=3)
    assert page.number == 1
    assert len(page) == 3


@pytest.mark.parametrize("asked", ["4", "999", str(10**30)])
def test_past_the_end_is_the_last_page(places, asked):
    page = page_of(places, asked, per_page=3)
    assert page.number == 3
    assert len(page) == 1
    assert page.paginator.count == 7


def test_an_empty_list_is_one_empty_page(db):
    page = page_of(with_total(Municipality.objects.none()), "3")
    assert page.number == 1
    assert list(page) == []
    assert page.paginator.count == 0
