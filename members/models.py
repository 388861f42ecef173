from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_countries.fields import CountryField

from clusters.models import Cluster, Specialisation
from clusters.models.scoped import ClusterDependentQuerySet
from clusters.models.sources import source_field
from core.constraints import plausible_year_constraint
from core.db_functions import PolishCollate
from core.natural_keys import NaturalKeyModel
from core.permissions import edits_everything
from core.querysets import DirectoryQuerySet
from core.slug_urls import slug_url

LUBLIN = "Lublin"


class OrganisationType(models.TextChoices):
    ENTERPRISE = "enterprise", _("przedsiębiorstwo")
    BUSINESS_SUPPORT = "business-support", _("instytucja otoczenia biznesu")
    HIGHER_EDUCATION = "higher-education", _("szkolnictwo wyższe i nauka")
    HOSPITAL = "hospital", _("szpital")
    PUBLIC_ADMINISTRATION = "public-administration", _("administracja publiczna")
    OTHER = "other", _("inny podmiot")


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", _("dolnośląskie")
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", _("kujawsko-pomorskie")
    LUBELSKIE = "lubelskie", _("lubelskie")
    LUBUSKIE = "lubuskie", _("lubuskie")
    LODZKIE = "lodzkie", _("łódzkie")
    MALOPOLSKIE = "malopolskie", _("małopolskie")
    MAZOWIECKIE = "mazowieckie", _("mazowieckie")
    OPOLSKIE = "opolskie", _("opolskie")
    PODKARPACKIE = "podkarpackie", _("podkarpackie")
    PODLASKIE = "podlaskie", _("podlaskie")
    POMORSKIE = "pomorskie", _("pomorskie")
    SLASKIE = "slaskie", _("śląskie")
    SWIETOKRZYSKIE = "swietokrzyskie", _("świętokrzyskie")
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", _("warmińsko-mazurskie")
    WIELKOPOLSKIE = "wielkopolskie", _("wielkopolskie")
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", _("zachodniopomorskie")


class Place(models.TextChoices):
    """Where an organisation works, as an investor asks it: in Lublin, in the region, or elsewhere."""

    LUBLIN = "lublin", _("Lublin")
    REGION = "region", _("reszta województwa lubelskiego")
    ELSEWHERE = "elsewhere", _("poza województwem")
    UNKNOWN = "unknown", _("brak danych")


def place_of_organisation():
    """The ``place`` of an organisation (a Place value) from its town, voivodeship and country: the
    expression ``with_place()`` annotates and the indexes of the town sort within a place
    (members.ordering.place_town_indexes) and of the organisations by type and place
    (``organisation_type_place``, members 0018) are built on, so they must stay this one
    expression (a changed expression needs those indexes built again)."""
    return Case(
        When(city__iexact=LUBLIN, then=Value(Place.LUBLIN)),
        # In the voivodeship but no town stated: Lublin or not is unknown.
        When(voivodeship=Voivodeship.LUBELSKIE, city="", then=Value(Place.UNKNOWN)),
        When(voivodeship=Voivodeship.LUBELSKIE, then=Value(Place.REGION)),
        When(~Q(voivodeship="") | ~Q(country__in=["", "PL"]), then=Value(Place.ELSEWHERE)),
        default=Value(Place.UNKNOWN),
        output_field=models.CharField(),
    )


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("członek")
    COORDINATOR = "coordinator", _("koordynator")
    FOUNDER = "founder", _("założyciel")


def unlisted_organisations():
    """The ids (a subquery) of the organisations visitors do not see (``listed`` off: every
    cluster they belong to is unpublished). Few, read from their own partial index."""
    return MemberOrganisation.objects.filter(listed=False).values("pk")


def listed_organisation(column):
    """The condition that the organisation id in ``column`` is one visitors see, asked as "not
    one of the few unlisted": a count over an index without ``listed`` (the organisations'
    facets, a through table's rows) keeps its index-only scan and checks each id in a hash."""
    return ~Q(**{f"{column}__in": unlisted_organisations()})


class MemberOrganisationQuerySet(DirectoryQuerySet):
    def public(self):
        """Organisations a visitor may see: all but those whose every cluster is unpublished.
        (An organisation in no cluster yet stays listed: an administrator may add one so.)

        The rule is kept on the row (``listed``, ``members.visibility``), so a page of rows
        reads it with the row itself."""
        return self.filter(listed=True)

    def public_counted(self):
        """The rows of ``public()`` for a query counting most of them by an index that does not
        hold ``listed`` (a result count, a facet): ``listed_organisation``."""
        return self.filter(listed_organisation("pk"))

    def for_staff(self, user):
        """Office staff edit an organisation only while it belongs to their clusters and no other.

        Memberships an office made to link an organisation it did not edit (``linked_by_office``)
        do not count: linking neither gives the linking office the record nor takes it away from
        the organisation's own offices.
        """
        if edits_everything(user):
            return self
        mine = Cluster.objects.for_staff(user)
        memberships = Membership.objects.filter(organisation=OuterRef("pk"), linked_by_office=False)
        return self.filter(
            Exists(memberships.filter(cluster__in=mine)),
            ~Exists(memberships.exclude(cluster__in=mine)),
        )

    def for_staff_choices(self, user):
        """Organisations an office may pick for a membership of its cluster: any in the directory.

        The membership is the cluster's own row, so linking a listed organisation (a university
        already in another cluster, say) is the office's to do; the organisation's record stays
        editable only through ``for_staff``. Organisations are public directory entries anyway,
        and those of the office's own clusters (published or still in preparation) are its to see.
        """
        if edits_everything(user):
            return self.all()
        own = Membership.objects.filter(
            organisation=OuterRef("pk"), cluster__in=Cluster.objects.for_staff(user)
        )
        return self.public() | self.filter(Exists(own))

    def with_place(self):
        return self.annotate(place=place_of_organisation())

    def with_listing_data(self):
        """What a result card reads with the row: the row itself. Its clusters and specialisations
        are read for the whole page at once (``members.cards.card_memberships``,
        ``clusters.cards.card_specialisations``)."""
        return self.all()


class MemberOrganisation(NaturalKeyModel):
    # the columns the listing's text filter reads, whose folded words PostgreSQL keeps in one
    # indexed column (members/migrations/0019_matched_words; a change needs a migration)
    STORED_WORDS = ("name_pl", "aliases", "city", "description_pl", "name_en", "description_en")
    # kept by the directory from other rows, not the record's content: an edit of it is no edit
    # of the organisation (clusters.fixture_loading's fingerprint leaves it out)
    DERIVED_FIELDS = ("listed",)

    name = models.CharField(_("nazwa"), max_length=300, unique=True)
    aliases = models.CharField(
        _("inne nazwy i skróty"),
        max_length=500,
        blank=True,
        help_text=_(
            "Oddzielone przecinkami, np. „UMCS” albo „Gmina Lublin”; wyszukiwarka i filtr je znajdują."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    organisation_type = models.CharField(
        _("rodzaj organizacji"),
        max_length=30,
        choices=OrganisationType.choices,
        blank=True,
        help_text=_("Pozostaw puste, jeśli źródła go nie podają."),
    )
    city = models.CharField(_("miejscowość"), max_length=100, blank=True)
    voivodeship = models.CharField(
        _("województwo"), max_length=30, choices=Voivodeship.choices, blank=True
    )
    country = CountryField(_("państwo"), blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    description = models.TextField(_("czym się zajmuje"), blank=True)
    specialisations = models.ManyToManyField(
        Specialisation, blank=True, related_name="organisations", verbose_name=_("specjalizacje")
    )
    clusters = models.ManyToManyField(
        Cluster, through="Membership", related_name="organisations", verbose_name=_("klastry")
    )
    # indexed: the sitemap index's lastmod is the latest change of a public organisation
    updated_at = models.DateTimeField(_("ostatnia aktualizacja"), auto_now=True, db_index=True)
    # Whether visitors see it (``public()``'s rule, on the row): not made by hand, kept in step
    # with the memberships and their clusters' publication (``members.visibility``).
    # (a default in the database too: a process of the release before writes rows without it)
    listed = models.BooleanField(
        _("widoczna w katalogu"), default=True, db_default=True, editable=False
    )

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organizacja członkowska")
        verbose_name_plural = _("organizacje członkowskie")
        ordering = [PolishCollate("name")]
        indexes = [
            # the few that visitors do not see, which counts leave out (listed_organisation)
            models.Index(fields=["id"], condition=Q(listed=False), name="organisation_unlisted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(voivodeship="") | Q(country="PL"),
                name="organisation_voivodeship_only_in_poland",
                violation_error_message=_(
                    "Województwo można podać tylko dla organizacji z Polski."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("members:detail", self.slug)

    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    @property
    def type_label(self):
        """The organisation type for display; an unstated type reads "brak danych"."""
        return self.get_organisation_type_display() or _("brak danych")

    def unknown_on_card(self, specialisations=None):
        """What a listing card cannot say, to be named once: the messages untranslated
        (``gettext_noop``), which the card translates once per language; reads the card's
        ``specialisations`` (else the prefetched ones)."""
        gaps = []
        if not self.organisation_type:
            gaps.append(gettext_noop("rodzaj"))
        if not self.city:
            gaps.append(gettext_noop("miejscowość"))
        if not (self.specialisations.all() if specialisations is None else specialisations):
            gaps.append(gettext_noop("specjalizacje"))
        return gaps


class MembershipQuerySet(ClusterDependentQuerySet):
    """A membership is its cluster's row: it follows the cluster's visibility."""

    def coordinators(self):
        return self.filter(role=MembershipRole.COORDINATOR)


class Membership(NaturalKeyModel):
    """An organisation's place in a cluster. The coordinator of a cluster is a membership too."""

    organisation = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organizacja"),
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("klaster")
    )
    role = models.CharField(
        _("rola"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since_year = models.PositiveSmallIntegerField(_("od roku"), null=True, blank=True)
    linked_by_office = models.BooleanField(
        _("dołączona przez biuro klastra"),
        default=False,
        help_text=_(
            "Biuro klastra dołączyło organizację, której rekordu nie prowadzi: takie członkostwo "
            "ma zawsze rolę członka i nie daje prawa do edycji organizacji."
        ),
    )
    source = source_field("memberships")
    # The organisation's name in each language, copied here (``members.name_copies``) so that a
    # cluster's first members by name are read from one index of its memberships
    # (``pages.first_organisations.first_members``) instead of walking every organisation's name.
    organisation_name_pl = models.CharField(
        max_length=300, default="", db_default="", editable=False
    )
    organisation_name_en = models.CharField(
        max_length=300, default="", db_default="", editable=False
    )

    objects = MembershipQuerySet.as_manager()

    # copies of the organisation's row: not part of the membership's record
    DERIVED_FIELDS = ("organisation_name_pl", "organisation_name_en")

    NATURAL_KEY = ("organisation__slug", "cluster__slug", "role")

    class Meta:
        verbose_name = _("członkostwo")
        verbose_name_plural = _("członkostwa")
        ordering = ["cluster__name", "role", "organisation__name"]
        # a cluster's coordinators (its profile names them), without reading every membership of
        # a cluster of thousands
        indexes = [models.Index(fields=["cluster", "role"], name="membership_cluster_role")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cluster", "role"], name="membership_unique_role"
            ),
            plausible_year_constraint("since_year", "membership_since_year_plausible"),
            models.CheckConstraint(
                condition=Q(linked_by_office=False) | Q(role=MembershipRole.MEMBER),
                name="membership_linked_only_as_member",
                violation_error_message=_(
                    "Organizację dołączoną przez biuro innego klastra można zapisać tylko jako "
                    "członka."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.cluster} ({self.get_role_display()})"
