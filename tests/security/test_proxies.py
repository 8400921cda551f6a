"""The client's address is read from as many proxies as are trusted, and no more: each
patient keeps a rate-limit budget behind a proxy, and a forged address dodges nothing."""


def _through_proxy(app, patient: str) -> int:
    return (
        app.test_client()
        .get(
            "/services",
            headers={"X-Forwarded-For": patient},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        .status_code
    )


def test_behind_a_trusted_proxy_each_patient_has_a_budget(limited_app):
    app = limited_app(TRUSTED_PROXIES=1)
    assert [_through_proxy(app, "198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    assert _through_proxy(app, "198.51.100.2") == 200  # another patient, same proxy


def test_without_a_trusted_proxy_the_forwarded_address_is_ignored(limited_app):
    app = limited_app()
    answers = [_through_proxy(app, f"198.51.100.{n}") for n in range(4)]
    assert answers == [200, 200, 200, 429]  # a client cannot dodge the limit by forging it
