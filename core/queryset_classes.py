"""One multilingual queryset class per queryset class, made once (django-modeltranslation).

modeltranslation turns every queryset of a translated model into a "multilingual" one by giving it
a subclass of its own class and ``MultilingualQuerySet``, and its ``multilingual_queryset_factory``
makes that subclass anew on each call: every ``Model.objects`` of a model with its own QuerySet
class (all of ours), every related manager. A listing page made 30 classes, the clusters' CSV one
per cluster (1,934 at scale), each a few KB held in reference cycles until a full garbage
collection: worker memory grew and fragmented with them, and making a class costs more than the
query it serves. The subclass has no state of its own, so one per queryset class does.
"""

import functools

from modeltranslation import manager


def install():
    made = manager.multilingual_queryset_factory
    if getattr(made, "made_once", False):
        return

    @functools.cache
    def subclass(old_cls):
        return made(old_cls, instantiate=False)

    def multilingual_queryset_factory(old_cls, instantiate=True):
        cls = subclass(old_cls)
        return cls() if instantiate else cls

    multilingual_queryset_factory.made_once = True
    manager.multilingual_queryset_factory = multilingual_queryset_factory
