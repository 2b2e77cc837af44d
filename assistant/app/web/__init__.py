"""The Gradio web chat.

The one place that turns the privacy opt-outs on while being imported: huggingface_hub (imported
by gradio) reads ``HF_HUB_OFFLINE`` once, at its own import, so a program that uses the web chat
as a library would otherwise call huggingface.co (tests/app/test_privacy.py shows it does).
"""

from assistant.offline import configure_offline

configure_offline()
