"""What a build worker imports before it runs reports: papermill, nbconvert and the kernel machinery.

The build's workers are forked from a server that has imported this module once (`build._worker_context`), so
that no worker spends the two seconds again. jsonschema (which nbformat imports) builds a parser for IRIs when
it finds the optional rfc3987-syntax installed (JupyterLab brings it): 1.3 s per process, for a format no
notebook schema uses. Workers do without it."""
import sys

sys.modules.setdefault("rfc3987_syntax", None)  # `import rfc3987_syntax` now raises ImportError

import papermill  # noqa: E402,F401
from nbconvert import HTMLExporter  # noqa: E402,F401

from . import kernels  # noqa: E402,F401
