"""manage.py propose_matches --municipality NAME [--json] [--save]

Prints a proposal round: the pairs, their scores and explanations, and every household
left unmatched with the reason. Changes nothing unless --save is given (then the round
is kept for the coordinators' match board; still nothing is matched).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from matching.explain import CRITERION_LABELS, HARD_REASON_LABELS
from matching.round_input import round_compute
from matching.services.rounds import round_run
from samenhier.models import Municipality


class Command(BaseCommand):
    help = "Print the matching engine's proposals for a municipality (read-only unless --save)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Name of the municipality.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument(
            "--save", action="store_true", help="Keep the round for the match board."
        )

    def handle(self, *args, municipality, json: bool, save: bool, **options):
        translation.activate("nl")
        try:
            place = Municipality.objects.get(name__iexact=municipality)
        except Municipality.DoesNotExist as error:
            known = ", ".join(Municipality.objects.values_list("name", flat=True))
            raise CommandError(f"Unknown municipality {municipality!r}; known: {known}") from error
        data, result = round_compute(municipality=place)
        report = self.report(data, result)
        if save:
            round_ = round_run(municipality=place, by=None, computed=(data, result))
            report["saved_round"] = str(round_.code)
        if json:
            self.stdout.write(_dumps(report))
        else:
            self.print_text(report)

    def report(self, data, result) -> dict:
        refugee = data.refugee_codes
        group = data.group_codes

        def name_r(i):
            return data.refugee_names[refugee[i]]

        def name_g(i):
            return data.group_names[group[i]]

        return {
            "municipality": data.municipality.name,
            "households": len(refugee),
            "groups": len(group),
            "total_score": round(result.total, 4),
            "pairs": [
                {
                    "household": str(refugee[p.household_id]),
                    "household_name": name_r(p.household_id),
                    "group": str(group[p.group_id]),
                    "group_name": name_g(p.group_id),
                    "score": round(p.score, 4),
                    "contributions": {k: round(v, 4) for k, v in p.contributions.items()},
                }
                for p in result.pairs
            ],
            "unmatched": [
                {
                    "household": str(refugee[u.household_id]),
                    "household_name": name_r(u.household_id),
                    "reason": u.reason,
                    "detail": dict(u.detail)
                    if isinstance(u.detail, dict)
                    else [{"group_name": name_g(g), "score": round(s, 4)} for g, s in u.detail],
                }
                for u in result.unmatched
            ],
        }

    def print_text(self, report: dict) -> None:
        out = self.stdout.write
        out(
            f"Voorstelronde {report['municipality']}: {report['households']} huishoudens, "
            f"{report['groups']} groepen, totaalscore {report['total_score']:.2f}"
        )
        for pair in report["pairs"]:
            out(f"\n{pair['household_name']} ↔ {pair['group_name']}: score {pair['score']:.2f}")
            for key, value in pair["contributions"].items():
                out(f"    {str(CRITERION_LABELS[key]):<36} {value:6.2f}")
        for item in report["unmatched"]:
            out(f"\nNiet gekoppeld: {item['household_name']} ({item['reason']})")
            if isinstance(item["detail"], dict):
                for key, count in item["detail"].items():
                    out(f"    {count} groep(en): {HARD_REASON_LABELS[key]}")
            else:
                for alt in item["detail"]:
                    out(
                        f"    passend maar elders beter ingezet: {alt['group_name']} "
                        f"({alt['score']:.2f})"
                    )
        if "saved_round" in report:
            out(f"\nBewaard als ronde {report['saved_round']}.")


def _dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)
