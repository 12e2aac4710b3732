/**
 * The printed page's frame: A4 landscape, the document's name at the foot on the left, "page / pages" in
 * the middle, the date on the right — CSS @page margin boxes, so every printed page has them whatever the
 * browser's own header/footer setting. The texts are per document, so the rule is added while the page is
 * shown (style-src allows inline styles; no script is inline).
 */
function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}

export function installPrintFrame(left: string, right: string): () => void {
  const style = document.createElement('style');
  style.dataset.printFrame = '';
  const box = 'font-size: 8pt; color: #444; font-family: inherit; white-space: nowrap;';
  style.textContent = `@page {
  size: A4 landscape;
  margin: 12mm 11mm 13mm 11mm;
  @bottom-left { content: ${cssString(left.slice(0, 60))}; ${box} }
  @bottom-center { content: counter(page) " / " counter(pages); ${box} }
  @bottom-right { content: ${cssString(right)}; ${box} }
}`;
  document.head.appendChild(style);
  return () => style.remove();
}
