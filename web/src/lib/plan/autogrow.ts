/**
 * Text areas that grow with their content (no inner scroll bar hides half a paragraph): an attachment
 * that re-fits whenever the value it reads changes, and when the window width changes.
 */
import type { Attachment } from 'svelte/attachments';

function fit(node: HTMLTextAreaElement): void {
  if (!node.isConnected) return;
  const borders = node.offsetHeight - node.clientHeight;
  node.style.height = 'auto';
  node.style.height = `${node.scrollHeight + Math.max(0, borders)}px`;
}

export function autogrow(value: () => string): Attachment<HTMLTextAreaElement> {
  return (node) => {
    value(); // re-run when the value changes (typing, reload, merge)
    fit(node);
    const frame = requestAnimationFrame(() => fit(node));
    const onResize = () => fit(node);
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', onResize);
    };
  };
}
