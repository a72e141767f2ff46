"""Generators and transcribers of the shipped sample data (seeds/): each writes files a test checks."""
