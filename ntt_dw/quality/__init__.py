"""The walidata's data-quality loop: the follow-up of findings and its command line."""
