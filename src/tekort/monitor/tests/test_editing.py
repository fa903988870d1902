"""Staff (monitor.edit = analyst) plan the next letter, draft and approve statuses, link items to
indicators and figures; the past is never edited and every change is recorded."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from tekort.accounts.testing import sign_in
from tekort.audit.models import AppendOnly
from tekort.monitor import editing, history
from tekort.monitor.models import Item, Letter, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(policy, analyst):
    import datetime

    return editing.plan_letter(analyst, datetime.date(2024, 12, 12), "Voortgangsbrief december")


def test_only_analysts_may_edit(policy, analyst, other_user_client):
    assert analyst.has_perm("monitor.edit")
    url = reverse("monitor:status-new", args=["motie-27923-484"])
    assert other_user_client.get(url).status_code == 403


def test_staff_draft_approve_and_send_a_status(staff_client, planned, client):
    item_url = reverse("monitor:item", args=["motie-27923-484"])
    response = staff_client.post(
        reverse("monitor:status-new", args=["motie-27923-484"]),
        {"letter": planned.pk, "status_class": "afgedaan", "text": "De verkenning is afgerond."},
    )
    assert response.status_code == 302
    status = Status.objects.get(item_id="motie-27923-484", letter=planned)
    assert status.state == "draft"
    page = staff_client.get(item_url).content.decode()
    assert "concept, niet openbaar" in page and "De verkenning is afgerond." in page
    annex = staff_client.get(reverse("monitor:annex-json", args=[planned.pk])).json()
    assert annex["rows"] == [] and annex["drafts_not_included"] == 1

    staff_client.post(reverse("monitor:status-approve", args=[status.pk]))
    status.refresh_from_db()
    assert status.state == "approved" and status.approved_by is not None
    annex = staff_client.get(reverse("monitor:annex-json", args=[planned.pk])).json()
    assert [r["status_text"] for r in annex["rows"]] == ["De verkenning is afgerond."]
    docx = staff_client.get(reverse("monitor:annex-docx", args=[planned.pk])).content
    assert Document(io.BytesIO(docx)).tables[0].rows[1].cells[1].text == status.text

    staff_client.logout()
    assert "De verkenning is afgerond." not in client.get(item_url).content.decode()
    editing.send_letter(status.approved_by, planned)
    assert "De verkenning is afgerond." in client.get(item_url).content.decode()
    actions = [e.detail["change"] for e in history.changes().order_by("id")]
    assert actions[-4:] == ["letter.planned", "status.drafted", "status.approved", "letter.sent"]


def test_an_approved_status_is_never_edited(policy, analyst, planned):
    item = Item.objects.get(pk="motie-27923-470")
    status = editing.save_draft(analyst, item, planned, text="Eerste.", status_class="lopend")
    status = editing.save_draft(analyst, item, planned, text="Tweede.", status_class="lopend")
    assert status.text == "Tweede."
    editing.approve(analyst, status)
    with pytest.raises(editing.EditRefused):
        editing.save_draft(analyst, item, planned, text="Derde.", status_class="afgedaan")
    assert Status.objects.get(pk=status.pk).text == "Tweede."
    revised = history.changes("status.revised").get()
    assert (
        revised.detail["data"]["before"]["text"] == "Eerste."
        and revised.detail["data"]["after"]["text"] == "Tweede."
    )


def test_a_sent_letter_gets_no_new_status(policy, analyst):
    item = Item.objects.get(pk="motie-27923-470")
    with pytest.raises(editing.EditRefused):
        editing.save_draft(
            analyst, item, Letter.objects.get(pk="l2024-06"), text="x", status_class="lopend"
        )
    with pytest.raises(editing.EditRefused):
        import datetime

        editing.plan_letter(analyst, datetime.date(2024, 1, 1), "Te vroeg")


def test_changes_cannot_be_altered(policy):
    # the change history is the audit trail's: append-only
    change = history.changes("import").get()
    change.detail = {"change": "other"}
    with pytest.raises(AppendOnly):
        change.save()
    with pytest.raises(AppendOnly):
        change.delete()
    assert history.changes("import").get().detail["change"] == "import"


def test_linking_an_indicator_shows_its_value_without_interval(staff_client, policy, client):
    item_id = "motie-36200-viii-99"  # motie Van der Molen on zij-instroom
    response = staff_client.post(
        reverse("monitor:item-links", args=[item_id]),
        {
            "indicators": ["zij_instroom.count", "registration.response_rate"],
            "figures": ["f-l2024-02-18"],
        },
    )
    assert response.status_code == 302
    staff_client.logout()
    html = client.get(reverse("monitor:item", args=[item_id])).content.decode()
    assert "Zij-instromers met toegekende subsidie" in html
    assert "2.285" in html  # the latest figure: 2023, letter of June 2024
    assert "geen interval bekend" in html
    assert "nog geen waarde: tekort meet dit zelf" in html
    assert "1.993" in html  # the linked 2022 figure
    data = client.get(reverse("monitor:item-json", args=[item_id])).json()
    current = {i["key"]: i["current"] for i in data["indicators"]}
    assert current["zij_instroom.count"]["value"] == 2285
    assert current["zij_instroom.count"]["interval"] is None
    change = history.changes("item.links").get()
    assert change.detail["data"]["figures_added"] == ["f-l2024-02-18"]


def test_staff_see_the_change_history_from_the_audit_trail(policy, analyst, planned, client):
    item = Item.objects.get(pk="motie-27923-470")
    editing.save_draft(analyst, item, planned, text="Eerste.", status_class="lopend")
    html = sign_in(client, analyst).get(reverse("monitor:changes")).content.decode()
    rows = re.findall(r"<tr><td>.*?</tr>", html)
    # newest first: the draft by the analyst, then the import (no user)
    assert "status.drafted" in rows[0] and analyst.get_username() in rows[0]
    assert "monitor.status" in rows[0] and "Eerste." in rows[0]
    assert "<code>import</code>" in html and "monitor.policy" in html
