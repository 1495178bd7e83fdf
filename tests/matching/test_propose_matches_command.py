import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from matching.models import Match, ProposalRound

from ..factories import ready_group, ready_refugee


@pytest.fixture
def candidates(municipality):
    ready_refugee(municipality=municipality, languages=["ar"], first_name="Rania")
    ready_refugee(municipality=municipality, languages=["ti"], first_name="Kidane")
    ready_group(municipality=municipality, name="Groep Zee")


def test_it_prints_pairs_and_unmatched_without_changing_data(candidates):
    out = StringIO()
    call_command("propose_matches", "--municipality", "den haag", stdout=out)
    text = out.getvalue()
    assert "Rania" in text
    assert "Groep Zee" in text
    assert "gedeelde taal" in text
    assert "Niet gekoppeld: Kidane" in text
    assert "geen gedeelde taal en geen tolk" in text
    assert not ProposalRound.objects.exists()
    assert not Match.objects.exists()


def test_it_prints_json(candidates):
    out = StringIO()
    call_command("propose_matches", "--municipality", "Den Haag", "--json", stdout=out)
    report = json.loads(out.getvalue())
    (pair,) = report["pairs"]
    assert pair["household_name"].startswith("Rania")
    assert abs(sum(pair["contributions"].values()) - pair["score"]) < 1e-3
    (unmatched,) = report["unmatched"]
    assert unmatched["reason"] == "no_feasible_group"
    assert unmatched["detail"] == {"language": 1}


def test_it_saves_the_round_only_when_asked(candidates):
    call_command("propose_matches", "--municipality", "Den Haag", "--save", stdout=StringIO())
    assert ProposalRound.objects.get().proposals.count() == 1
    assert not Match.objects.exists()


def test_it_names_the_known_municipalities_for_an_unknown_one(candidates):
    with pytest.raises(CommandError, match="Den Haag"):
        call_command("propose_matches", "--municipality", "Atlantis")
