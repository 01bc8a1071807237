"""Database engines: Django's own, tuned where Replika's load showed a cost."""
