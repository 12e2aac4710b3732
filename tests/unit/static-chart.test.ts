/**
 * The chart as the server writes it (web/src/lib/gantt/static-chart.ts) and the text estimates it and the
 * server-rendered grid start from (text-estimate.ts). That the markup is the chart frappe-gantt draws,
 * element for element, is checked in the browser (tests/e2e/server-rendered.test.ts); here: what it
 * holds, that nothing from a plan gets into it unescaped, and how names are taken to wrap.
 */
import { describe, expect, it } from 'vitest';
import { type FiscalChartConfig, type GanttRow, ROW_HEIGHT, buildGanttModel, layoutFor, rowHeightFor, TYPICAL_CHART_WIDTH } from '../../web/src/lib/gantt/gantt-model.js';
import { staticChartMarkup } from '../../web/src/lib/gantt/static-chart.js';
import { LABEL_BOX, estimatedEm, estimatedTitleHeight } from '../../web/src/lib/gantt/text-estimate.js';

const HOSTILE = '</div><script>alert(1)</script><img src=x onerror=alert(2)>"\'';

function row(partial: Partial<GanttRow> & { id: string }): GanttRow {
  return { number: '①', title: 'task', groupId: null, groupLabel: null, timing: 'months', months: [], ...partial };
}

function chartFor(rows: GanttRow[], texts: { header?: string; asNeeded?: string } = {}) {
  const model = buildGanttModel(rows, 2026, 'ja', new Date(2026, 10, 15));
  const cfg: FiscalChartConfig = {
    fiscalYear: 2026,
    columnWidth: layoutFor(TYPICAL_CHART_WIDTH).columnWidth,
    lines: model.lines,
    monthLabels: model.monthLabels,
    headerLabel: texts.header ?? model.headerLabel,
    todayIndex: model.todayIndex,
    todayFraction: model.todayFraction,
    asNeededText: texts.asNeeded ?? '随時',
    rowHeight: ROW_HEIGHT,
    patternId: 'u1-overdue',
  };
  return { model, html: staticChartMarkup(model.tasks, cfg) };
}

describe('the chart as markup', () => {
  it('has a bar per run of months, a line per row, twelve month labels and the marks recorded', () => {
    const { model, html } = chartFor([
      row({ id: 'a', months: [4, 5, 6, 10, 11], progress: { 4: 'done', 5: 'partial' } }),
      row({ id: 'b', number: '②', timing: 'asNeeded' }),
    ]);
    expect(model.tasks).toHaveLength(2);
    expect(html.match(/class="bar-wrapper /g)).toHaveLength(2);
    expect(html.match(/class="grid-row"/g)).toHaveLength(2);
    expect(html.match(/class="lower-text /g)).toHaveLength(12);
    expect(html).toContain('class="fg-mark fg-mark-done"');
    expect(html).toContain('class="fg-mark fg-mark-partial"');
    expect(html).toContain('class="fg-asneeded"');
    // June: planned, over, nothing recorded
    expect(html).toMatch(/class="fg-overdue" data-fg-line="0" data-fg-month="6"/);
    expect(html).toContain('data-fg-static=""');
  });

  it('lets nothing from the plan or the texts into the markup unescaped', () => {
    const { html } = chartFor([row({ id: HOSTILE, number: HOSTILE, title: HOSTILE, months: [4, 5] }), row({ id: 'x', number: '②', title: HOSTILE, timing: 'asNeeded' })], {
      header: HOSTILE,
      asNeeded: HOSTILE,
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</div><script');
    expect(html).toContain('&lt;script&gt;');
    // attribute values cannot be closed early
    expect(html).not.toMatch(/data-id="[^"]*"[^ >]/);
  });

  it('hides a label that would run past its bar, as the live chart does', () => {
    const { html } = chartFor([row({ id: 'a', number: '⑩⑪⑫⑬⑭⑮', months: [4] })]);
    expect(html).toMatch(/class="bar-label" style="visibility: hidden;"/);
    const { html: fits } = chartFor([row({ id: 'a', number: '①', months: [4, 5, 6] })]);
    expect(fits).not.toContain('visibility: hidden');
  });
});

describe('text estimates', () => {
  const label = layoutFor(TYPICAL_CHART_WIDTH).labelWidth;
  const oneLine = Math.round(LABEL_BOX.fontPx * LABEL_BOX.lineHeight);

  it('takes full-width characters at 1 em and others at 0.6 em', () => {
    expect(estimatedEm('事例検討')).toBe(4);
    expect(estimatedEm('ab')).toBeCloseTo(1.2);
    expect(estimatedEm('①')).toBe(1);
  });

  it('wraps a long Japanese name to two lines in the typical label column, more in a narrow one', () => {
    const long = '指定特定相談支援事業所と他機関多職種が連携した事例を用いた事例検討、好事例の紹介、関係機関からの話題提供';
    expect(estimatedTitleHeight('⑥', '次年度計画の検討・調整', label)).toBe(oneLine);
    expect(estimatedTitleHeight('⑥', long, label)).toBe(Math.round(2 * LABEL_BOX.fontPx * LABEL_BOX.lineHeight));
    expect(estimatedTitleHeight('⑥', long, 240)).toBeGreaterThan(estimatedTitleHeight('⑥', long, label));
    expect(rowHeightFor(estimatedTitleHeight('⑥', long, label))).toBeGreaterThan(ROW_HEIGHT);
    expect(estimatedTitleHeight('①', '', label)).toBe(oneLine);
  });
});
