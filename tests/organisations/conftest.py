import types

import pytest


@pytest.fixture(autouse=True)
def _mail_immediately(monkeypatch):
    """Mails are queued for after the commit; the test transaction never commits, so send at once."""
    monkeypatch.setattr(
        "portal.mail.transaction", types.SimpleNamespace(on_commit=lambda callback: callback())
    )
