"""The chart tools' figures: the source-and-licence line with the registry version, the re-based series, the
exported figure's subtitle, margins and footer. Frozen registry; no browser (the pages' tools: test_chart_page.py)."""

from __future__ import annotations

import pytest

from dashboard.engine.assessment import Assessment
from dashboard.engine.rebase import REFERENCE_YEARS, base_year, base_years, rebased
from dashboard.outputs.export import layout
from dashboard.outputs.figures import tracking_figure
from dashboard.outputs.figures.credit import chart_sources, credit_line, licence_text
from dashboard.outputs.figures.relative import relative_view

CHARTS = ["road_deaths", "road_death_rate", "juvenile_crimes", "cybercrime_solve_rate", "it_crimes_registered"]


def _credit(fig):
    return [a for a in fig.layout.annotations if a.name == "credit"]


@pytest.mark.parametrize("indicator", CHARTS)
def test_a_chart_with_a_version_carries_the_source_and_licence_line(frozen_assessment: Assessment, indicator: str) -> None:
    registry, view = frozen_assessment.registry, frozen_assessment.views[indicator]
    fig = tracking_figure(registry, view, version=registry.version)
    (credit,) = _credit(fig)
    said = credit.text.replace("<br>", " ")
    assert registry.version in said and "Licence" in said and "Sources: " in said
    assert chart_sources(registry, view)[0].publisher in said
    assert not _credit(tracking_figure(registry, view))  # without a version, no line (the export has its footer)


@pytest.mark.parametrize(
    ("licences", "expected"),
    [
        ([None, None], "Licence: not stated by the sources"),
        (["CC BY 4.0", "CC BY 4.0"], "Licence: CC BY 4.0"),
        (["CC BY 4.0", None, None], "Licence: CC BY 4.0 (1 of 3 sources), the others not stated"),
        (["CC BY 4.0", "CC0"], "Licence: CC BY 4.0, CC0"),
    ],
)
def test_the_licence_is_what_the_sources_state_never_invented(frozen_registry, licences, expected) -> None:
    base = frozen_registry.sources[0]
    sources = [base.model_copy(update={"id": f"s{n}", "license": x}) for n, x in enumerate(licences)]
    assert licence_text(sources) == expected


def test_the_credit_names_three_publishers_and_counts_the_rest(frozen_assessment: Assessment) -> None:
    registry, view = frozen_assessment.registry, frozen_assessment.views["road_deaths"]
    publishers = list(dict.fromkeys(s.publisher for s in chart_sources(registry, view)))
    assert len(publishers) > 3
    assert f"and {len(publishers) - 3} more" in credit_line(registry, view, "v1")


@pytest.mark.parametrize("indicator", CHARTS)
def test_a_series_is_re_based_only_to_reference_years_it_has(frozen_assessment: Assessment, indicator: str) -> None:
    view = frozen_assessment.views[indicator]
    years = base_years(view)
    assert set(years) <= set(REFERENCE_YEARS) and all(y in view.yearly for y in years)
    for asked in ("1999", "20144", "x", None, ["2014"], "2014'", 2014.5):
        assert base_year(view, asked) is None or base_year(view, asked) in years
    for year in years:
        assert base_year(view, str(year)) == year
        index = rebased(view, year, "index", "index")
        assert index.yearly[year].value == pytest.approx(100)
        for y, p in view.yearly.items():
            assert index.yearly[y].value == pytest.approx(p.value * 100 / view.yearly[year].value)
            assert index.yearly[y].low <= index.yearly[y].value <= index.yearly[y].high
        assert not index.targets and not index.claims and all(p.kind == "level" for p in index.points)


def test_road_deaths_re_based_to_2004_reads_100_in_2004_with_a_rule_at_100(frozen_assessment: Assessment) -> None:
    registry, view = frozen_assessment.registry, frozen_assessment.views["road_deaths"]
    assert base_years(view) == (2004, 2014, 2024)
    fig = tracking_figure(registry, relative_view(view, 2004), base=2004, version=registry.version)
    exact = next(t for t in fig.data if t.meta == "exact")
    assert dict(zip(exact.x, exact.y))[2004] == pytest.approx(100)
    assert any(s.name == "base" and s.y0 == 100 for s in fig.layout.shapes)
    assert fig.layout.yaxis.title.text == "index, 2004 = 100" and fig.layout.meta["base"] == 2004
    assert not [t for t in fig.data if (t.meta or "").startswith(("target:", "claim"))]


@pytest.mark.parametrize("indicator", CHARTS)
def test_the_exported_figure_starts_title_subtitle_and_footer_where_the_plot_does(frozen_assessment: Assessment, indicator: str) -> None:
    fig = layout.export_figure(frozen_assessment, indicator, "report")
    view = frozen_assessment.views[indicator]
    assert fig.layout.title.xref == "paper" and fig.layout.title.x == 0 and fig.layout.title.xanchor == "left"
    footer = next(a for a in fig.layout.annotations if "Data as of" in (a.text or ""))
    assert footer.xref == "paper" and footer.x == 0
    sub = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert sub[0].isupper() and f"{min(view.yearly)}–{max(view.yearly)}" in sub
    text = fig.layout.meta["footer"]
    assert "Licence" in text and frozen_assessment.registry.version in text and "href='" in text


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://www.example.org/", "example.org"),
        ("http://government.ru/en/dep_news/7051", "government.ru/en/dep_news/7051"),
        ("https://www.garant.ru/products/ipo/prime/doc/412949725/?x=1", "garant.ru/products/ipo/prime/doc/41…"),
    ],
)
def test_footer_addresses_are_shortened(url: str, shown: str) -> None:
    assert layout.short_address(url) == shown and len(shown) <= layout.SHORT_ADDRESS


def test_the_exported_figure_can_be_re_based_and_ignores_a_base_the_series_lacks(frozen_assessment: Assessment) -> None:
    fig = layout.export_figure(frozen_assessment, "road_deaths", "report", base=2014)
    assert fig.layout.meta["base"] == 2014 and "Index, 2014 = 100" in fig.layout.title.subtitle.text
    plain = layout.export_figure(frozen_assessment, "road_deaths", "report", base=1999)
    assert "base" not in plain.layout.meta
