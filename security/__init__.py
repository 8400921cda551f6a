"""HTTP hardening shared by every page: security headers, the content policy, proxies."""
