"""Read the fields of a page's POST forms, as a browser would submit them (tests and load scripts)."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {
                "action": a.get("action", ""),
                "fields": {},
                "buttons": [],
                "multipart": "enctype" in a,
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind == "submit":
                self._form["buttons"].append(name)
            elif kind != "file":
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select:
            if fields.get(self._select) is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "button" and name:
            self._form["buttons"].append(name)

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str) -> list[dict]:
    """Every POST form of the page: action, fields with their current values, named buttons."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def main_form(html: str, *, multipart: bool | None = None) -> dict | None:
    """The page's form that carries input fields (not the log-out button in the header), if any."""
    candidates = [f for f in post_forms(html) if set(f["fields"]) - {"csrfmiddlewaretoken"}]
    if multipart is not None:
        candidates = [f for f in candidates if f["multipart"] == multipart]
    return candidates[-1] if candidates else None
