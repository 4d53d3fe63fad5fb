"""What an uploaded image must be before Wagtail stores it: a whole, readable picture of an allowed
type whose name matches its content, within the size and pixel limits.

Wagtail's own field reads only an image's header, so a file that starts like a PNG and goes on
with garbage (a truncated photo, a GIF header in front of a script) passed its checks and then
raised out of Pillow: a server error in the admin. Some of its refusals are also in English, or
in Japanese that does not tell an editor what to do. This field decodes every frame before
accepting a file and refuses in Japanese that says what is wrong and how to fix it.
"""

import os

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import ImageSequence
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# How Willow names a format, for the extension an editor should give such a file.
EXTENSION_OF_FORMAT = {"jpeg": "jpg"}
FORMAT_OF_EXTENSION = {"jpg": "jpeg"}

MISLABELLED = (
    "このファイルは名前が「.%(extension)s」で終わっていますが、中身は%(actual)s画像です。"
    "名前の最後を「.%(actual_extension)s」に直してから、もう一度アップロードしてください。"
)
NOT_AN_ALLOWED_IMAGE = (
    "このファイルは名前が「.%(extension)s」で終わっていますが、中身は%(expected)s画像では"
    "ありません（SVG・HTMLなど別の形式です）。"
    "アップロードできるのは%(supported)sの画像だけです。"
)
CORRUPT = (
    "画像を最後まで読み取れませんでした。ファイルが壊れているか、途中までしかありません。"
    "元の画像を保存し直してから、もう一度アップロードしてください。"
)
TOO_MANY_PIXELS = (
    "画像が大きすぎます（%(dimensions)s）。画素数の上限は%(limit)s画素です。"
    "縮小してから、もう一度アップロードしてください。"
)
TOO_MANY_PIXELS_UNMEASURED = (
    "画像が大きすぎます（画素数が上限の%(limit)s画素を超えています）。"
    "縮小してから、もう一度アップロードしてください。"
)


def format_of(extension):
    return FORMAT_OF_EXTENSION.get(extension, extension)


def dimensions_text(width, height, frames):
    text = f"{width:,}×{height:,}ピクセル"
    return text if frames == 1 else f"{text}、{frames:,}コマ"


class CheckedImageField(WagtailImageField):
    """Wagtail's image field that decodes the whole image and explains each refusal in Japanese."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:
            # Past the header Pillow may raise almost anything on crafted bytes (OSError,
            # SyntaxError, struct.error, EOFError...); every one means the file is not a whole image.
            raise ValidationError(CORRUPT, code="corrupt_image") from error
        if upload is not None:
            self.check_whole_image_decodes(upload)
        return upload

    def check_image_file_format(self, f):
        extension = os.path.splitext(f.name)[1].lower()[1:]
        if extension not in self.allowed_image_extensions:
            raise ValidationError(
                self.error_messages["invalid_image_extension"], code="invalid_image_extension"
            )
        actual = f.image.format_name
        if actual == format_of(extension):
            return
        if actual in {format_of(allowed) for allowed in self.allowed_image_extensions}:
            # A real image of an allowed type under the wrong name: refused rather than renamed,
            # because the stored name decides the Content-Type the web server or S3 sends.
            message = MISLABELLED % {
                "extension": extension,
                "actual": actual.upper(),
                "actual_extension": EXTENSION_OF_FORMAT.get(actual, actual),
            }
        else:
            message = NOT_AN_ALLOWED_IMAGE % {
                "extension": extension,
                "expected": format_of(extension).upper(),
                "supported": self.supported_formats_text,
            }
        raise ValidationError(message, code="invalid_image_known_format")

    def check_image_pixel_size(self, f):
        limit = self.max_image_pixels
        try:
            width, height = f.image.get_size()
            frames = self.frame_count(f)
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            # Pillow refuses to open it at all: far beyond its own limit, which is above ours.
            raise ValidationError(
                TOO_MANY_PIXELS_UNMEASURED % {"limit": f"{limit or PILImage.MAX_IMAGE_PIXELS:,}"},
                code="file_too_many_pixels",
            ) from None
        if limit is not None and width * height * frames > limit:
            raise ValidationError(
                TOO_MANY_PIXELS
                % {"dimensions": dimensions_text(width, height, frames), "limit": f"{limit:,}"},
                code="file_too_many_pixels",
            )

    @staticmethod
    def frame_count(upload):
        # Willow's Pillow plugin counts every animation as one frame, which would let a small GIF
        # of many frames on a large screen through, and its decoding take minutes.
        upload.seek(0)
        try:
            with PILImage.open(upload) as image:
                return getattr(image, "n_frames", 1)
        finally:
            upload.seek(0)

    def check_whole_image_decodes(self, upload):
        """Decode every frame, as making a rendition will; the pixel limit has bounded the cost."""
        upload.seek(0)
        try:
            with PILImage.open(upload) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
        except Exception as error:
            raise ValidationError(CORRUPT, code="corrupt_image") from error
        finally:
            upload.seek(0)


class CheckedImageForm(BaseImageForm):
    """The base of every admin image form (WAGTAILIMAGES_IMAGE_FORM_BASE): single and multiple
    upload, the chooser's upload and replacing an image's file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the file field in get_image_form(); swapping it here, rather than
        # declaring one, keeps the forms that leave the file out (the multiple uploader's
        # metadata form) without it.
        if "file" in self.fields:
            generated = self.fields["file"]
            self.fields["file"] = CheckedImageField(
                label=generated.label,
                required=generated.required,
                widget=generated.widget,
                max_length=generated.max_length,
            )
