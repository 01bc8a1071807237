"""Outbreak surveillance after Pikobar: cases, contacts, early warning, logistics."""
