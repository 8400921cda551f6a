"""The workbook's sources are the price book's, keyed as the workbook's inputs are."""

from business.workbook_sources import workbook_sources


def test_the_books_sources_keyed_by_the_figures_of_the_terms(hand_book):
    hand_book.sources = {"discount_pct": "the GPs' business case", "letter_gbp": "", "x": "y"}
    hand_book.units[0].source = ""
    sources = workbook_sources(hand_book)
    assert sources.general == {"discount": "the GPs' business case"}  # a percentage's
    assert sources.services["ent"] == hand_book.services[1].source
    assert "prices.csv op_first_120" in sources.services["ent"]
    assert sources.units == {}  # no source is no entry, not an empty one
    assert sources.skills["dermatology"].startswith("assumption:")
