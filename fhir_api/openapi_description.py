"""What the OpenAPI document says of the API as a whole, for the people who connect to it:
access, slots, booking, searches and cancelling."""

from fhir_api.datatypes import NHS_NUMBER_SYSTEM
from fhir_api.search import MAX_RANGE_DAYS
from fhir_api.tokens import TOKEN_SECONDS

DESCRIPTION = f"""\
Free appointment slots of the Dacorum mobile clinics, and booking them, for the NHS systems
around the service: FHIR R4 resources in the shapes of GP Connect Appointment Management and
the NHS Booking and Referral Standard. Every resource answered validates against the R4B
models of the `fhir.resources` package.

**Access.** `/metadata`, `/openapi.json` and `/` are public. Everything else takes a bearer
token from `POST /token` (OAuth 2.0 client credentials: `grant_type=client_credentials`,
`client_id`, `client_secret`, optional `scope` of `read` or `book`), good for
{TOKEN_SECONDS // 60} minutes. Without a valid token a call gets 401 with
`WWW-Authenticate`; a `read` token cannot book or cancel (403). An API client acts for one
GP practice: it sees and books only the appointments of its practice's referrals, and any
other answers 404 (422 when a body names another practice's referral), so nothing tells a
client which other patients the service has. Calls are rate limited per client (429, with
`Retry-After` in seconds; the token endpoint's is OAuth's error `slow_down`), and every call
is kept in the audit trail under the client's name, with no patient detail but ids (reads of
the directory and slots, and refusals with their route, status and issue code, are written in
batches, within a second); a failed token request is kept in the security log too. The API
answers FHIR JSON only: an `Accept` or `_format` that takes no JSON gets 406.

**Schedules and slots.** Each clinic session of the published plan is a `Schedule` (one
service at one site, a morning or an afternoon, with its clinicians); each of its
appointment times is a `Slot` whose id, `<session id>-<appointment number>`, stays the same
while the plan is published. `GET /Slot` finds free slots whose start falls in a range given
as `start=ge<date>&start=le<date>`, at most {MAX_RANGE_DAYS} days apart
(`start=ge2027-01-04&start=le2027-01-18`); a range missing a bound or wider is refused with
422 and an OperationOutcome naming `start`. Some slots are kept for follow-ups: each Slot's
`appointmentType` says which (`ROUTINE` for new patients, `FOLLOWUP`), and
`appointment-type=ROUTINE` finds only those a new patient can be booked into
(`GET /Slot?status=free&appointment-type=ROUTINE&start=ge2027-01-04&start=le2027-01-18`).
Booking a slot of the other kind is refused with 422 naming `Appointment.slot[0].reference`.

**Booking.** `POST /Appointment` with `status` `booked`, one `slot` reference
(`Slot/<id>`), and one `participant` whose `actor.identifier` has system
`{NHS_NUMBER_SYSTEM}` and the patient's NHS number (its check digit is checked). With
`basedOn` `[{{"reference": "ServiceRequest/<referral number>"}}]` it books that referral of
your practice. Without `basedOn` a referral is made for your practice, checked as the booking
desk checks one, from a `contained` Patient: `name` (`text`, or `given` and `family`; else the
participant's `display`), `birthDate` and `address[0].postalCode`; `comment` becomes its
notes. A patient who already waits for the service is refused (422, naming the referral to
book with `basedOn` when it is your practice's). The answer is 201 with the Appointment and
its `Location`. A slot that was taken (even a moment before) is 409; a body that is not JSON
is 400; one that is not a valid Appointment, names no bookable slot, or has an NHS number
that fails its check digit is 422, with an OperationOutcome whose `expression` names the
field. `start` and `end` may be left out; if given they must be the slot's (else 422 naming
`Appointment.start` or `Appointment.end`). `description`, and `comment` with `basedOn`, are
not kept: a booking has no place for them. Nothing is written when a booking is refused.

**Search parameters.** A search ignores a parameter it does not know, as FHIR servers do,
and its Bundle's `self` link lists only the parameters it used. Send
`Prefer: handling=strict` to be refused instead: 400 with an OperationOutcome naming each
unknown parameter.

**Your appointments.** `GET /Appointment` searches your practice's appointments (never
another practice's): by patient, `patient:identifier={NHS_NUMBER_SYSTEM}|<NHS number>` (or
the number alone); by `slot` (`Slot/<id>`); by `status` (FHIR's: booked, arrived, fulfilled,
noshow, cancelled); and by whole days of their start, `date` or GP Connect's `start`
(`start=ge2027-01-04&start=le2027-01-18`; either bound may be left out; a time of day is
refused with 422). The searchset is soonest first and paged with `_count` and `_offset`.

**Cancelling.** `PATCH /Appointment/<id>` with a JSON Patch
(`application/json-patch+json`) `[{{"op": "replace", "path": "/status", "value":
"cancelled"}}]`, or `PUT /Appointment/<id>` with the whole Appointment as read and its
`status` set to `cancelled`, recorded as cancelled by the patient. A `cancelationReason`
(`{{"text": "..."}}`, at most 500 characters; in a patch, `add` `/cancelationReason`) is kept
and answered back as the Appointment's. Cancelling is the only
change: a PUT that changes any other field is refused with 422 naming it (`meta` and
`cancelationReason` aside), and one whose `id` is not the URL's with 400. Send
`If-Match: W/"<version>"` (the ETag of the last read) to refuse the change (412) if the
appointment changed meanwhile.
"""
