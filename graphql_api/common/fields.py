"""Fields of model types that read a plain column the way strawberry reads a plain attribute.

strawberry-django answers every field it declares through its own resolver: per object, strawberry
builds an Info, converts the (absent) arguments and runs the field extensions, then
StrawberryDjangoField.get_result looks for managers, querysets and coroutines. A relation needs
that (the type's get_queryset, the prefetch cache); a text, number, date or choice column does not,
and a list of 50 events has about a thousand of them. strawberry skips all of it for a "basic"
field (no resolver, no extensions) and calls get_result with the object alone: ModelField is basic
when it reads a concrete column, and reads it with getattr.

The optimizer plans select_related and prefetch_related from the type definitions (django_name,
is_relation, the hints), not from the resolvers, so it sees these fields as before. The API is
synchronous (strawberry's sync Django view), so no column is read from an event loop.
"""

from functools import cached_property

import strawberry_django
from django.db.models.fields.files import FileDescriptor
from django.db.models.query_utils import DeferredAttribute
from strawberry_django.fields.field import StrawberryDjangoField


class ModelField(StrawberryDjangoField):
    @cached_property
    def reads_column(self):
        """True for a field without resolver or extensions that reads a concrete, non-file column
        of its type's model. Asked when the schema is built, after the type set django_name."""
        if self.base_resolver is not None or self.extensions or self.is_relation:
            return False
        if self.origin_django_type is None or self.django_name is None:
            return False
        descriptor = getattr(self.origin_django_type.model, self.django_name, None)
        # A file column answers null for an empty file, which strawberry-django does for us.
        return isinstance(descriptor, DeferredAttribute) and not isinstance(
            descriptor, FileDescriptor
        )

    @property
    def is_basic_field(self):
        return self.reads_column

    def get_result(self, source, info, args, kwargs):
        if self.reads_column:
            return getattr(source, self.django_name)
        return super().get_result(source, info, args, kwargs)


def model_field(**options):
    """`strawberry_django.field` for an attribute of a model type (not a resolver method)."""
    return strawberry_django.field(field_cls=ModelField, **options)
