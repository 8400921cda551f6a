"""A local stand-in for GOV.UK Notify's REST API, for the tests and for `make run`.

It answers as Notify's v2 API does for what this app uses: `POST /v2/notifications/sms` and
`/email`, and `GET /v2/notifications` (newest first) and `/v2/notifications/<id>`. It checks
the client's JWT bearer token against the API key's secret with the Notify client's own
`decode_jwt_token` (signature, issuer, a clock within 30 s), and the request's fields: a
known template of the right type, every field the template uses, a UK mobile or an email
address. A refusal has Notify's body, {"status_code": 400, "errors": [{"error", "message"}]}.
It keeps what it received in memory. `outage(n)` makes the next n requests fail with a 500, as
Notify does when it is in trouble.
"""

import threading
import uuid
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError
from werkzeug.serving import make_server

from booking.contact import ContactError, normalise_email, normalise_mobile
from messages.wording import Template

FIELDS = {
    "sms": ("phone_number", "template_id", "personalisation", "reference", "sms_sender_id"),
    "email": ("email_address", "template_id", "personalisation", "reference", "email_reply_to_id"),
}
SENDER = {"sms": "GOVUK", "email": "dacorum.mobile.clinics@notifications.service.gov.uk"}


class Outbox:
    """What the stand-in received, and the failures it was told to fake."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[dict] = []
        self.failures = 0

    def outage(self, requests: int) -> None:
        """Answer the next `requests` requests with Notify's 500."""
        with self.lock:
            self.failures = requests

    def _fail_now(self) -> bool:
        with self.lock:
            if self.failures:
                self.failures -= 1
                return True
            return False


def _error(status: int, error: str, message: str):
    body = {"status_code": status, "errors": [{"error": error, "message": message}]}
    return jsonify(body), status


def _key_parts(api_key: str) -> tuple[str, str]:
    """The service id and the secret in a Notify API key (name-serviceid-secret)."""
    return api_key[-73:-37], api_key[-36:]


def create_stand_in(api_key: str, templates: dict[str, Template]) -> Flask:
    """The stand-in app for a key and templates by id; its Outbox is `app.outbox`."""
    app = Flask(__name__)
    outbox = Outbox()
    app.outbox = outbox
    service_id, secret = _key_parts(api_key)

    @app.before_request
    def authenticate():
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header.removeprefix("Bearer ")
        try:
            if get_token_issuer(token) != service_id:
                return _error(403, "AuthError", "Invalid token: service not found")
            decode_jwt_token(token, secret)
        except TokenError as error:
            return _error(403, "AuthError", error.message)
        if outbox._fail_now():
            return _error(500, "Exception", "Internal server error")
        return None

    @app.post("/v2/notifications/<channel>")
    def send(channel: str):
        if channel not in FIELDS:
            return _error(404, "ResourceNotFound", "Not Found")
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        problem = _check(channel, body, templates)
        if problem:
            return _error(400, *problem)
        template = templates[body["template_id"]]
        subject, text = template.render(body.get("personalisation") or {})
        notification = {
            "id": str(uuid.uuid4()),
            "reference": body.get("reference"),
            "type": channel,
            "status": "delivered",
            "phone_number": body.get("phone_number"),
            "email_address": body.get("email_address"),
            "template": {"id": body["template_id"], "version": 1, "uri": ""},
            "personalisation": body.get("personalisation") or {},
            "body": text,
            "subject": subject,
            "created_at": datetime.now(UTC).isoformat(),
        }
        with outbox.lock:
            outbox.received.append(notification)
        content = {"body": text}
        if channel == "sms":
            content["from_number"] = SENDER["sms"]
        else:
            content |= {"subject": subject, "from_email": SENDER["email"]}
        uri = f"{request.host_url}v2/notifications/{notification['id']}"
        answer = {
            "id": notification["id"],
            "reference": notification["reference"],
            "content": content,
            "uri": uri,
            "template": notification["template"],
        }
        return jsonify(answer), 201

    @app.get("/v2/notifications")
    def notifications():
        with outbox.lock:
            newest_first = list(reversed(outbox.received))
        return jsonify({"notifications": newest_first, "links": {"current": request.url}})

    @app.get("/v2/notifications/<notification_id>")
    def notification(notification_id: str):
        with outbox.lock:
            found = [n for n in outbox.received if n["id"] == notification_id]
        if not found:
            return _error(404, "NoResultFound", "No result found")
        return jsonify(found[0])

    return app


def _check(channel: str, body: dict, templates: dict[str, Template]) -> tuple[str, str] | None:
    """Notify's objection to a request's fields, as (error, message), or None."""
    address = FIELDS[channel][0]
    for field in (address, "template_id"):
        if not body.get(field):
            return "ValidationError", f"{field} is a required property"
    unknown = sorted(set(body) - set(FIELDS[channel]))
    if unknown:
        return (
            "ValidationError",
            f"Additional properties are not allowed ({unknown[0]} was unexpected)",
        )
    try:
        uuid.UUID(str(body["template_id"]))
    except ValueError:
        return "ValidationError", "template_id is not a valid UUID"
    template = templates.get(body["template_id"])
    if template is None:
        return "BadRequestError", "Template not found"
    if template.channel != channel:
        return (
            "BadRequestError",
            f"{template.channel} template is not suitable for {channel} notification",
        )
    personalisation = body.get("personalisation") or {}
    if not isinstance(personalisation, dict):
        return "ValidationError", "personalisation is not of type object"
    missing = sorted(template.fields - set(personalisation))
    if missing:
        return "BadRequestError", f"Missing personalisation: {', '.join(missing)}"
    try:
        if channel == "sms":
            normalise_mobile(str(body[address]))
        elif normalise_email(str(body[address])) is None:
            raise ContactError("blank")
    except ContactError:
        what = "Not a UK mobile number" if channel == "sms" else "Not a valid email address"
        return "ValidationError", f"{address} {what}"
    return None


class RunningStandIn:
    """The stand-in served on a thread: its base URL, its outbox, and a way to stop it."""

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0):
        self.app = app
        self.outbox: Outbox = app.outbox
        self.server = make_server(host, port, app, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
