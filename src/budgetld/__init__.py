"""budgetld: turn Chinese government budget disclosures into typed, linked open data.

Data flows one way through the stages, each a subpackage named for what it does:
``read`` (file → neutral blocks) → ``parse`` (blocks → :class:`~budgetld.model.Disclosure`)
→ later stages build RDF, data packages and validation reports from the model.
"""

__version__ = "0.1.0"
