"""Media on S3-compatible storage (django-storages), configured from the environment only.

The round trip runs against moto's S3 server on loopback: the same HTTP protocol a provider
speaks, so an image uploaded through Wagtail really lands in the bucket and is served from it.
"""

import boto3
import pytest
import requests
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from cms.settings.storage import S3_BACKEND, media_storages
from tests.factories import ImageFactory

LOCAL = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def test_without_a_bucket_media_stay_on_the_local_disk():
    assert media_storages({}, LOCAL) == LOCAL


def test_a_bucket_and_an_endpoint_switch_media_to_s3():
    environ = {
        "AWS_STORAGE_BUCKET_NAME": "kamagaya-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.jp",
        "AWS_S3_REGION_NAME": "ap-northeast-1",
    }

    assert media_storages(environ, LOCAL) == {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                "bucket_name": "kamagaya-media",
                "querystring_auth": False,
                "default_acl": None,
                "file_overwrite": False,
                "endpoint_url": "https://s3.example.jp",
                "region_name": "ap-northeast-1",
            },
        }
    }


@pytest.fixture
def s3_endpoint(monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    # boto3 reads credentials from the environment, as it would in production.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    yield f"http://{host}:{port}"
    server.stop()


def test_an_uploaded_image_is_stored_in_the_bucket_and_served_from_it(db, s3_endpoint, settings):
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="ap-northeast-1").create_bucket(
        Bucket="kamagaya-media",
        CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"},
    )
    settings.STORAGES = media_storages(
        {
            "AWS_STORAGE_BUCKET_NAME": "kamagaya-media",
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "ap-northeast-1",
            # moto honours object ACLs but not bucket policies for anonymous reads.
            "AWS_DEFAULT_ACL": "public-read",
        },
        settings.STORAGES,
    )

    image = ImageFactory()
    rendition = image.get_rendition("fill-50x50")

    assert storages["default"].__class__.__module__ == "storages.backends.s3"
    original = requests.get(image.file.url, timeout=10)
    resized = requests.get(rendition.url, timeout=10)
    assert image.file.url.startswith(f"{s3_endpoint}/kamagaya-media/original_images/")
    assert (original.status_code, original.content[:3]) == (200, b"\xff\xd8\xff")  # a JPEG
    assert (resized.status_code, rendition.width, rendition.height) == (200, 50, 50)
