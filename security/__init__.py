"""HTTP hardening and access control shared by every page: security headers, the content
policy, proxies, role checks."""
