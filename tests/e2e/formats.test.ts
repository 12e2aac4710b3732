/**
 * Prints and files in a real browser: the plan as the clean official document and with actuals, the
 * subcommittee pack — printed to PDF (page.pdf, as the browser's "Save as PDF" does), checked with
 * poppler (page count, A4 landscape, page numbers, no user names) and rendered to PNG (pdftoppm) into
 * test-results/pdf/ for a person to look at; the downloads from the menus; the import page end to end.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Escalation, Plan } from '../../schemas/types.js';
import { ROOT } from '../helpers/app.js';
import { axeSeriousViolations, browserSuite, browserUnavailable, expectClean, getJson, loginTo } from '../helpers/browser.js';
import { officeWorkbook } from '../helpers/office-files.js';

const OUT = join(ROOT, 'test-results', 'pdf');

interface PdfFacts {
  pages: number;
  width: number;
  height: number;
  /** the text of each page */
  text: string[];
}

/** Prints the page to PDF as the browser would (CSS page size), renders it to PNGs and reads its facts. */
async function printToPdf(page: Page, name: string): Promise<PdfFacts> {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`) || f === `${name}.pdf`) rmSync(join(OUT, f));
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
  const text = Array.from({ length: pages }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }));
  execFileSync('pdftoppm', ['-r', '60', '-png', file, join(OUT, name)]);
  return { pages, width: Number(w), height: Number(h), text };
}

function expectA4Landscape(pdf: PdfFacts) {
  expect(Math.round(pdf.width)).toBe(842);
  expect(Math.round(pdf.height)).toBe(595);
}

describe.skipIf(browserUnavailable())('prints and office files in a browser', () => {
  const suite = browserSuite();

  it('prints the plan as the clean official document, A4 landscape with page numbers and the date', { timeout: 120_000 }, async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'aoba', '/plans/aoba/2026');
    const page = w.page;
    await page.getByText('印刷・出力').click();
    await page.getByRole('link', { name: '計画案を印刷' }).click();
    await page.locator('article.official').waitFor();
    const plan = (await getJson<Plan[]>(page, suite.server, '/api/plans?fiscalYear=2026&ward=aoba'))[0]!;
    const full = await getJson<Plan>(page, suite.server, `/api/plans/${plan.id}`);

    // the document's parts and labels, the planned months shaded, nothing of the app
    const doc = page.locator('article.official');
    for (const label of ['令和7年度の取組', '令和7年度の取組を通じて明らかになったこと', '目標', '目標達成に向け解決すべき課題', '課題解決のための取組', '備考', 'その他計画案に関する特記事項']) {
      expect(await doc.getByText(label, { exact: true }).count(), label).toBeGreaterThan(0);
    }
    expect(await doc.locator('.schedule thead th').allInnerTexts()).toEqual(['課題解決のための取組に係る作業手順・スケジュール', ...['4', '5', '6', '7', '8', '9', '10', '11', '12', '1', '2', '3'].map((m) => `${m}月`)]);
    const planned = full.schedule.reduce((n, r) => n + (r.timing === 'months' ? r.months.length : r.timing === 'everyMonth' ? 1 : 0), 0);
    expect(await doc.locator('.shaded').count()).toBe(planned);
    expect(await doc.locator('.mark, .progress-mark').count()).toBe(0);
    // the issues table reads across: ① | issue | first action | remarks
    const firstIssue = doc.locator('table.issues tbody tr').first().locator('th, td');
    expect(await firstIssue.nth(0).innerText()).toBe('①');
    expect(await firstIssue.nth(1).innerText()).toBe(full.issues[0]!.problem);
    expect(await firstIssue.nth(2).innerText()).toBe(full.issues[0]!.actions[0]!.text);
    expect(await page.getByText('コメントはまだありません').count()).toBe(0);
    expect(await axeSeriousViolations(page)).toEqual([]);

    const pdf = await printToPdf(page, 'plan-aoba');
    expectA4Landscape(pdf);
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(pdf.pages).toBeLessThanOrEqual(4);
    pdf.text.forEach((t, i) => {
      expect(t).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${pdf.pages}\\b`));
      expect(t).toMatch(/印刷日 \d{4}年\d{1,2}月\d{1,2}日/);
    });
    const all = pdf.text.join('\n');
    expect(all).toContain(full.schedule.at(-1)!.title);
    expect(all).not.toContain('印刷・出力'); // no app chrome
    expect(all).not.toContain('ログアウト');
    await expectClean(w);
    await w.context.close();
  });

  it('prints the plan with its actuals marked', async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'viewer', '/plans/izumi/2026/print?actuals=1');
    await w.page.locator('article.official').waitFor();
    await w.page.getByText('凡例').waitFor();
    expect(await w.page.locator('article.official .month', { hasText: '●' }).count()).toBeGreaterThan(0);
    const pdf = await printToPdf(w.page, 'plan-izumi-actuals');
    expectA4Landscape(pdf);
    expect(pdf.text.join('\n')).toContain('●');
    await expectClean(w);
    await w.context.close();
  });

  it('prints the subcommittee pack: cover, city and heat map, each ward on its own pages, no user names', { timeout: 120_000 }, async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'chair', '/city/2026?asOf=2026-10');
    const page = w.page;
    await page.locator('table.heatmap').waitFor();
    await page.getByText('印刷・出力').click();
    await page.getByRole('link', { name: '地域部会資料を印刷' }).click();
    await page.locator('article.pack').waitFor();
    expect(page.url()).toContain('/city/2026/pack?asOf=2026-10');
    expect(await axeSeriousViolations(page)).toEqual([]);

    const escalations = await getJson<Escalation[]>(page, suite.server, '/api/escalations?fiscalYear=2026');
    const pdf = await printToPdf(page, 'pack-2026-10');
    expectA4Landscape(pdf);
    // cover + overview + at least one page per ward
    expect(pdf.pages).toBeGreaterThanOrEqual(7);
    expect(pdf.text[0]).toContain('仙台市');
    expect(pdf.text[0]).toContain('地域部会');
    expect(pdf.text[0]).toContain('2026年10月');
    expect(pdf.text[1]).toContain('全体の状況');
    for (const ward of ['青葉区', '宮城野区', '若林区', '太白区', '泉区']) {
      // a ward starts a page: its name is the first line of some page
      expect(pdf.text.some((t) => t.trimStart().startsWith(ward)), ward).toBe(true);
    }
    pdf.text.forEach((t, i) => expect(t).toMatch(new RegExp(`\\b${i + 1}\\s*/\\s*${pdf.pages}\\b`)));
    const all = pdf.text.join('\n');
    for (const e of escalations) if (e.reply) expect(all).toContain(e.reply.slice(0, 20).split('\n')[0]!);
    for (const user of ['chair', 'admin', 'aoba', 'miyagino', 'wakabayashi', 'taihaku', 'izumi']) expect(all, user).not.toMatch(new RegExp(`\\b${user}\\b`));
    // no page is left nearly empty between two wards' pages (a stranded heading would be one)
    pdf.text.slice(1).forEach((t, i) => expect(t.replace(/\s+/g, '').length, `page ${i + 2}`).toBeGreaterThan(60));
    await expectClean(w);
    await w.context.close();
  });

  it('downloads the Excel and CSV files from the plan menu', { timeout: 120_000 }, async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'viewer', '/plans/taihaku/2026');
    const page = w.page;
    await page.getByText('印刷・出力').click();
    // the links are plain downloads (the server names the file): fetch them with the page's session
    const fileOf = async (name: string) => {
      const link = page.getByRole('link', { name, exact: true });
      expect(await link.getAttribute('download')).not.toBeNull();
      const res = await page.request.get(new URL((await link.getAttribute('href'))!, suite.server.url).href);
      expect(res.status()).toBe(200);
      return { name: decodeURIComponent(res.headers()['content-disposition']!.split("UTF-8''")[1]!), body: await res.body() };
    };
    const xlsx = await fileOf('Excel(計画案)');
    expect(xlsx.name).toBe('令和8年度_太白区_計画案.xlsx');
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    const csv = await fileOf('CSV(進捗記録)');
    expect(csv.name).toBe('令和8年度_太白区_進捗記録.csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await fileOf('Excel(計画と実績)')).name).toBe('令和8年度_太白区_計画と実績.xlsx');
    // a viewer cannot import
    await page.getByText('印刷・出力').click();
    expect(await page.getByRole('link', { name: 'Excel から読み込む' }).count()).toBe(0);
    await expectClean(w);
    await w.context.close();
  });

  it('imports a ward office file with a preview, then saves it', { timeout: 120_000 }, async () => {
    const w = await suite.open();
    await loginTo(w.page, suite.server, 'aoba', '/plans/aoba/2027');
    const page = w.page;
    await page.getByRole('link', { name: 'Excel から読み込む' }).click();
    await page.locator('#imp-file').setInputFiles({ name: '青葉区R9計画.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await officeWorkbook() });
    await page.getByRole('button', { name: '読み取る' }).click();
    await page.getByText('読み取った内容:').waitFor();
    expect(await page.locator('article.official .shaded').count()).toBeGreaterThan(0);
    // the office file says 令和7年度 for last year: for a 令和9年度 plan that is reported, not hidden
    expect(await page.locator('ul.notes').innerText()).toContain('前年度は「令和8年度の取組」のはずです');
    expect(await axeSeriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'この内容で計画を作成' }).click();
    await page.getByText('保存しました(版 1)').waitFor();
    await page.getByRole('link', { name: '計画を開く' }).click();
    await page.waitForURL('**/plans/aoba/2027');
    const saved = await getJson<Plan[]>(page, suite.server, '/api/plans?fiscalYear=2027&ward=aoba');
    expect(saved).toHaveLength(1);
    const plan = await getJson<Plan>(page, suite.server, `/api/plans/${saved[0]!.id}`);
    expect(plan.schedule.map((r) => r.title)).toContain('ケースレビューの実施');
    await expectClean(w);
    await w.context.close();
  });
});
