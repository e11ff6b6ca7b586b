"""The pipeline, after Mailman 3's runners: small stages with one job each, handing work on through the
database, so any stage can stop and restart without losing or repeating anything."""
