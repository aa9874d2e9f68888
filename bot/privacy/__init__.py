"""Data protection: retention, erasure and subject-access export (see docs/data-protection.md)."""
