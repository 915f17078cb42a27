"""Capture rules installed into each sandboxed kernel by bootstrap.py."""

import base64
import json
import os
import signal
import sys
import time
from io import BytesIO

import matplotlib.axes
import matplotlib.pyplot as plt
from IPython.display import publish_display_data
from PIL import Image

import loupe_provenance as provenance
from faithful import fix_python_indentation

# After each cell: the crop boxes it computed and how much it printed (the app caps the text).
REPORT_MIME = "application/vnd.loupe.cell+json"
INTERNAL_MARKER = "# loupe:internal"
KERNEL_PID = os.getpid()
FAST_PNG = 1

settings = {
    "faithful": os.environ.get("LOUPE_KERNEL_FAITHFUL", "1") == "1",
    "stream_cap": int(os.environ.get("LOUPE_KERNEL_STREAM_CAP", "200000")),
}


# --- outputs -----------------------------------------------------------------------------

def _metadata(provs):
    provs = [p for p in provs if p]
    return {"loupe": {"provenance": provs}} if provs else {}


def _figure_png(fig):
    try:
        fig.tight_layout()
    except Exception:
        pass
    buf = BytesIO()
    # Same pixels as the reference's savefig; zlib level 1 encodes ~3x faster than the default 6
    # (PNG is lossless, so what the model sees is unchanged; the file is ~20% larger).
    fig.savefig(buf, format="png", bbox_inches="tight", pil_kwargs={"compress_level": FAST_PNG})
    return buf.getvalue()


def show(*args, **kwargs):
    """plt.show(): every open figure as a PNG (figure dpi, tight bbox), then close them."""
    for num in plt.get_fignums():
        fig = plt.figure(num)
        data = base64.b64encode(_figure_png(fig)).decode("ascii")
        publish_display_data({"image/png": data, "text/plain": repr(fig)},
                             metadata=_metadata(getattr(fig, "_loupe_prov", [])))
    plt.close("all")


def _png_with_provenance(img):
    buf = BytesIO()
    img.save(buf, format="PNG", compress_level=FAST_PNG)
    return buf.getvalue(), _metadata([provenance.describe(img)])


def _wrap_imshow():
    original = matplotlib.axes.Axes.imshow

    def imshow(self, X, *args, **kwargs):
        prov = provenance.describe(X) if isinstance(X, Image.Image) else None
        if prov:
            fig = self.figure
            fig._loupe_prov = getattr(fig, "_loupe_prov", []) + [prov]
        return original(self, X, *args, **kwargs)

    matplotlib.axes.Axes.imshow = imshow


class CappedStream:
    """Passes at most `cap` characters per cell to the real stream; the app adds the marker."""

    def __init__(self, stream, cap):
        self._stream, self.cap, self.written = stream, cap, 0

    def write(self, text):
        room = self.cap - self.written
        if room > 0:
            self._stream.write(text[:room])
        self.written += len(text)
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


# --- cell lifecycle ----------------------------------------------------------------------

def _faithful_transform(lines):
    code = "".join(lines)
    if not settings["faithful"] or code.startswith(INTERNAL_MARKER):
        return lines
    fixed = fix_python_indentation(code)
    return [line + "\n" for line in fixed.split("\n")]


def _pre_run_cell(info=None):
    _reap_children()  # normally a no-op: the previous cell's leftovers were reaped after it
    provenance.cell_crops.clear()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, CappedStream):
            stream.written = 0


def _reap_children():
    # A cell's background processes (a fork bomb, a forgotten subprocess) do not outlive it.
    # kill(-1) reaches only our pid namespace, where the kernel is pid 1 (exempt) and every
    # orphan is our child, so waitpid(-1) reaps them all.
    if os.getpid() != KERNEL_PID or os.environ.get("LOUPE_KERNEL_SANDBOXED") != "1":
        return  # outside our pid namespace kill(-1) would hit the host's processes
    # Zombies count against RLIMIT_NPROC too: repeat until only init and the kernel remain.
    deadline = time.monotonic() + 10  # killed processes can take a while to go on a loaded host
    while _other_processes() and time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] != 0:
                pass
        except ChildProcessError:
            pass  # every process left was ours and is reaped
        time.sleep(0.005)


def _other_processes():
    me = os.getpid()
    return [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]


def _post_run_cell(result=None):
    if os.getpid() != KERNEL_PID:
        os._exit(1)  # a forked child finishing a cell must not act as a second kernel
    crops = [c for c in provenance.cell_crops if c]
    provenance.cell_crops.clear()
    report = {"crops": crops}
    for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
        if isinstance(stream, CappedStream):
            stream.flush()
            report[name + "_chars"] = stream.written
    publish_display_data({REPORT_MIME: json.dumps(report)})
    _reap_children()


def load_image(index, b64):
    """image_i exactly as the reference init cell builds it (§2.8), tracked as source i."""
    img = Image.open(BytesIO(base64.b64decode(b64)))
    return provenance.register_source(img, index)


def configure(faithful, stream_cap=None):
    settings["faithful"] = bool(faithful)
    if stream_cap:
        settings["stream_cap"] = int(stream_cap)
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, CappedStream):
                stream.cap = settings["stream_cap"]


def install(ip):
    if getattr(ip, "_loupe_installed", False):
        return  # a kernel started with bootstrap.py that also got it as a cell
    ip._loupe_installed = True
    provenance.install()
    _wrap_imshow()
    plt.show = show
    ip.display_formatter.formatters["image/png"].for_type(Image.Image, _png_with_provenance)
    ip.input_transformers_cleanup.insert(0, _faithful_transform)
    ip.events.register("pre_run_cell", _pre_run_cell)
    ip.events.register("post_run_cell", _post_run_cell)
    sys.stdout = CappedStream(sys.stdout, settings["stream_cap"])
    sys.stderr = CappedStream(sys.stderr, settings["stream_cap"])
    try:
        import autopep8  # noqa: F401 (warm: faithful mode needs it on the first cell)
    except ImportError:
        pass  # a remote kernel without autopep8: faithful mode falls back to the code as written
