"""Uploads through the admin: only whole images of the allowed types, sizes and pixel counts are
stored (home/editing/uploads.py); anything else is refused in Japanese with the form shown again,
leaving no row and no file behind. Documents are limited by extension and always download, so
no uploaded file can run in the site's origin.

Every file is made here, in memory: real images with Pillow, decompression bombs as genuine
1-bit PNGs written by hand (a few kilobytes that decode to tens of millions of pixels), built
only when their test runs.
"""

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.models import Collection, UploadedFile

from home.models import CustomImage

SUPPORTED = "AVIF, GIF, JPG, JPEG, PNG, WEBP"
CORRUPT = (
    "画像を最後まで読み取れませんでした。ファイルが壊れているか、途中までしかありません。"
    "元の画像を保存し直してから、もう一度アップロードしてください。"
)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def encoded(image_format, size=(16, 12), **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "green").save(buffer, format=image_format, **options)
    return buffer.getvalue()


def animated_gif(size=(16, 12)):
    frames = [PILImage.new("RGB", size, colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def animated_gif_on_a_large_screen(width, height):
    """Three 1×1 frames on a width × height logical screen: every frame decodes to the screen."""
    small = animated_gif(size=(1, 1))
    return small[:6] + struct.pack("<HH", width, height) + small[10:]


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width, height):
    """A valid black 1-bit PNG: a few kilobytes on disk, width × height pixels once decoded."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte, then the row's bits
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def noise_png(side):
    """A real photo-sized PNG that does not compress: random pixels, stored uncompressed."""
    image = PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=0)
    return buffer.getvalue()


def stored_files():
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.fixture
def root_collection(db):
    return Collection.get_first_root_node()


def upload_image(client, name, content, collection):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "地域清掃の様子",
            "description": "公園でごみを拾う会員たち",
            "collection": str(collection.pk),
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_images(client, name, content, collection):
    """The multiple uploader's request for one file, as its script sends it."""
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": str(collection.pk), "files[]": SimpleUploadedFile(name, content)},
    )


REFUSED_IMAGES = {
    "svg": (
        "logo.svg",
        lambda: SVG,
        f"サポートされていない画像形式です。{SUPPORTED}をお試しください。",
    ),
    "svg renamed .png": (
        "logo.png",
        lambda: SVG,
        "このファイルは名前が「.png」で終わっていますが、中身はPNG画像ではありません"
        f"（SVG・HTMLなど別の形式です）。アップロードできるのは{SUPPORTED}の画像だけです。",
    ),
    "html renamed .jpg": (
        "photo.jpg",
        lambda: b"<!DOCTYPE html>\n<html><body><script>fetch('/admin/')</script></body></html>",
        "このファイルは名前が「.jpg」で終わっていますが、中身はJPEG画像ではありません"
        f"（SVG・HTMLなど別の形式です）。アップロードできるのは{SUPPORTED}の画像だけです。",
    ),
    "javascript renamed .jpg": (
        "photo.jpg",
        lambda: b"alert(document.domain);\n",
        "画像をアップロードしてください。アップロードしたファイルは画像でないか、"
        "または壊れています。",
    ),
    "png header then garbage": (
        "photo.png",
        lambda: encoded("PNG")[:33] + b"\x00garbage\xff" * 40,
        CORRUPT,
    ),
    "truncated png": ("photo.png", lambda: encoded("PNG", size=(64, 64))[:-30], CORRUPT),
    "truncated jpeg": ("photo.jpg", lambda: encoded("JPEG", size=(200, 200))[:500], CORRUPT),
    "gif header with a script": (
        "photo.gif",
        lambda: b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=1;alert(document.domain);//",
        CORRUPT,
    ),
    "png content named .jpg": (
        "photo.jpg",
        lambda: encoded("PNG"),
        "このファイルは名前が「.jpg」で終わっていますが、中身はPNG画像です。"
        "名前の最後を「.png」に直してから、もう一度アップロードしてください。",
    ),
    "more pixels than the limit": (
        "poster.png",
        lambda: png_bomb(8000, 7000),
        "画像が大きすぎます（8,000×7,000ピクセル）。画素数の上限は50,000,000画素です。"
        "縮小してから、もう一度アップロードしてください。",
    ),
    "animation with more pixels than the limit": (
        "banner.gif",
        lambda: animated_gif_on_a_large_screen(5000, 5000),
        "画像が大きすぎます（5,000×5,000ピクセル、3コマ）。画素数の上限は50,000,000画素です。"
        "縮小してから、もう一度アップロードしてください。",
    ),
    "decompression bomb past pillow's limit": (
        "poster.png",
        lambda: png_bomb(14000, 14000),
        "画像が大きすぎます（画素数が上限の50,000,000画素を超えています）。"
        "縮小してから、もう一度アップロードしてください。",
    ),
}


@pytest.mark.parametrize("name, make, message", REFUSED_IMAGES.values(), ids=REFUSED_IMAGES)
def test_the_image_add_view_refuses_it_in_japanese_and_stores_nothing(
    admin_client, root_collection, name, make, message
):
    files_before = stored_files()

    response = upload_image(admin_client, name, make(), root_collection)

    assert response.status_code == 200
    assert "wagtailimages/images/add.html" in [template.name for template in response.templates]
    assert response.context["form"].errors == {"file": [message]}
    assert message in response.content.decode()
    assert (CustomImage.objects.count(), stored_files() - files_before) == (0, set())


def test_an_image_over_the_upload_size_is_refused_in_japanese(admin_client, root_collection):
    too_big = noise_png(1900)
    files_before = stored_files()

    response = upload_image(admin_client, "scan.png", too_big, root_collection)

    assert len(too_big) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["このファイルは大きすぎます（10.3\xa0MB）。ファイルサイズの上限は10.0\xa0MBです。"]
    }
    assert (CustomImage.objects.count(), stored_files() - files_before) == (0, set())


ACCEPTED_IMAGES = {
    "png": ("photo.png", lambda: encoded("PNG")),
    "jpg": ("photo.jpg", lambda: encoded("JPEG")),
    "jpeg": ("photo.jpeg", lambda: encoded("JPEG")),
    "gif": ("photo.gif", lambda: encoded("GIF")),
    "animated gif": ("photo.gif", animated_gif),
    "webp": ("photo.webp", lambda: encoded("WEBP")),
    "avif": ("photo.avif", lambda: encoded("AVIF")),
    "png at the pixel limit": ("poster.png", lambda: png_bomb(10000, 5000)),
}


@pytest.mark.parametrize("name, make", ACCEPTED_IMAGES.values(), ids=ACCEPTED_IMAGES)
def test_a_whole_image_of_an_allowed_type_is_stored(admin_client, root_collection, name, make):
    content = make()
    response = upload_image(admin_client, name, content, root_collection)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response.url == reverse("wagtailimages:index")
    image = CustomImage.objects.get()
    stored = Path(image.file.path)
    assert (stored.parent.name, stored.suffix, stored.read_bytes()) == (
        "original_images",
        Path(name).suffix,
        content,
    )


@pytest.mark.parametrize(
    "case",
    ["svg renamed .png", "png header then garbage", "decompression bomb past pillow's limit"],
)
def test_the_multiple_uploader_refuses_it_in_japanese_and_stores_nothing(
    admin_client, root_collection, case
):
    name, make, message = REFUSED_IMAGES[case]
    files_before = stored_files()

    response = upload_images(admin_client, name, make(), root_collection)

    assert (response.status_code, response.json()) == (
        200,
        {"success": False, "error_message": message},
    )
    assert (CustomImage.objects.count(), UploadedFile.objects.count()) == (0, 0)
    assert stored_files() - files_before == set()


def test_the_multiple_uploader_keeps_a_whole_image_until_its_alt_text_is_given(
    admin_client, root_collection
):
    response = upload_images(admin_client, "photo.png", encoded("PNG"), root_collection)

    body = response.json()
    upload = UploadedFile.objects.get()
    assert (response.status_code, body["success"], body["uploaded_file_id"]) == (
        200,
        True,
        upload.pk,
    )
    assert (CustomImage.objects.count(), upload.file.read()) == (0, encoded("PNG"))


def test_replacing_an_image_file_with_a_broken_one_keeps_the_original(
    admin_client, root_collection
):
    upload_image(admin_client, "photo.png", encoded("PNG"), root_collection)
    image = CustomImage.objects.get()
    original = Path(image.file.path)

    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "description": image.description,
            "collection": str(root_collection.pk),
            "file": SimpleUploadedFile("photo.png", encoded("PNG", size=(64, 64))[:-30]),
        },
    )

    image.refresh_from_db()
    assert (response.status_code, response.context["form"].errors) == (200, {"file": [CORRUPT]})
    assert (Path(image.file.path), original.read_bytes()) == (original, encoded("PNG"))


# Documents


def upload_document(client, name, content, collection):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "会議資料",
            "collection": str(collection.pk),
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    "name, content, extension",
    [
        ("minutes.html", b"<html><script>alert(1)</script></html>", "html"),
        ("map.svg", SVG, "svg"),
        ("tool.js", b"alert(1);", "js"),
    ],
)
def test_a_document_of_a_type_not_allowed_is_refused_in_japanese(
    admin_client, root_collection, name, content, extension
):
    files_before = stored_files()

    response = upload_document(admin_client, name, content, root_collection)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            f"ファイル拡張子 “{extension}” は許可されていません。"
            "許可されている拡張子は csv, docx, odt, pdf, pptx, txt, xlsx です。"
        ]
    }
    assert (Document.objects.count(), stored_files() - files_before) == (0, set())


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SCRIPT_IN_TEXT = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    "name, content, content_type, disposition",
    [
        (
            "会議資料.pdf",
            PDF,
            "application/pdf",
            # Non-ASCII names travel in filename*; filename is Wagtail's transliteration.
            'attachment; filename="HuiYiZiLiao.pdf"; '
            "filename*=UTF-8''%E4%BC%9A%E8%AD%B0%E8%B3%87%E6%96%99.pdf",
        ),
        ("notes.txt", SCRIPT_IN_TEXT, "text/plain", 'attachment; filename="notes.txt"'),
        ("members.csv", SCRIPT_IN_TEXT, "text/csv", 'attachment; filename="members.csv"'),
    ],
)
def test_a_document_is_served_as_a_download_the_browser_must_not_sniff(
    admin_client, client, root_collection, name, content, content_type, disposition
):
    upload_document(admin_client, name, content, root_collection)
    document = Document.objects.get()

    response = client.get(document.url)

    served_headers = {
        header: response[header]
        for header in (
            "Content-Type",
            "Content-Disposition",
            "X-Content-Type-Options",
            "Content-Security-Policy",
        )
    }
    assert (response.status_code, b"".join(response.streaming_content)) == (200, content)
    assert served_headers == {
        "Content-Type": content_type,
        "Content-Disposition": disposition,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
    }
