{#- A pandas Styler table for the reports: no <style> and no per-cell ids (the site's stylesheet aligns columns by
    class), header cells scoped to their column, every cell labelled with its column for the phone layout.
    `columns`: the shown column names; `aligns`: one CSS class per column. -#}
<table class="bc-report-table">
{%- if caption %}
  <caption>{{ caption }}</caption>
{%- endif %}
  <thead>
{%- for r in head %}
    <tr>
{%- for c in r %}{% if c.is_visible != False %}
      <th scope="col" class="{{ aligns[loop.index0 - hidden] if c.type == 'th' and (loop.index0 - hidden) < aligns | length else '' }}">{{ c.display_value }}</th>
{%- endif %}{% endfor %}
    </tr>
{%- endfor %}
  </thead>
  <tbody>
{%- for r in body %}
    <tr>
{%- for c in r %}{% if c.is_visible != False %}
      <td class="{{ aligns[loop.index0 - hidden] }}" data-label="{{ columns[loop.index0 - hidden] | e }}">{{ c.display_value }}</td>
{%- endif %}{% endfor %}
    </tr>
{%- endfor %}
  </tbody>
</table>
