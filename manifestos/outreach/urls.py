"""The member letter kit; included by manifestos/urls.py in its namespace."""

from django.urls import path

from . import views as outreach

urlpatterns = [
    # Per visitor (CSRF token), never public.
    path("<slug:campaign>/brief/", outreach.campaign_letter, name="campaign-letter"),
    path("<slug:campaign>/brief/pdf/", outreach.campaign_letter_pdf, name="campaign-letter-pdf"),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/brief/",
        outreach.municipality_letter,
        name="municipality-letter",
    ),
    path(
        "<slug:campaign>/gemeente/<slug:slug>/brief/pdf/",
        outreach.municipality_letter_pdf,
        name="municipality-letter-pdf",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/brief/",
        outreach.province_letter,
        name="province-letter",
    ),
    path(
        "<slug:campaign>/provincie/<slug:slug>/brief/pdf/",
        outreach.province_letter_pdf,
        name="province-letter-pdf",
    ),
]
