"""The review workflow around a lint run: what a team does with the findings over time.

* :mod:`.waivers` - the waivers file and waivers from the config: accepted gaps, each with a
  reason, an approver and an optional expiry, kept in every report as ``waived``;
* :mod:`.inline` - waivers written in a Markdown manual itself (``<!-- policylint: waive ... -->``);
* :mod:`.baseline` - a recorded set of known findings, so CI fails only on new ones;
* :mod:`.diff` - what changed between two drafts of a manual (regressions and improvements).

Each takes the engine's results (policylint.results) and returns new ones; none reads a
document or judges a sentence.
"""
