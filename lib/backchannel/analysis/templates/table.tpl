{#- A pandas Styler table for the reports: no <style> and no per-cell ids, header cells scoped to their column;
    only number and date cells carry a class (the site's stylesheet aligns them; text is the default), and the
    site's script labels each cell with its column's header for the phone layout, so rows stay light. Written
    without indentation: a page's tables are most of its weight.
    `aligns`: one CSS class per column, '' for text. -#}
<table class="bc-report-table">
{%- if caption %}<caption>{{ caption }}</caption>{% endif -%}
<thead>
{%- for r in head %}<tr>
{%- for c in r %}{% if c.is_visible != False %}
{%- set align = aligns[loop.index0 - hidden] if c.type == 'th' and (loop.index0 - hidden) < aligns | length else '' -%}
<th scope="col"{% if align %} class="{{ align }}"{% endif %}>{{ c.display_value }}</th>
{%- endif %}{% endfor %}</tr>
{%- endfor %}</thead><tbody>
{%- for r in body %}<tr>
{%- for c in r %}{% if c.is_visible != False %}
{%- set align = aligns[loop.index0 - hidden] -%}
<td{% if align %} class="{{ align }}"{% endif %}>{{ c.display_value }}</td>
{%- endif %}{% endfor %}</tr>
{%- endfor %}</tbody></table>
