"""Create-or-update for plain rows (snippets, classification lists) that counts real changes."""


def upsert_rows(model, key, rows):
    """update_or_create every row, counting only rows whose stored values actually changed."""
    changed = 0
    for row in rows:
        values = {name: value for name, value in row.items() if name != key}
        obj = model.objects.filter(**{key: row[key]}).first()
        if obj is not None and all(getattr(obj, name) == value for name, value in values.items()):
            continue
        model.objects.update_or_create(**{key: row[key]}, defaults=values)
        changed += 1
    return changed
