"""The Dacorum sample data set: real sites and practices, assumed fleet, synthetic staff.

Rebuild the committed CSVs in ``sample/dacorum/`` with ``python -m sample.build``.
"""
