"""A body over the size limit is refused by its declared length, before anything reads it:
the sign-in redirect and CSRF's check never get to parse it."""

from tests.security.conftest import MB, UPLOADS, assert_friendly_413, post_file


def test_a_body_is_refused_by_its_declared_length_alone(client):
    """A terabyte announced but never sent is refused at once: nothing waits for the body."""
    response = client.post(
        "/login",
        data=b"username=x",
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"CONTENT_LENGTH": str(10**12)},
    )
    assert_friendly_413(response)


def test_with_csrf_checks_on_an_anonymous_oversized_form_is_refused_unparsed(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    assert_friendly_413(post_file(client, *UPLOADS[0], b"x" * (10 * MB + 1)))
