"""What a cluster profile cannot say yet: named once, in one line ("Czego jeszcze nie wiemy"), and,
when the sources give little, said plainly at the top of the profile.

The profile composes clusters and members (coordinators, listed organisations), so this lives in
``pages`` beside its view.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from clusters.models.sources import RECENT_SINCE

# A profile knowing this many of the facts below, or fewer, says that the sources give little.
SAYS_LITTLE_AT_MOST = 3


@dataclass(frozen=True)
class ProfileGaps:
    unknown: list[str]
    says_little: bool


def member_count_gap(report):
    """(what is unknown of the member count or None, whether a count is known at all): a count
    older than the recent evidence group ("2023 or later") leaves "liczba członków po 2019"."""
    if report is None:
        return _("liczba członków"), False
    if report.as_of_year and report.as_of_year < RECENT_SINCE.year:
        return _("liczba członków po %(year)s") % {"year": report.as_of_year}, True
    return None, True


def profile_gaps(cluster, *, coordinators, report, organisations, evidence):
    """What the profile does not know, in the order the profile shows facts, and whether the
    sources give little about the cluster (at most ``SAYS_LITTLE_AT_MOST`` of these facts)."""
    members_gap, members_known = member_count_gap(report)
    facts = [
        (_("forma"), bool(cluster.form)),
        (_("opis"), bool(cluster.description)),
        (_("rok założenia"), cluster.founded_year is not None),
        (_("koordynator"), bool(coordinators)),
        (_("strona internetowa"), bool(cluster.website)),
        (_("e-mail"), bool(cluster.email)),
        (_("telefon"), bool(cluster.phone)),
        (_("adres biura"), bool(cluster.address)),
        (members_gap, members_known and members_gap is None),
        (_("organizacje członkowskie"), bool(organisations)),
        (_("specjalizacje"), bool(cluster.specialisations.all())),
        (_("udokumentowana aktywność"), bool(evidence)),
    ]
    known = sum(1 for _label, is_known in facts if is_known) + (members_known and bool(members_gap))
    return ProfileGaps(
        unknown=[label for label, is_known in facts if not is_known],
        says_little=known <= SAYS_LITTLE_AT_MOST,
    )
