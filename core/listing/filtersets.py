"""The base of the listings' FilterSets."""

import django_filters


class ListingFilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is built once per FilterSet class, not per request.

    django-filter builds the form class on every request: a new field from each filter, each then
    deep-copied again by the form (a listing's form has a dozen fields, the choices of each
    copied twice). Our filters' fields depend on nothing of the request (their labels are lazy,
    their querysets and callable choices are evaluated when the form is), so the class is built
    once, as a form declared in code is, and each request's form deep-copies its fields once.
    """

    def get_form_class(self):
        # the class's own __dict__, not an inherited one: a subclass has its own filters and form
        form_class = type(self).__dict__.get("_built_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._built_form_class = form_class
        return form_class


def matches_typed_text(filter_):
    """Whether ``filter_`` matches text a visitor typed (the listing's ``q``, a cluster's name):
    against the columns of the page's language, in a way PostgreSQL has no statistics for. A
    ``CharFilter`` does, unless it says ``matches_text = False`` (a slug, as a link sends it)."""
    return isinstance(filter_, django_filters.CharFilter) and getattr(filter_, "matches_text", True)
