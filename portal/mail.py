"""Templated mail (plain text plus HTML), sent only after the surrounding transaction commits.

A mail that cannot be sent is logged and never rolls back or breaks the action that caused it:
what the user saved stays saved.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def build_mail(
    template_prefix: str,
    context: dict,
    to: Iterable[str],
    *,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    language: str | None = None,
    reply_to: Iterable[str] = (),
) -> EmailMultiAlternatives:
    """Render ``<prefix>_subject.txt``, ``<prefix>.txt`` and ``<prefix>.html`` into one message."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        text = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, list(to), reply_to=list(reply_to)
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def deliver(message: EmailMultiAlternatives) -> bool:
    try:
        message.send()
    except Exception:
        logger.exception("Mail %r to %s could not be sent", message.subject, ", ".join(message.to))
        return False
    return True


def send_mail_on_commit(template_prefix: str, context: dict, to: Iterable[str], **kwargs) -> None:
    """Queue a templated mail to go out once the current transaction has committed."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    message = build_mail(template_prefix, context, recipients, **kwargs)
    transaction.on_commit(lambda: deliver(message))
