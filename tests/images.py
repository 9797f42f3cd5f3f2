"""Real image files for upload tests, made with Pillow."""

import io

from PIL import Image

GPS_TAG = 0x8825
MAKE_TAG = 0x010F


def image_bytes(image_format="JPEG", size=(400, 300), exif=False):
    """An image of `size` in `image_format`; with `exif`, a camera make and a location."""
    image = Image.new("RGB", size, (200, 80, 10))
    output = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[MAKE_TAG] = "Telefoon van de fotograaf"
        data[GPS_TAG] = {2: (52.0, 5.0, 0.0)}
        options["exif"] = data.tobytes()
    image.save(output, format=image_format, **options)
    return output.getvalue()
