"""Where uploaded media live: this server's disk, or an S3-compatible bucket (django-storages)."""

S3_BACKEND = "storages.backends.s3.S3Storage"


def media_storages(environ, storages):
    """STORAGES with media in the bucket named by AWS_STORAGE_BUCKET_NAME, if any.

    Everything else comes from the environment too: AWS_S3_ENDPOINT_URL for a provider other
    than AWS (e.g. an S3-compatible service in a Japanese region), AWS_S3_REGION_NAME,
    AWS_S3_CUSTOM_DOMAIN for a CDN in front of the bucket. Credentials are read by boto3 from
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance's role, never from settings files.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return storages
    options = {
        "bucket_name": bucket,
        # Published images are public; URLs without signatures can be cached by a CDN. Public
        # reads come from a bucket policy, or from a per-object ACL (AWS_DEFAULT_ACL=public-read)
        # on providers that still use ACLs.
        "querystring_auth": False,
        "default_acl": environ.get("AWS_DEFAULT_ACL") or None,
        # Never overwrite: Wagtail gives a new name to a file whose name is taken.
        "file_overwrite": False,
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
    ):
        if environ.get(variable):
            options[option] = environ[variable]
    return {**storages, "default": {"BACKEND": S3_BACKEND, "OPTIONS": options}}
