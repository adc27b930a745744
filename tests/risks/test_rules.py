"""The risk rules, each run on a given day: raised once, not twice, not when the condition is
false; and the rules page shows each rule with its threshold."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from participation.programme.models import Commitment, RiskFlag
from participation.programme.services.risks import (
    RULES,
    close_flag,
    raise_all_rule_flags,
    raise_grant_ending_flags,
    raise_no_meeting_flags,
    raise_overdue_flags,
    raise_unspent_flags,
)
from participation.programme.tasks import raise_risk_flags

from .helpers import D, agreement, commitment, grant, meeting

pytestmark = pytest.mark.django_db
Kind = RiskFlag.Kind


def _flags(municipality, kind):  # type: ignore[no-untyped-def]
    return RiskFlag.objects.filter(municipality=municipality, kind=kind)


def test_no_meeting_raises_once_after_six_months(bodo, asker):
    # given Bodø in the programme, last met on 10 January; Asker in no programme, never met
    agreement(bodo)
    meeting(bodo, D(2025, 1, 10))
    # when the rule runs on the last day within six months
    raise_no_meeting_flags(D(2025, 7, 10))
    # then nothing is raised
    assert not _flags(bodo, Kind.NO_MEETING).exists()
    # when it runs the day after, and again a week later
    raised = raise_no_meeting_flags(D(2025, 7, 11))
    raise_no_meeting_flags(D(2025, 7, 18))
    # then Bodø has one flag, as a rule's, and Asker (no agreement, no grant) none
    assert [f.municipality for f in raised] == [bodo]
    flag = _flags(bodo, Kind.NO_MEETING).get()
    assert flag.source == RiskFlag.Source.RULE
    assert flag.raised_on == D(2025, 7, 11)
    assert not RiskFlag.objects.filter(municipality=asker).exists()


@override_settings(RISK_NO_MEETING_MONTHS=2)
def test_no_meeting_threshold_comes_from_settings(bodo):
    # given a meeting on 10 January and a two-month threshold
    agreement(bodo)
    meeting(bodo, D(2025, 1, 10))
    # when the rule runs on 11 March
    raise_no_meeting_flags(D(2025, 3, 11))
    # then the flag is raised
    assert _flags(bodo, Kind.NO_MEETING).count() == 1


def test_no_meeting_counts_from_agreement_start_when_never_met(bodo):
    # given an agreement from 1 March and no meeting
    agreement(bodo, start=D(2025, 3, 1))
    # when the rule runs within six months of the start, then after
    raise_no_meeting_flags(D(2025, 8, 31))
    assert not _flags(bodo, Kind.NO_MEETING).exists()
    raise_no_meeting_flags(D(2025, 9, 2))
    # then only the second run raises
    assert _flags(bodo, Kind.NO_MEETING).count() == 1


def test_overdue_commitment_raises_once_and_not_when_done(bodo, asker):
    # given an open commitment due 1 May in Bodø, a done one long overdue in Asker
    agreement(bodo)
    agreement(asker)
    commitment(bodo, D(2025, 5, 1))
    commitment(asker, D(2025, 1, 1), status=Commitment.Status.DONE)
    # when the rule runs on the due date, then the day after, twice
    raise_overdue_flags(D(2025, 5, 1))
    assert not RiskFlag.objects.exists()
    raise_overdue_flags(D(2025, 5, 2))
    raise_overdue_flags(D(2025, 5, 3))
    # then Bodø has one flag, Asker none
    assert _flags(bodo, Kind.OVERDUE).count() == 1
    assert not _flags(asker, Kind.OVERDUE).exists()


def test_unspent_over_threshold_per_year_summed_over_instruments(bodo, asker):
    # given Bodø with 2025 grants of 400 000 + 200 000 granted, 50 000 paid (550 000 unspent),
    # and Asker with exactly the threshold unspent
    grant(bodo, 2025, 400_000, 0, index=0)
    grant(bodo, 2025, 200_000, 50_000, index=1)
    grant(asker, 2025, 600_000, 100_000)
    # when the rule runs twice
    raise_unspent_flags(D(2025, 10, 1))
    raise_unspent_flags(D(2025, 10, 2))
    # then only Bodø is flagged, once, with the amount
    flag = _flags(bodo, Kind.UNSPENT).get()
    assert "550 000" in flag.note
    assert not _flags(asker, Kind.UNSPENT).exists()


@override_settings(RISK_UNSPENT_NOK=1_000_000)
def test_unspent_threshold_comes_from_settings(bodo):
    grant(bodo, 2025, 900_000)
    raise_unspent_flags(D(2025, 10, 1))
    assert not _flags(bodo, Kind.UNSPENT).exists()


def test_grant_ending_when_nothing_recorded_for_next_year(bodo, asker):
    # given 2025 grants for both; Asker has applied for the same instrument in 2026
    grant(bodo, 2025, 100_000)
    grant(asker, 2025, 100_000)
    grant(asker, 2026, 0)
    # when the rule runs in 2025, twice
    raise_grant_ending_flags(D(2025, 9, 1))
    raise_grant_ending_flags(D(2025, 9, 2))
    # then Bodø is flagged once, Asker not
    assert _flags(bodo, Kind.GRANT_ENDING).count() == 1
    assert not _flags(asker, Kind.GRANT_ENDING).exists()
    # and in 2024 (no grant for the current year) nothing would be raised
    RiskFlag.objects.all().delete()
    raise_grant_ending_flags(D(2024, 9, 1))
    assert not RiskFlag.objects.exists()


def test_a_closed_flag_lets_the_rule_raise_again(bodo, adviser_nord):
    # given an overdue commitment and its flag, closed by the adviser
    agreement(bodo)
    commitment(bodo, D(2025, 5, 1))
    (flag,) = raise_overdue_flags(D(2025, 5, 2))
    close_flag(flag, note="Called them", actor=adviser_nord, today=D(2025, 5, 3))
    # when the rule runs again while the commitment is still overdue
    raise_overdue_flags(D(2025, 5, 4))
    # then a new open flag is raised
    assert _flags(bodo, Kind.OVERDUE).filter(closed_on__isnull=True).count() == 1
    assert _flags(bodo, Kind.OVERDUE).count() == 2


def test_task_runs_every_rule_once(bodo):
    # given a municipality meeting three conditions
    agreement(bodo)
    commitment(bodo, D(2025, 5, 1))
    grant(bodo, 2025, 700_000)
    # when the daily task runs twice
    first = raise_risk_flags("2025-09-01")
    second = raise_risk_flags("2025-09-02")
    # then the first raised unspent, overdue, grant ending and no meeting (last met Jan 2024)
    assert first == 4
    assert second == 0
    assert set(RiskFlag.objects.values_list("kind", flat=True)) == {
        Kind.UNSPENT,
        Kind.OVERDUE,
        Kind.GRANT_ENDING,
        Kind.NO_MEETING,
    }
    assert raise_all_rule_flags(D(2025, 9, 3)) == []


@override_settings(RISK_NO_MEETING_MONTHS=9, RISK_UNSPENT_NOK=750_000)
def test_rules_page_shows_every_rule_with_its_threshold(client, adviser_nord):
    # given an adviser
    client.force_login(adviser_nord)
    # when they open the rules page
    response = client.get(reverse("participation:risk-rules"))
    # then every rule is there, thresholds from the settings
    page = response.content.decode()
    for kind in RULES:
        assert f'data-kind="{kind}"' in page
    assert "9" in page.split(f'data-kind="{Kind.NO_MEETING}"')[1].split("</tr>")[0]
    assert "750" in page.split(f'data-kind="{Kind.UNSPENT}"')[1].split("</tr>")[0]


def test_rules_page_is_for_advisers(client, staff_bodo):
    client.force_login(staff_bodo)
    assert client.get(reverse("participation:risk-rules")).status_code == 403
