"""Two PUNs and DENs of the sample, recorded through the findings' own function, about the
outliers its referral history plants (sample/referral_history.py OUTLIERS), so that the
practice reports and the findings list show one of each on first run."""

from datetime import date, timedelta

from referral_analysis.findings import record_finding

REVIEW_WEEKS = 8


def add_sample_findings(today: date) -> int:
    """Record the sample's findings (by "system"); return how many."""
    review = (today + timedelta(weeks=REVIEW_WEEKS)).isoformat()
    findings = [
        {
            "practice": "E82051",
            "service": "dermatology",
            "kind": "educational_need",
            "evidence": "Dermatology referrals about one and a half times the area's rate "
            "over two years, beyond the 99.8% limit; an audit of 40 found many benign lesions.",
            "action": "A dermoscopy teaching session for the practice's GPs, and a review of "
            "the next month's skin referrals with the dermatology GP with extended role.",
            "owner": "Practice clinical lead",
        },
        {
            "practice": "E82091",
            "service": "orthopaedics",
            "kind": "unmet_need",
            "evidence": "Orthopaedic referrals about half the area's rate, below the 99.8% "
            "limit; patients with long-standing hip and knee pain may not be reaching a clinic.",
            "action": "Search the practice's records for hip and knee pain without referral "
            "and offer a review; report back at the locality meeting.",
            "owner": "Locality commissioning lead",
        },
    ]
    for finding in findings:
        record_finding(finding | {"review_on": review}, today)
    return len(findings)
