"""What staff or data files type is shown as text, never run as markup (ASVS 5.3)."""

from booking.models import Referral
from extensions import db
from inputs.models import Site

MARKUP = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_a_patients_name_is_shown_as_text(client, world, login):
    login("booking")
    referral = world.referral_id
    db.session.get(Referral, referral).name = MARKUP
    db.session.commit()
    for url in (f"/booking/referrals/{referral}", f"/booking/bookings/{world.booking_id}/letter"):
        html = client.get(url).get_data(as_text=True)
        assert MARKUP not in html, url
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html, url


def test_a_site_name_is_shown_as_text_to_patients_and_staff(client, world, login):
    db.session.get(Site, world.site_id).name = MARKUP
    db.session.commit()
    for url in (f"/sites/{world.site_id}", "/clinics?postcode=WD4+3AA"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(2)" not in html, url
    login("ops")
    html = client.get(f"/ops/plans/{world.plan_id}/sites").get_data(as_text=True)
    assert "<script>alert(2)" not in html
    frame = client.get(f"/ops/plans/{world.plan_id}/map/frame").get_data(as_text=True)
    # The name is in the map's script as JSON text, its angle brackets escaped...
    assert "\\u003cscript\\u003ealert(2)\\u003c/script\\u003e" in frame
    # ...and never as a tag (map_frame stamps every opening tag, so look at the closing one).
    assert "alert(2)</script>" not in frame
