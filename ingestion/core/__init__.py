"""Shared ingestion core: what every agency module reuses (paths, registry, readers, parsing,
region normalisation, file registry, quarantine and the raw zone)."""
