"""Create-or-update for plain rows (snippets, classification lists) that counts real changes."""


def upsert_rows(model, key, rows):
    """Create or update every row, found again by its unique `key`; counts rows that changed."""
    stored = model.objects.in_bulk([row[key] for row in rows], field_name=key)
    changed = 0
    for row in rows:
        obj = stored.get(row[key])
        if obj is None:
            model.objects.create(**row)
        elif any(getattr(obj, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(obj, name, value)
            obj.save(update_fields=[name for name in row if name != key])
        else:
            continue
        changed += 1
    return changed
