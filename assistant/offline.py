"""Nothing leaves the machine: the opt-out variables of the libraries we use, set explicitly.

Called when a command, the web chat or an ``Assistant`` starts, never at import, so that
importing a module does not change the process it is imported into.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

OFFLINE_ENV = {
    "ANONYMIZED_TELEMETRY": "False",  # Chroma
    "GRADIO_ANALYTICS_ENABLED": "False",  # Gradio
    "HF_HUB_OFFLINE": "1",  # Hugging Face: never download a model at run time
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",  # no fork warnings from the tokenizers library
}


def configure_offline(environ: MutableMapping[str, str] | None = None) -> None:
    """Set the opt-outs unless the operator set them; Gradio's analytics stay off regardless."""
    env = os.environ if environ is None else environ
    for key, value in OFFLINE_ENV.items():
        env.setdefault(key, value)
    env["GRADIO_ANALYTICS_ENABLED"] = "False"
