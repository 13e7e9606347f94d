"""A vCard 3.0 (RFC 2426) of an organisation's public contact details."""


def _escape(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def organisation_vcard(organisation) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(organisation.name)}",
        f"ORG:{_escape(organisation.name)}",
    ]
    if organisation.street or organisation.postal_code or organisation.city:
        address = ";".join(
            [
                "",
                "",
                _escape(organisation.street),
                _escape(organisation.city),
                "",
                _escape(organisation.postal_code),
                "Deutschland",
            ]
        )
        lines.append(f"ADR;TYPE=WORK:{address}")
    if organisation.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{_escape(organisation.email)}")
    if organisation.phone:
        lines.append(f"TEL;TYPE=WORK:{_escape(organisation.phone)}")
    if organisation.website:
        lines.append(f"URL:{organisation.website}")
    if organisation.description:
        lines.append(f"NOTE:{_escape(organisation.description)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
