"""Sample pictures for the demo, drawn with Pillow so the demo needs no downloaded photos.

Each picture is an abstract pattern (no text: no Japanese font is available to draw with), and its
alt text describes exactly what is drawn and says it is a sample. Drawing is seeded by the
picture's key, so the same key always gives the same picture.
"""

import random
from dataclasses import dataclass
from functools import cache
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.utils.file import hash_filelike

from ..models import CustomImage

LOGO_SIZE = (400, 400)
PHOTO_SIZE = (960, 540)

GREEN = (76, 160, 84)
LEAF = (150, 200, 90)
YELLOW = (250, 205, 60)
CREAM = (255, 248, 225)
BLUE = (50, 110, 190)
SKY = (150, 205, 240)
NAVY = (25, 40, 90)
ORANGE = (245, 140, 50)
RED = (215, 60, 55)
PINK = (240, 150, 180)
PURPLE = (120, 80, 170)
TEAL = (30, 150, 150)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class SampleImage:
    key: str
    title: str
    description: str
    size: tuple
    background: tuple  # top and bottom colour of a vertical gradient
    pattern: str
    colours: tuple


SAMPLE_IMAGES = (
    SampleImage(
        "green-circles",
        "サンプル画像：緑と黄色の円",
        "サンプル画像：緑と黄色の円が横に並んだ抽象的な図形",
        LOGO_SIZE,
        (CREAM, CREAM),
        "circles",
        (GREEN, YELLOW),
    ),
    SampleImage(
        "blue-stripes",
        "サンプル画像：青と水色のしま模様",
        "サンプル画像：青と水色の斜めのしま模様",
        LOGO_SIZE,
        (SKY, SKY),
        "stripes",
        (BLUE, SKY),
    ),
    SampleImage(
        "orange-triangles",
        "サンプル画像：オレンジと赤の三角形",
        "サンプル画像：クリーム色の地にオレンジと赤の三角形が重なった抽象的な図形",
        LOGO_SIZE,
        (CREAM, CREAM),
        "triangles",
        (ORANGE, RED),
    ),
    SampleImage(
        "purple-squares",
        "サンプル画像：紫と桃色の四角形",
        "サンプル画像：白い地に紫と桃色の四角形が市松模様に並んだ図形",
        LOGO_SIZE,
        (WHITE, WHITE),
        "squares",
        (PURPLE, PINK),
    ),
    SampleImage(
        "teal-rings",
        "サンプル画像：青緑の同心円",
        "サンプル画像：白い地に青緑と水色の輪が何重にも重なった同心円の図形",
        LOGO_SIZE,
        (WHITE, WHITE),
        "rings",
        (TEAL, SKY),
    ),
    SampleImage(
        "red-dots",
        "サンプル画像：赤い水玉",
        "サンプル画像：白い地に赤い水玉が規則正しく並んだ模様",
        LOGO_SIZE,
        (WHITE, WHITE),
        "dots",
        (RED,),
    ),
    SampleImage(
        "sunset-circles",
        "サンプル画像：夕焼け色と白い円",
        "サンプル画像：オレンジから桃色へのグラデーションの上に白い円が浮かぶ抽象的な図形",
        PHOTO_SIZE,
        (ORANGE, PINK),
        "circles",
        (WHITE,),
    ),
    SampleImage(
        "green-hills",
        "サンプル画像：緑の丘",
        "サンプル画像：水色の空の下に緑と黄緑の丘が重なったような風景風の図形",
        PHOTO_SIZE,
        (SKY, WHITE),
        "hills",
        (LEAF, GREEN),
    ),
    SampleImage(
        "blue-grid",
        "サンプル画像：青地に白い格子",
        "サンプル画像：青から紺色へのグラデーションに白い格子線が引かれた図形",
        PHOTO_SIZE,
        (BLUE, NAVY),
        "grid",
        (WHITE,),
    ),
    SampleImage(
        "confetti",
        "サンプル画像：色とりどりの紙吹雪",
        "サンプル画像：黄色からクリーム色へのグラデーションの地に赤・青・緑・紫の小さな四角形が紙吹雪のように散らばった図形",
        PHOTO_SIZE,
        (YELLOW, CREAM),
        "confetti",
        (RED, BLUE, GREEN, PURPLE),
    ),
    SampleImage(
        "night-dots",
        "サンプル画像：紺色の地に黄色い点",
        "サンプル画像：紺色の地に黄色い小さな点が星空のように散らばった図形",
        PHOTO_SIZE,
        (NAVY, NAVY),
        "stars",
        (YELLOW,),
    ),
    SampleImage(
        "rainbow-bands",
        "サンプル画像：虹色の横じま",
        "サンプル画像：赤・オレンジ・黄・緑・青・紫の太い横じまが並んだ虹色の図形",
        PHOTO_SIZE,
        (WHITE, WHITE),
        "bands",
        (RED, ORANGE, YELLOW, GREEN, BLUE, PURPLE),
    ),
)


def blend(top, bottom, fraction):
    return tuple(round(a + (b - a) * fraction) for a, b in zip(top, bottom, strict=True))


def gradient(size, top, bottom):
    width, height = size
    picture = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=blend(top, bottom, y / max(height - 1, 1)))
    return picture


def draw_circles(draw, size, colours, rng):
    width, height = size
    count = 3
    radius = width // (count * 3 + 1)
    for index in range(count):
        centre_x = width * (index + 1) // (count + 1)
        centre_y = height // 2 + rng.randint(-radius // 3, radius // 3)
        colour = colours[index % len(colours)]
        draw.ellipse(
            [centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius],
            fill=colour,
        )


def draw_stripes(draw, size, colours, rng):
    width, height = size
    step = width // 8
    for index, x in enumerate(range(-height, width, step)):
        colour = colours[index % len(colours)]
        draw.polygon(
            [(x, height), (x + step, height), (x + step + height, 0), (x + height, 0)], fill=colour
        )


def draw_triangles(draw, size, colours, rng):
    width, height = size
    for index in range(6):
        base_x = rng.randint(0, width * 3 // 4)
        base_y = rng.randint(height // 2, height)
        side = rng.randint(width // 4, width // 2)
        draw.polygon(
            [(base_x, base_y), (base_x + side, base_y), (base_x + side // 2, base_y - side)],
            fill=colours[index % len(colours)],
        )


def draw_squares(draw, size, colours, rng):
    width, height = size
    cells = 4
    cell_w, cell_h = width // cells, height // cells
    margin = cell_w // 8
    for row in range(cells):
        for column in range(cells):
            x, y = column * cell_w, row * cell_h
            draw.rectangle(
                [x + margin, y + margin, x + cell_w - margin, y + cell_h - margin],
                fill=colours[(row + column) % len(colours)],
            )


def draw_rings(draw, size, colours, rng):
    width, height = size
    centre_x, centre_y = width // 2, height // 2
    for index, radius in enumerate(range(min(width, height) // 2 - 10, 10, -30)):
        draw.ellipse(
            [centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius],
            outline=colours[index % len(colours)],
            width=14,
        )


def draw_dots(draw, size, colours, rng):
    width, height = size
    step = width // 6
    radius = step // 4
    for row, y in enumerate(range(step // 2, height, step)):
        offset = step // 2 if row % 2 else 0
        for x in range(step // 2 + offset, width, step):
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colours[0])


def draw_hills(draw, size, colours, rng):
    width, height = size
    for index in range(4):
        centre_x = rng.randint(0, width)
        radius_x = rng.randint(width // 3, width // 2)
        top = height // 2 + index * height // 10
        draw.ellipse(
            [centre_x - radius_x, top, centre_x + radius_x, top + height],
            fill=colours[index % len(colours)],
        )


def draw_grid(draw, size, colours, rng):
    width, height = size
    step = height // 6
    for x in range(0, width, step):
        draw.line([(x, 0), (x, height)], fill=colours[0], width=3)
    for y in range(0, height, step):
        draw.line([(0, y), (width, y)], fill=colours[0], width=3)


def draw_confetti(draw, size, colours, rng):
    width, height = size
    for index in range(120):
        x, y = rng.randint(0, width), rng.randint(0, height)
        side = rng.randint(8, 22)
        draw.rectangle([x, y, x + side, y + side // 2], fill=colours[index % len(colours)])


def draw_stars(draw, size, colours, rng):
    width, height = size
    for _ in range(150):
        x, y = rng.randint(0, width), rng.randint(0, height)
        radius = rng.choice((2, 2, 3, 5))
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colours[0])


def draw_bands(draw, size, colours, rng):
    width, height = size
    band = height / len(colours)
    for index, colour in enumerate(colours):
        draw.rectangle([0, round(index * band), width, round((index + 1) * band)], fill=colour)


PATTERNS = {
    "circles": draw_circles,
    "stripes": draw_stripes,
    "triangles": draw_triangles,
    "squares": draw_squares,
    "rings": draw_rings,
    "dots": draw_dots,
    "hills": draw_hills,
    "grid": draw_grid,
    "confetti": draw_confetti,
    "stars": draw_stars,
    "bands": draw_bands,
}


# Drawing is seeded, so a picture never changes: tests that load the demo again reuse it.
@cache
def render_png(sample):
    picture = gradient(sample.size, *sample.background)
    PATTERNS[sample.pattern](
        ImageDraw.Draw(picture), sample.size, sample.colours, random.Random(sample.key)
    )
    output = BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue()


def create_image(sample):
    data = render_png(sample)
    image = CustomImage(
        title=sample.title,
        description=sample.description,
        file=ImageFile(BytesIO(data), name=f"sample-{sample.key}.png"),
        file_size=len(data),
        file_hash=hash_filelike(BytesIO(data)),
    )
    image.save()
    return image


def ensure_sample_images():
    """Every sample picture as a CustomImage, found again by title. Returns ({key: image}, changed)."""
    images = {}
    changed = 0
    for sample in SAMPLE_IMAGES:
        image = CustomImage.objects.filter(title=sample.title).first()
        if image is None:
            image = create_image(sample)
            changed += 1
        elif image.description != sample.description:
            image.description = sample.description
            image.save(update_fields=["description"])
            changed += 1
        images[sample.key] = image
    return images, changed
