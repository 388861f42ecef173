from django.db import connection, models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_countries.fields import CountryField

from clusters.models import Cluster, Specialisation
from clusters.models.scoped import ClusterDependentQuerySet
from clusters.models.sources import source_field
from core.constraints import plausible_year_constraint
from core.db_functions import PolishCollate
from core.listing.counts import cached_count
from core.listing.memo import current_data_version, per_data_version
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


def hidden_organisations():
    """The ids (a subquery) of the organisations visitors do not see: those with memberships,
    every one of them in an unpublished cluster. Few, found from the unpublished clusters.

    Every count over the organisations leaves them out, and finding them probes the memberships
    of each unpublished cluster's members (10,000 index probes, 30-45 ms at 200,000
    organisations): on PostgreSQL, while the listings' caches are on, they are found once per data
    version and kept in the shared cache, and the subquery reads them from an array. Decided when
    the query is compiled: a page whose counts are all cached never asks for them."""
    visible_elsewhere = Membership.objects.filter(
        organisation=OuterRef("organisation"), cluster__published=True
    )
    hidden = Membership.objects.filter(cluster__published=False).exclude(Exists(visible_elsewhere))
    return _HiddenOrganisations(hidden.order_by().values("organisation"))


class _HiddenOrganisations(Subquery):
    def as_sql(self, compiler, connection, *args, **kwargs):
        ids = _known_hidden_array(connection, lambda: self.query)
        if ids is None:
            return super().as_sql(compiler, connection, *args, **kwargs)
        return "(SELECT unnest(%s::bigint[]))", (ids,)


class VisibleOrganisation(Func):
    """Whether the organisation id in ``column`` is one visitors see (not one of
    ``hidden_organisations()``), for a query counting most organisations or their rows: a result
    count, a facet, a specialisation's organisations.

    With the ids kept (PostgreSQL, ``_known_hidden_array``) it reads ``NOT (column = ANY(ids))``,
    which PostgreSQL checks in a hash of the array: the 232,000 specialisations of 200,000
    organisations grouped, 28 ms against 45 with ``NOT IN`` the ids' subquery. Its planner weighs
    each of the 5,000 ids (about 1 ms), so a page of rows, read on every request, keeps
    ``public()`` or ``public_in_bulk()``; a count is read once per data version."""

    output_field = BooleanField()

    def __init__(self, column):
        super().__init__(F(column), hidden_organisations())

    def as_sql(self, compiler, connection, **extra_context):
        column, hidden = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        ids = _known_hidden_array(connection, lambda: hidden.query)
        if ids is not None:
            return f"NOT ({column_sql} = ANY(%s::bigint[]))", (*column_params, ids)
        hidden_sql, hidden_params = compiler.compile(hidden)
        return f"NOT ({column_sql} IN {hidden_sql})", (*column_params, *hidden_params)


def known_hidden_organisations_array():
    """The hidden organisations' ids of the current data version as a PostgreSQL array literal
    ("{1,2,…}"), or None when they are not kept (the caches of listings off, the cache
    unreachable; or not PostgreSQL, which reads no array)."""
    return _known_hidden_array(connection, lambda: hidden_organisations().query)


def known_hidden_organisation_count():
    """How many organisations are hidden, from the ids kept for the current data version; None
    when they are not kept (``known_hidden_organisations_array``)."""
    ids = known_hidden_organisations_array()
    if ids is None:
        return None
    return ids.count(",") + 1 if ids != "{}" else 0


def _known_hidden_array(connection, query_of):
    """The hidden organisations' ids of the current data version (kept in the shared cache) as an
    array literal written once per data version in this process: 5,000 ids at scale, which
    psycopg would otherwise adapt one by one on every request. None when they are not kept: then
    the subquery finds them. ``query_of()`` gives the query that finds them, built only then
    (building it cost the organisations' search half a millisecond a request). Always None
    off PostgreSQL, which alone reads such an array."""
    if connection.vendor != "postgresql" or current_data_version() is None:
        return None

    def find():
        with connection.cursor() as cursor:
            cursor.execute(*query_of().sql_with_params())
            return sorted({row[0] for row in cursor.fetchall()})

    def write():
        return "{" + ",".join(map(str, cached_count(["hidden organisations"], find))) + "}"

    return per_data_version("hidden organisations (array)", write)


class MemberOrganisationQuerySet(DirectoryQuerySet):
    def public(self):
        """Organisations a visitor may see: all but those whose every cluster is unpublished.

        (An organisation in no cluster yet stays listed: an administrator may add one so.)
        """
        memberships = Membership.objects.filter(organisation=OuterRef("pk"))
        return self.filter(~Exists(memberships) | Exists(memberships.public()))

    def public_in_bulk(self):
        """The rows of ``public()``, asked so that a query reading most of them (a count, a facet)
        does not look up each row's memberships twice: all but the organisations whose every
        cluster is unpublished, found once from the unpublished clusters' memberships.

        (``public()`` stays the one for a page of rows: read in the order of an index, it checks
        only the rows it shows.)
        """
        return self.exclude(pk__in=hidden_organisations())

    def public_counted(self):
        """The rows of ``public()`` for a query counting them (a result count, a facet): a
        condition cheaper for a pass over most rows, dearer to plan (``VisibleOrganisation``)."""
        return self.filter(VisibleOrganisation("pk"))

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

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organizacja członkowska")
        verbose_name_plural = _("organizacje członkowskie")
        ordering = [PolishCollate("name")]
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

    objects = MembershipQuerySet.as_manager()

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
