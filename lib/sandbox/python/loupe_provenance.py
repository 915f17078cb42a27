"""Crop provenance inside the kernel: which box of `image_i` a derived PIL image shows.

Every tracked image carries an affine map from its own pixel coordinates to `image_i` pixel
coordinates. PIL operations compose that map (crop = translate, resize = scale, transpose and
rotate = their exact affine, as PIL computes it), so chains like crop → resize → crop stay exact.
Provenance must never break user code: any failure here just drops the metadata.
"""

import functools
import threading

from PIL import Image

_ATTR = "_loupe_prov"
_state = threading.local()
# Crop boxes computed during the current cell, reported after it (see bootstrap).
cell_crops = []


def compose(p, q):
    """p ∘ q for affines (a, b, c, d, e, f): (x, y) -> (a x + b y + c, d x + e y + f)."""
    a, b, c, d, e, f = p
    A, B, C, D, E, F = q
    return (a * A + b * D, a * B + b * E, a * C + b * F + c,
            d * A + e * D, d * B + e * E, d * C + e * F + f)


IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def _num(v):
    v = round(v, 2)
    return int(v) if v == int(v) else v


def box_of(prov, size):
    """Bounding box of an image of `size` in its source's coordinates, clipped to the source."""
    a, b, c, d, e, f = prov["affine"]
    w, h = size
    pts = [(a * x + b * y + c, d * x + e * y + f) for x, y in ((0, 0), (w, 0), (0, h), (w, h))]
    sw, sh = prov["source_size"]
    xs = [min(max(p[0], 0), sw) for p in pts]
    ys = [min(max(p[1], 0), sh) for p in pts]
    return [_num(min(xs)), _num(min(ys)), _num(max(xs)), _num(max(ys))]


def describe(img):
    """The CropProvenance dict for a tracked image, or None."""
    prov = getattr(img, _ATTR, None)
    if prov is None:
        return None
    return {"source": prov["source"], "box": box_of(prov, img.size), "ops": list(prov["ops"])}


def register_source(img, index):
    setattr(img, _ATTR, {"source": index, "affine": IDENTITY, "ops": [],
                         "source_size": tuple(img.size)})
    return img


_TRANSPOSE = {  # output pixel -> input pixel, for an input of width w and height h
    Image.Transpose.FLIP_LEFT_RIGHT: lambda w, h: (-1, 0, w, 0, 1, 0),
    Image.Transpose.FLIP_TOP_BOTTOM: lambda w, h: (1, 0, 0, 0, -1, h),
    Image.Transpose.ROTATE_90: lambda w, h: (0, -1, w, 1, 0, 0),
    Image.Transpose.ROTATE_180: lambda w, h: (-1, 0, w, 0, -1, h),
    Image.Transpose.ROTATE_270: lambda w, h: (0, 1, 0, -1, 0, h),
    Image.Transpose.TRANSPOSE: lambda w, h: (0, 1, 0, 1, 0, 0),
    Image.Transpose.TRANSVERSE: lambda w, h: (0, -1, w, -1, 0, h),
}


def _crop_affine(img, old_size, result, args, kwargs):
    box = args[0] if args else kwargs.get("box")
    if box is None:
        return IDENTITY
    return (1, 0, box[0], 0, 1, box[1])


def _resize_affine(img, old_size, result, args, kwargs):
    box = kwargs.get("box", args[2] if len(args) > 2 else None) or (0, 0) + tuple(old_size)
    w, h = result.size
    return ((box[2] - box[0]) / w, 0, box[0], 0, (box[3] - box[1]) / h, box[1])


def _transpose_affine(img, old_size, result, args, kwargs):
    method = args[0] if args else kwargs.get("method")
    make = _TRANSPOSE.get(method)
    return make(*old_size) if make else False


def _transform_affine(img, old_size, result, args, kwargs):
    method = args[1] if len(args) > 1 else kwargs.get("method")
    data = args[2] if len(args) > 2 else kwargs.get("data")
    if method == Image.Transform.AFFINE and data is not None:
        return tuple(data[:6])
    if method == Image.Transform.EXTENT and data is not None:
        w, h = result.size
        x0, y0, x1, y1 = data
        return ((x1 - x0) / w, 0, x0, 0, (y1 - y0) / h, y0)
    return False  # a non-affine warp: the region is no longer a box


def _same_pixels(img, old_size, result, args, kwargs):
    return IDENTITY


def _from_inner(img, old_size, result, args, kwargs):
    return None  # rotate / thumbnail: use the map of the transform/resize they call


def _wrap(name, affine_of, in_place=False, records_crop=False):
    original = getattr(Image.Image, name)

    @functools.wraps(original)
    def wrapper(self, *args, **kwargs):
        depth = getattr(_state, "depth", 0)
        if depth == 0:
            _state.inner = None
        old_size = tuple(self.size)
        _state.depth = depth + 1
        try:
            result = original(self, *args, **kwargs)
        finally:
            _state.depth = depth
        try:
            target = self if in_place else result
            if not isinstance(target, Image.Image):
                return result
            affine = affine_of(self, old_size, target, args, kwargs)
            if affine is None:
                affine = _state.inner if _state.inner is not None else IDENTITY
            if depth > 0:
                _state.inner = affine
                return result
            parent = getattr(self, _ATTR, None) if not in_place else getattr(self, "_loupe_prev", None)
            if parent is None or affine is False:
                if in_place and affine is False:
                    setattr(self, _ATTR, None)
                return result
            setattr(target, _ATTR, {
                "source": parent["source"],
                "affine": compose(parent["affine"], affine),
                "ops": parent["ops"] + [name],
                "source_size": parent["source_size"],
            })
            if records_crop:
                cell_crops.append(describe(target))
        except Exception:
            pass
        return result

    setattr(Image.Image, name, wrapper)


def _wrap_in_place(name):
    """thumbnail() changes the image itself: remember its provenance before the call."""
    _wrap(name, _from_inner, in_place=True)
    inner = getattr(Image.Image, name)

    @functools.wraps(inner)
    def wrapper(self, *args, **kwargs):
        self._loupe_prev = getattr(self, _ATTR, None)
        try:
            return inner(self, *args, **kwargs)
        finally:
            self._loupe_prev = None

    setattr(Image.Image, name, wrapper)


def install():
    _wrap("crop", _crop_affine, records_crop=True)
    _wrap("resize", _resize_affine)
    _wrap("transpose", _transpose_affine)
    _wrap("transform", _transform_affine)
    _wrap("rotate", _from_inner)
    for name in ("copy", "convert", "filter", "point"):
        _wrap(name, _same_pixels)
    _wrap_in_place("thumbnail")
