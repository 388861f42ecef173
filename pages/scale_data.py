"""Generated data at the scale of a national or European catalogue, to measure the site against.

``generate(sizes, seed)`` adds clusters, member organisations and memberships (and what a real
cluster carries: specialisations, partner countries, member reports, events, evidence, ecosystems)
next to whatever the database holds; ``delete_generated()`` removes them again. The same sizes and
seed give the same rows.

Every generated row with a slug has one starting with ``PREFIX`` ("gen--"): ``polish_slug`` (and the
admin's slug field filled from a name) collapses runs of hyphens, so no slug made from a real name
starts so. Rows without a slug (memberships, reports, …) belong to a generated cluster or
organisation and go with it. Generated rows point at real rows (sectors, specialisations,
ecosystems) but never change one.

The distribution is skewed as real catalogues are: cluster sizes fall off as 1/(rank + 10), so the
biggest of 2,000 clusters has about 5,000 of 300,000 memberships and most have 30–150; a few
organisations (universities, agencies) belong to dozens of clusters.
"""

import datetime
import itertools
import random
import re
from bisect import bisect_left
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django_countries.data import COUNTRIES

from clusters.models import (
    ActivityEvidence,
    Cluster,
    ClusterForm,
    ClusterStatus,
    DatePrecision,
    Event,
    EventScope,
    Initiator,
    InitiatorKind,
    KeyFigure,
    Label,
    LabelKind,
    MemberReport,
    PartnerCountry,
    Project,
    Sector,
    Source,
    Specialisation,
    Tie,
)
from core.text import polish_slug
from ecosystems.models import Ecosystem
from members.models import MemberOrganisation, Membership, MembershipRole, OrganisationType
from members.name_copies import refresh_name_copies
from members.visibility import refresh_listed

from . import scale_words as words

PREFIX = "gen--"
BATCH = 5000
# Database names a generator may write to without --force: anything else may be production.
SAFE_DATABASE = re.compile(r"(scale|bench|test|ci|dev|local|demo|tmp|wt\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Sizes:
    clusters: int = 2000
    organisations: int = 200_000
    memberships: int = 300_000
    specialisations: int = 300
    ecosystems: int = 12

    def problems(self):
        """Why these sizes cannot be generated (empty when they can)."""
        found = []
        if min(self.clusters, self.organisations) < 1:
            found.append("at least one cluster and one organisation are needed")
        if self.memberships < 0 or self.specialisations < 0 or self.ecosystems < 0:
            found.append("sizes cannot be negative")
        if self.memberships > self.clusters * self.organisations:
            found.append("more memberships than cluster × organisation pairs")
        pairs = len(words.SPECIALISATION_NOUNS) * len(words.SPECIALISATION_ADJECTIVES)
        if self.specialisations > pairs:
            found.append(f"at most {pairs} specialisations can be named")
        return found


def looks_like_production():
    """A PostgreSQL database whose name says nothing of tests or benchmarks, with DEBUG off."""
    if connection.vendor == "sqlite" or settings.DEBUG:
        return False
    return not SAFE_DATABASE.search(str(connection.settings_dict["NAME"]))


def generated(model):
    return model.objects.filter(slug__startswith=PREFIX)


def generated_exists():
    return generated(Cluster).exists() or generated(MemberOrganisation).exists()


@transaction.atomic
def delete_generated():
    """Remove every generated row (and the rows that belong to them); real rows stay as they are.

    Leaf tables first, each in one DELETE, so no cascade collects 300,000 memberships in Python.
    Returns {model name: rows deleted}.
    """
    clusters = generated(Cluster)
    organisations = generated(MemberOrganisation)
    specialisations = generated(Specialisation)
    counts = {}

    def remove(queryset, label):
        counts[label] = queryset._raw_delete(queryset.db)

    remove(
        Membership.objects.filter(cluster__in=clusters)
        | Membership.objects.filter(organisation__in=organisations),
        "memberships",
    )
    through = MemberOrganisation.specialisations.through
    remove(
        through.objects.filter(memberorganisation__in=organisations)
        | through.objects.filter(specialisation__in=specialisations),
        "organisation specialisations",
    )
    through = Cluster.specialisations.through
    remove(
        through.objects.filter(cluster__in=clusters)
        | through.objects.filter(specialisation__in=specialisations),
        "cluster specialisations",
    )
    for model in (MemberReport, PartnerCountry, Event, Project, KeyFigure, Label, ActivityEvidence):
        remove(model.objects.filter(cluster__in=clusters), model._meta.model_name)
    # What is left may have inbox rows or admin links pointing at it: the ORM's cascade handles them.
    for model in (
        MemberOrganisation,
        Cluster,
        Specialisation,
        Sector,
        Ecosystem,
        Initiator,
        Source,
    ):
        deleted, _ = generated(model).delete()
        counts[model._meta.model_name] = deleted
    refresh_listed()  # raw deletes send no signals: a real organisation may have lost a cluster
    return counts


def _insert(model, objects):
    """Insert in batches; returns the objects with their primary keys."""
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _weights_to_sizes(total, count, cap=None):
    """``count`` whole sizes summing to ``total``, falling off as 1/(rank + offset), none above ``cap``.

    The offset grows with the count (10 for 2,000 clusters), so a few clusters are big at any size.
    """
    offset = max(1, count // 200)
    weights = [1 / (rank + offset) for rank in range(count)]
    scale = total / sum(weights)
    floor = 1 if total >= count else 0
    sizes = [max(floor, round(w * scale)) for w in weights]
    if cap is not None:
        sizes = [min(cap, s) for s in sizes]
    diff = total - sum(sizes)
    rank = 0
    while diff:
        i = rank % count
        if diff > 0 and (cap is None or sizes[i] < cap):
            sizes[i] += 1
            diff -= 1
        elif diff < 0 and sizes[i] > floor:
            sizes[i] -= 1
            diff += 1
        rank += 1
    return sizes


class _Names:
    """Unique names: draws until one is new, then numbers it as a branch would be ("– oddział 2")."""

    def __init__(self, taken):
        self.taken = set(taken)

    def unique(self, draw, tries=20):
        for _ in range(tries):
            name = draw()
            if name not in self.taken:
                self.taken.add(name)
                return name
        for number in itertools.count(2):
            numbered = f"{name} – oddział {number}"
            if numbered not in self.taken:
                self.taken.add(numbered)
                return numbered


def _slug(name, taken):
    base = PREFIX + polish_slug(name)[:180]
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _partial_date(rng, first_year, last_year):
    precision = rng.choice(
        (DatePrecision.DAY, DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
    )
    date = datetime.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))
    if precision == DatePrecision.MONTH:
        date = date.replace(day=1)
    elif precision == DatePrecision.YEAR:
        date = date.replace(month=1, day=1)
    return date, precision


def settle():
    """Leave the tables as autovacuum leaves them after a bulk load, so that a benchmark measures the
    database production runs: VACUUM sets the visibility map (index-only scans read no heap) and
    empties the GIN indexes' pending lists (the search indexes: a query scans every pending entry
    until then: 45 ms instead of 2 ms for the clusters' trigram index with 2,000 pending rows);
    ANALYZE gives the planner the new sizes. A server may run without autovacuum (this benchmark
    machine's does), so nothing else would. Inside a transaction (the tests) VACUUM cannot run:
    ANALYZE only."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


class Generator:
    def __init__(self, sizes: Sizes, seed: int, log=None):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.slugs = set()

    def run(self):
        with transaction.atomic():
            self.sources = self.make_sources()
            self.initiators = self.make_initiators()
            self.specialisations = self.make_specialisations()
            self.ecosystems = self.make_ecosystems()
            self.clusters = self.make_clusters()
            self.make_cluster_rows()
            organisations = self.make_organisations()
            self.make_memberships(organisations)
            # bulk inserts send no signals: the names on the memberships and whom visitors see,
            # before settling
            refresh_name_copies()
            refresh_listed()
        if connection.vendor == "postgresql":
            settle()

    # Reference rows --------------------------------------------------------------------------

    def make_sources(self):
        sources = []
        for number in range(1, 41):
            date, precision = _partial_date(self.rng, 2015, 2025)
            sources.append(
                Source(
                    slug=f"{PREFIX}zrodlo-{number}",
                    url=f"https://zrodla.example.pl/gen/{number}",
                    title=f"Sprawozdanie klastrów nr {number}",
                    publisher=self.rng.choice(
                        ("Ministerstwo Rozwoju", "PARP", "Urząd Marszałkowski")
                    ),
                    date=date,
                    date_precision=precision,
                )
            )
        return _insert(Source, sources)

    def make_initiators(self):
        kinds = (InitiatorKind.CITY, InitiatorKind.MARSHAL, InitiatorKind.OTHER)
        initiators = []
        for number, (town, _, locative) in enumerate(words.TOWNS[:12]):
            kind = kinds[number % 3]
            name = {
                InitiatorKind.CITY: f"Gmina {town}",
                InitiatorKind.MARSHAL: f"Samorząd województwa (siedziba w {locative})",
                InitiatorKind.OTHER: f"Przedsiębiorcy z {town} i okolic",
            }[kind]
            initiators.append(
                Initiator(name=name, name_pl=name, slug=_slug(name, self.slugs), kind=kind)
            )
        existing = set(Initiator.objects.values_list("name", flat=True))
        return _insert(Initiator, [i for i in initiators if i.name not in existing])

    def make_specialisations(self):
        sectors = list(Sector.objects.order_by("position", "pk"))
        if not sectors:
            sectors = _insert(
                Sector,
                [
                    Sector(name=name, name_pl=name, slug=_slug(name, self.slugs), position=number)
                    for number, name in enumerate(("Przemysł", "Zdrowie", "Technologie", "Usługi"))
                ],
            )
        pairs = list(itertools.product(words.SPECIALISATION_NOUNS, words.SPECIALISATION_ADJECTIVES))
        self.rng.shuffle(pairs)
        existing = set(Specialisation.objects.values_list("name", flat=True))
        created = []
        for (noun, noun_en), (adjective, adjective_en) in pairs:
            if len(created) == self.sizes.specialisations:
                break
            name = f"{noun} {adjective}"
            if name in existing:
                continue
            created.append(
                Specialisation(
                    sector=self.rng.choice(sectors),
                    name=name,
                    name_pl=name,
                    name_en=f"{adjective_en} {noun_en}",
                    slug=_slug(name, self.slugs),
                )
            )
        _insert(Specialisation, created)
        # Real and generated together, the first ones most often chosen (a few popular fields).
        everything = list(Specialisation.objects.order_by("pk").values_list("pk", flat=True))
        self.rng.shuffle(everything)
        return everything

    def make_ecosystems(self):
        created = []
        for number in range(self.sizes.ecosystems):
            theme, theme_en = words.THEMES[number % len(words.THEMES)]
            region, region_en = words.REGIONS[number % len(words.REGIONS)]
            name = f"Ekosystem {theme} – {region}"
            created.append(
                Ecosystem(
                    name=name,
                    name_pl=name,
                    name_en=f"{region_en} {theme_en} Ecosystem",
                    slug=_slug(name, self.slugs),
                    summary=f"Współpraca klastrów z obszaru: {theme.lower()}.",
                    summary_pl=f"Współpraca klastrów z obszaru: {theme.lower()}.",
                    position=100 + number,
                )
            )
        generated_ecosystems = _insert(Ecosystem, created)
        real = list(Ecosystem.objects.exclude(slug__startswith=PREFIX).order_by("pk"))
        return real, generated_ecosystems

    # Clusters ------------------------------------------------------------------------------

    def cluster_name(self):
        rng = self.rng
        (theme, theme_en), (region, region_en) = rng.choice(words.THEMES), rng.choice(words.REGIONS)
        brand = rng.choice(words.BRAND_HEADS) + rng.choice(words.BRAND_TAILS)
        template = rng.randrange(4)
        if template == 0:
            return f"{region} Klaster {theme}", f"{region_en} {theme_en} Cluster"
        if template == 1:
            return f"Klaster {theme} „{brand}”", f"{brand} {theme_en} Cluster"
        if template == 2:
            return f"{brand} – {region} Klaster {theme}", None
        return f"Klaster {theme} {rng.choice(words.TOWNS)[0]}", None

    def make_clusters(self):
        rng, count = self.rng, self.sizes.clusters
        names = _Names(Cluster.objects.values_list("name", flat=True))
        names_en = set(Cluster.objects.exclude(name_en=None).values_list("name_en", flat=True))
        real_ecosystems, generated_ecosystems = self.ecosystems
        anchored = set()
        clusters = []
        for rank in range(count):
            english = None

            def draw():
                nonlocal english
                name, english = self.cluster_name()
                return name

            name = names.unique(draw)
            if english in names_en or rng.random() < 0.4:
                english = None
            if english:
                names_en.add(english)
            ecosystem, anchor = None, False
            if rng.random() < 0.25:
                pool = (
                    real_ecosystems
                    if real_ecosystems and rng.random() < 0.4
                    else generated_ecosystems
                )
                if pool:
                    ecosystem = rng.choice(pool)
                    anchor = ecosystem in generated_ecosystems and ecosystem.pk not in anchored
                    if anchor:
                        anchored.add(ecosystem.pk)
            description = (
                f"Klaster skupia firmy, uczelnie i instytucje z branży: {name.split('Klaster ')[-1]}. "
                "Organizuje spotkania, szkolenia i wspólne projekty badawczo-rozwojowe."
                if rng.random() < 0.6
                else ""
            )
            town, _, locative = rng.choices(words.TOWNS, weights=words.TOWN_WEIGHTS)[0]
            slug = _slug(name, self.slugs)
            clusters.append(
                Cluster(
                    name=name,
                    name_pl=name,
                    name_en=english,
                    official_name=f"Stowarzyszenie {name}" if rng.random() < 0.2 else "",
                    slug=slug,
                    aliases="".join(w[0] for w in name.split() if w[0].isupper())
                    if rng.random() < 0.3
                    else "",
                    form=rng.choice([c for c, _ in ClusterForm.choices] + [""]),
                    status=rng.choice([c for c, _ in ClusterStatus.choices]),
                    founded_year=rng.randint(2004, 2025) if rng.random() < 0.85 else None,
                    website=f"https://{slug[len(PREFIX) :][:40]}.example.pl"
                    if rng.random() < 0.8
                    else "",
                    email=f"biuro@{slug[len(PREFIX) :][:30]}.example.pl"
                    if rng.random() < 0.6
                    else "",
                    phone=f"+48 81 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
                    if rng.random() < 0.5
                    else "",
                    address=f"ul. {rng.choice(words.SURNAMES)}a {rng.randint(1, 120)}, {town}"
                    if rng.random() < 0.5
                    else "",
                    description=description,
                    description_pl=description,
                    initiator=rng.choice(self.initiators),
                    ecosystem=ecosystem,
                    is_ecosystem_anchor=anchor,
                    # The biggest clusters are always public: the benchmark opens their profiles.
                    published=rank < 10 or rng.random() >= 0.04,
                    data_checked=datetime.date(2025, rng.randint(1, 12), rng.randint(1, 28))
                    if rng.random() < 0.3
                    else None,
                )
            )
        self.log(f"{count} clusters")
        return _insert(Cluster, clusters)

    def make_cluster_rows(self):
        """Specialisations, partner countries, member reports, events, evidence, projects, labels."""
        rng = self.rng
        specialisations = self.specialisations
        popular = [1 / (rank + 5) for rank in range(len(specialisations))]
        countries = sorted(COUNTRIES)
        country_weights = [5 if code in _EUROPE else 1 for code in countries]
        ties = [t for t, _ in Tie.choices]
        through = Cluster.specialisations.through
        links, partners, reports, events, evidence, projects, figures, labels = (
            [] for _ in range(8)
        )
        sizes = _weights_to_sizes(
            self.sizes.memberships, len(self.clusters), cap=self.sizes.organisations
        )
        self.cluster_sizes = sizes
        for cluster, size in zip(self.clusters, sizes, strict=True):
            chosen = (
                set(rng.choices(specialisations, weights=popular, k=rng.randint(1, 6)))
                if specialisations
                else ()
            )
            links += [through(cluster_id=cluster.pk, specialisation_id=pk) for pk in chosen]
            picked = set(
                rng.choices(
                    countries, weights=country_weights, k=min(40, int(rng.expovariate(1 / 8)))
                )
            )
            for code in sorted(picked):
                for tie in rng.sample(ties, 1 if rng.random() < 0.85 else 2):
                    partners.append(
                        PartnerCountry(
                            cluster=cluster, country=code, tie=tie, source=rng.choice(self.sources)
                        )
                    )
            reports += self.reports_for(cluster, size)
            for year, (kind, _english) in {
                rng.randint(2010, 2025): rng.choice(words.EVENT_KINDS)
                for _ in range(rng.randint(0, 5))
            }.items():
                theme = cluster.name.rsplit("Klaster ", 1)[-1].split(" „")[0]
                name = f"{kind} {theme} {year}"
                events.append(
                    Event(
                        cluster=cluster,
                        name=name,
                        name_pl=name,
                        year=year,
                        scope=rng.choice([s for s, _ in EventScope.choices]),
                        source=rng.choice(self.sources) if rng.random() < 0.5 else None,
                    )
                )
            for summary in rng.sample(words.EVIDENCE, rng.randint(0, 4)):
                date, precision = _partial_date(rng, 2014, 2025)
                evidence.append(
                    ActivityEvidence(
                        cluster=cluster,
                        summary=summary,
                        date=date,
                        date_precision=precision,
                        source=rng.choice(self.sources),
                    )
                )
            for number in range(rng.randint(0, 2)):
                name = f"Projekt badawczy nr {number + 1} ({cluster.founded_year or 2020})"
                projects.append(Project(cluster=cluster, name=name, name_pl=name, description=""))
            for number in range(rng.randint(0, 2)):
                label = ("wspólnych projektów", "publikacji w mediach", "szkoleń")[number]
                figures.append(
                    KeyFigure(
                        cluster=cluster,
                        value=rng.randint(5, 500),
                        label=label,
                        label_pl=label,
                        position=number,
                    )
                )
            if rng.random() < 0.1:
                year = rng.randint(2016, 2025)
                labels.append(
                    Label(
                        cluster=cluster,
                        kind=rng.choice([k for k, _ in LabelKind.choices]),
                        year=year,
                        valid_from=datetime.date(year, 1, 1),
                        valid_until=datetime.date(year + 2, 12, 31),
                    )
                )
        for model, rows in (
            (through, links),
            (PartnerCountry, partners),
            (MemberReport, reports),
            (Event, events),
            (ActivityEvidence, evidence),
            (Project, projects),
            (KeyFigure, figures),
            (Label, labels),
        ):
            _insert(model, rows)
        self.log(
            f"{len(partners)} partner countries, {len(reports)} member reports, {len(events)} events"
        )

    def reports_for(self, cluster, size):
        """One to three reports, the latest near the cluster's generated size."""
        rng = self.rng
        years = sorted(rng.sample(range(2015, 2026), rng.randint(1, 3)))
        if rng.random() < 0.2:
            years[-1] = None  # an undated report: the newest source
        reports = []
        for number, year in enumerate(years):
            total = max(1, round(size * (0.6 + 0.4 * (number + 1) / len(years))))
            enterprises = round(total * rng.uniform(0.5, 0.8))
            support = round(total * rng.uniform(0, 0.1))
            schools = round(total * rng.uniform(0, 0.05))
            in_voivodeship = round(total * rng.uniform(0.3, 1))
            detailed = rng.random() < 0.6
            reports.append(
                MemberReport(
                    cluster=cluster,
                    as_of_year=year,
                    source=rng.choice(self.sources),
                    total=total,
                    is_lower_bound=rng.random() < 0.1,
                    enterprises=min(enterprises, total) if detailed else None,
                    business_support=support
                    if detailed and enterprises + support + schools <= total
                    else None,
                    higher_education=schools
                    if detailed and enterprises + support + schools <= total
                    else None,
                    voivodeship_count=rng.randint(1, 16) if detailed else None,
                    in_voivodeship=in_voivodeship if detailed else None,
                    in_lublin=round(in_voivodeship * rng.uniform(0.2, 0.9)) if detailed else None,
                )
            )
        return reports

    # Organisations and memberships -----------------------------------------------------------

    def organisation(self, names, names_en):
        rng = self.rng
        kind = rng.choices(_TYPES, weights=_TYPE_WEIGHTS)[0]
        where = rng.random()
        town, voivodeship, locative = rng.choices(words.TOWNS, weights=words.TOWN_WEIGHTS)[0]
        country = "PL"
        if where < 0.04:
            country, town = rng.choice(words.FOREIGN)
            voivodeship = locative = ""
        elif where < 0.06:
            country = voivodeship = town = ""
        elif where < 0.1:
            town = ""  # the region is known, the town is not
        english = None

        def draw():
            nonlocal english
            english = None
            place = town or locative or "Polsce"
            brand = rng.choice(words.BRAND_HEADS) + rng.choice(words.BRAND_TAILS)
            if kind == OrganisationType.BUSINESS_SUPPORT:
                polish, english_kind = rng.choice(words.SUPPORT_KINDS)
                english = f"{brand} {english_kind}"
                return f"{polish} „{brand}”"
            if kind == OrganisationType.HIGHER_EDUCATION:
                polish, english_kind = rng.choice(words.SCHOOLS)
                english = f"{english_kind} in {town}" if town else None
                return (
                    f"{polish} w {locative}"
                    if locative
                    else f"{polish} im. {rng.choice(words.PATRONS)}"
                )
            if kind == OrganisationType.HOSPITAL:
                polish, english_kind = rng.choice(words.HOSPITALS)
                return f"{polish} im. {rng.choice(words.PATRONS)} ({place})"
            if kind == OrganisationType.PUBLIC_ADMINISTRATION and town:
                polish, english_kind = rng.choice(words.ADMINISTRATIONS)
                english = f"{english_kind} {town}"
                return f"{polish} {locative if polish.endswith(' w') else town}"
            if kind == OrganisationType.OTHER:
                return f"{rng.choice(words.OTHERS)} „{brand}” ({place})"
            legal = rng.choice(
                words.FOREIGN_LEGAL_FORMS if country not in ("PL", "") else words.LEGAL_FORMS
            )
            template = rng.randrange(3)
            if template == 0:
                name = f"{brand} {rng.choice(words.ACTIVITIES)}"
            elif template == 1:
                name = f"{rng.choice(words.ACTIVITIES)} {rng.choice(words.SURNAMES)} i Wspólnicy"
            else:
                name = f"P.H.U. {rng.choice(words.SURNAMES)} {brand}"
            return f"{name} {legal}".strip()

        name = names.unique(draw)
        if english in names_en or rng.random() < 0.5:
            english = None
        if english:
            names_en.add(english)
        return kind, name, english, town, voivodeship, country

    def make_organisations(self):
        rng = self.rng
        names = _Names(MemberOrganisation.objects.values_list("name", flat=True))
        names_en = set(
            MemberOrganisation.objects.exclude(name_en=None).values_list("name_en", flat=True)
        )
        spec_names = dict(Specialisation.objects.values_list("pk", "name"))
        popular = [1 / (rank + 5) for rank in range(len(self.specialisations))]
        through = MemberOrganisation.specialisations.through
        ids = []
        for start in range(0, self.sizes.organisations, BATCH):
            batch, chosen = [], []
            for _ in range(min(BATCH, self.sizes.organisations - start)):
                kind, name, english, town, voivodeship, country = self.organisation(names, names_en)
                picks = sorted(
                    set(
                        rng.choices(
                            self.specialisations, weights=popular, k=rng.choice((0, 0, 1, 1, 2, 3))
                        )
                    )
                )
                description = ""
                if rng.random() < 0.35:
                    fields = (
                        ", ".join(spec_names[pk] for pk in picks)
                        or rng.choice(words.THEMES)[0].lower()
                    )
                    since = rng.randint(1990, 2024)
                    description = (
                        f"{rng.choice(words.ACTIVITIES)}: {fields}. Działa od {since} roku."
                    )
                slug = _slug(name, self.slugs)
                batch.append(
                    MemberOrganisation(
                        name=name,
                        name_pl=name,
                        name_en=english,
                        slug=slug,
                        organisation_type=kind,
                        city=town,
                        voivodeship=voivodeship,
                        country=country,
                        website=f"https://{slug[len(PREFIX) :][:40]}.example.pl"
                        if rng.random() < 0.5
                        else "",
                        description=description,
                        description_pl=description,
                    )
                )
                chosen.append(picks)
            created = _insert(MemberOrganisation, batch)
            ids += [organisation.pk for organisation in created]
            _insert(
                through,
                [
                    through(memberorganisation_id=organisation.pk, specialisation_id=pk)
                    for organisation, picks in zip(created, chosen, strict=True)
                    for pk in picks
                ],
            )
        self.log(f"{len(ids)} organisations")
        return ids

    def make_memberships(self, organisation_ids):
        """Every organisation in one cluster first, the rest of the memberships to popular ones."""
        rng, total = self.rng, self.sizes.memberships
        stream = list(organisation_ids)
        rng.shuffle(stream)
        if total > len(stream):
            popular = list(itertools.accumulate(1 / (rank + 50) for rank in range(len(stream))))
            top = popular[-1]
            stream += [
                stream[bisect_left(popular, rng.random() * top)] for _ in range(total - len(stream))
            ]
            rng.shuffle(stream)
        stream = stream[:total]
        members = [set() for _ in self.clusters]
        position, deferred = 0, []
        for index, size in enumerate(self.cluster_sizes):
            chosen = members[index]
            pending, deferred = deferred, []
            while len(chosen) < size:
                if pending:
                    organisation = pending.pop()
                elif position == len(stream):
                    break  # the rest are duplicates of this cluster's members: placed below
                else:
                    organisation = stream[position]
                    position += 1
                if organisation in chosen:
                    deferred.append(organisation)
                else:
                    chosen.add(organisation)
            deferred += pending
        for (
            organisation
        ) in deferred:  # an organisation drawn twice for a cluster goes to another one
            for chosen in sorted(members, key=len):
                if organisation not in chosen:
                    chosen.add(organisation)
                    break
        roles = (MembershipRole.COORDINATOR, MembershipRole.FOUNDER, MembershipRole.FOUNDER)
        batch = []
        for cluster, chosen in zip(self.clusters, members, strict=True):
            for number, organisation in enumerate(sorted(chosen)):
                role = roles[number] if number < len(roles) else MembershipRole.MEMBER
                batch.append(
                    Membership(
                        organisation_id=organisation,
                        cluster_id=cluster.pk,
                        role=role,
                        since_year=rng.randint(max(2004, cluster.founded_year or 2004), 2025)
                        if rng.random() < 0.7
                        else None,
                        linked_by_office=role == MembershipRole.MEMBER and rng.random() < 0.02,
                    )
                )
                if len(batch) == BATCH:
                    _insert(Membership, batch)
                    batch = []
        _insert(Membership, batch)
        self.log(f"{sum(map(len, members))} memberships")


_TYPES = [t for t, _ in OrganisationType.choices] + [""]
_TYPE_WEIGHTS = {
    "enterprise": 70,
    "business-support": 8,
    "higher-education": 3,
    "hospital": 2,
    "public-administration": 4,
    "other": 6,
    "": 7,
}
_TYPE_WEIGHTS = [_TYPE_WEIGHTS[t] for t in _TYPES]
_EUROPE = frozenset(
    (
        "AT",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GB",
        "GR",
        "HR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "NO",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "UA",
        "MD",
        "GE",
    )
)


def generate(sizes: Sizes, seed: int = 1, log=None):
    Generator(sizes, seed, log).run()
