import itertools

from core.charts import Bar, column_chart, percent_of, share_bars


def test_share_bars_give_each_part_its_share_of_the_whole():
    bars = share_bars([("przedsiębiorstwa", 150), ("szpitale", 9)], 184)
    assert bars == [
        Bar("przedsiębiorstwa", 150, 82, 81.52),
        Bar("szpitale", 9, 5, 4.89),
    ]


def test_share_bars_carry_a_link_when_one_is_given():
    (bar,) = share_bars([("Gmina Lublin", 5, "/klastry/?inicjator=city")], 23)
    assert (bar.url, bar.percent) == ("/klastry/?inicjator=city", 22)


def test_share_bars_of_an_empty_whole_have_no_length_and_no_percentage():
    assert share_bars([("aktywne", 0)], 0) == [Bar("aktywne", 0, None, 0.0)]


def test_a_bar_never_runs_past_the_chart():
    (bar,) = share_bars([("błąd w danych", 12)], 10)
    assert bar.length == 100.0


def test_percent_of_an_unknown_count_is_unknown():
    assert percent_of(None, 184) is None
    assert percent_of(117, 184) == 64


def test_the_largest_column_fills_the_plot_and_the_others_scale_to_it():
    chart = column_chart([("2019", 139), ("2021", 159), ("bez daty", 184)], height=180)
    largest = chart.columns[-1]
    assert largest.height == 180 - 22 - 26
    assert largest.y == 22
    assert chart.columns[0].height == round(132 * 139 / 184, 2)
    assert all(column.y + column.height == chart.baseline for column in chart.columns)


def test_columns_sit_in_equal_slots_left_to_right_without_overlapping():
    chart = column_chart([("a", 1), ("b", 2), ("c", 3), ("d", 4)], width=400)
    neighbours = list(itertools.pairwise(chart.columns))
    assert {round(b.x - a.x, 2) for a, b in neighbours} == {100.0}
    assert all(a.x + a.width < b.x for a, b in neighbours)
    assert chart.columns[0].centre == 50.0


def test_the_value_label_sits_just_above_its_column():
    (column,) = column_chart([("2019", 10)]).columns
    assert column.value_y < column.y


def test_a_chart_of_nothing_or_of_zeros_draws_flat_columns():
    assert column_chart([]).columns == []
    assert [column.height for column in column_chart([("a", 0), ("b", 0)]).columns] == [0.0, 0.0]


def bar_table_rows(bars, **context):
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    from tests.page_text import visible_text

    html = render_to_string(
        "includes/chart_bars.html", {"bars": bars, "caption": "c", "label_heading": "l", **context}
    )
    return visible_text(HttpResponse(html))


def test_the_bar_table_prints_each_count_and_share_as_the_language_writes_them():
    from django.utils import translation

    bars = share_bars(
        [("przedsiębiorstwa", 1500, "/czlonkowie/?type=enterprise"), ("inne", 9)], 1509
    )
    with translation.override("pl"):  # a no-break space before "%" (read here as a space)
        assert "przedsiębiorstwa 1500 99 % inne 9 1 %" in bar_table_rows(bars)
    with translation.override("en"):
        assert "przedsiębiorstwa 1500 99% inne 9 1%" in bar_table_rows(bars)


def test_the_bar_table_says_no_data_for_a_share_of_an_unknown_whole():
    from django.utils import translation

    with translation.override("pl"):
        assert "aktywne 0 brak danych" in bar_table_rows(share_bars([("aktywne", 0)], 0))
    with translation.override("en"):
        assert "aktywne 0 no data" in bar_table_rows(share_bars([("aktywne", 0)], 0))
