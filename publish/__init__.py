"""The last stage: what leaves the warehouse for its readers (the PJPK monitoring report; later
the BI snapshot and the Satu Data exports)."""
