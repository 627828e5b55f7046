"""Airbyte destination that writes sourced candidates into any ATS through Unified.to."""
