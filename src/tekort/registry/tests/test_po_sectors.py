"""po and vo: the register's po sectors decide the estimate's sector groups and a new round."""

from tekort.estimates.frames import SECTOR_GROUP
from tekort.registry.models import PO_SECTORS
from tekort.submissions.forms import RoundForm


def test_po_is_every_sector_but_vo_in_each_code_system():
    assert PO_SECTORS == ("bao", "sbo", "so", "vso", "sovso")
    assert SECTOR_GROUP == {
        "bao": "po",
        "sbo": "po",
        "so": "po",
        "vso": "po",
        "(v)so": "po",
        "vo": "vo",
    }


def test_a_new_round_asks_the_po_sectors():
    assert RoundForm().fields["sectors"].initial == ["bao", "sbo", "so", "vso", "sovso"]
