# Kernel bootstrap, run by ipykernel (`exec_files`) in the user namespace before any cell.
# Pre-imports what the model expects (§2.8: plt, Image, np), and installs the capture rules:
# plt.show() → PNG display_data per open figure (as the reference sandbox did), PIL images as
# PNG with provenance metadata, faithful-mode code fixing, per-cell output caps, and reaping of
# processes a cell leaves behind. Everything private lives on `_loupe` to keep the namespace clean.
import base64
from io import BytesIO

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import loupe_kernel as _loupe  # noqa: E402

_loupe.install(get_ipython())  # noqa: F821 (IPython injects it)
