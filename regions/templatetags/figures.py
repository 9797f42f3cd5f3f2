"""Regional figures on a page: breakdowns as bar charts with their table."""

from django import template

from regions.charts import bar_chart

register = template.Library()


@register.inclusion_tag("includes/bar_chart.html")
def figure_chart(rows, *, caption, figures, chart_id, origin=None):
    """A breakdown as a bar chart, with its table as text alternative and its source
    (`origin`: the year of the earlier manifesto the figures come from, if any)."""
    return {
        "chart": bar_chart(rows),
        "rows": rows,
        "caption": caption,
        "figures": figures,
        "origin": origin,
        "chart_id": chart_id,
    }
