"""The keys explain every mark a map uses, with words as well as colours."""

from maps.legend import demand_legend, tour_legend


def test_tour_legend_shows_each_unit_type_with_an_example(tiny):
    legend = tour_legend(tiny, coverage_known=True)
    assert "Outpatient unit (e.g. op-1)" in legend
    assert "Radiology unit (e.g. rad-1)" in legend
    assert "Theatre unit (e.g. unit)" in legend  # a site hosts theatres; no theatre unit
    assert "moved here since the week before" in legend
    assert "O outpatient, T theatre, R radiology" in legend
    assert "locality served: under 50%" in legend and "95% or more" in legend


def test_tour_legend_says_when_the_share_served_is_not_known(tiny):
    legend = tour_legend(tiny, coverage_known=False)
    assert "share served not known" in legend
    assert "locality served" not in legend


def test_demand_legend_names_the_service_and_faded_sites(tiny):
    legend = demand_legend(tiny, "X-ray", "cannot host radiology units for X-ray")
    assert "demand for X-ray" in legend
    assert "site-box--faded" in legend and "cannot host radiology units" in legend
    assert "demand for all services" in demand_legend(tiny, None, "")
