import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from organisations import queries

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organisation_schema(organisation, request=None) -> dict:
    """Schema.org ``Organization`` of a directory entry (public fields only)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
    }
    if request is not None:
        data["url"] = request.build_absolute_uri(organisation.get_absolute_url())
    optional = {
        "alternateName": organisation.short_name,
        "description": organisation.description,
        "email": organisation.email,
        "telephone": organisation.phone,
        "sameAs": organisation.website,
        "foundingDate": str(organisation.founded_year) if organisation.founded_year else "",
    }
    data.update({key: value for key, value in optional.items() if value})
    if organisation.languages:
        data["knowsLanguage"] = list(organisation.languages)
    if organisation.street or organisation.postal_code:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": organisation.street,
            "postalCode": organisation.postal_code,
            "addressLocality": organisation.city,
            "addressCountry": "DE",
        }
    if organisation.logo:
        data["logo"] = request.build_absolute_uri(organisation.logo.url) if request else organisation.logo.url
    return data


@register.simple_tag(takes_context=True)
def organisation_jsonld(context, organisation):
    payload = json.dumps(organisation_schema(organisation, context.get("request")), ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload.translate(_JSON_ESCAPES))
    )


@register.inclusion_tag("organisations/includes/dashboard_section.html", takes_context=True)
def my_organisations(context):
    """The "Mein Bereich" section: the user's organisations, open requests and edit links."""
    user = context["user"]
    memberships = list(queries.dashboard_memberships(user)) if user.is_authenticated else []
    return {"memberships": memberships, "user": user}
