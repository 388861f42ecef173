"""The one mechanism behind every filtered listing and its CSV export.

URL → ``FilteredListView`` (or ``FilteredExportView``) → the FilterSet over
``Model.objects.public().with_listing_data()`` → if its form is invalid, the page with the errors and
status 400 → a whitelisted sort → the paginator → the template (partials in ``templates/includes/``).
A subclass states its FilterSet, which filters get facet counts (and the lookup they count), its sort
keys and, for the CSV, its columns. The same FilterSet drives the list, the counts and the CSV.

Modules: ``facets`` (the options of a filter, their counts and the active-filter chips), ``views``
(the list page and the CSV view every listing subclasses), ``export`` (the streamed CSV writer),
``filtersets`` (the FilterSets' base), ``counts`` and ``memo`` (what is kept per data version).
"""
