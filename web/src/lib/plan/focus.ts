/** Keyboard focus after a list changed under it (a moved or removed item, a new row). */
import { tick } from 'svelte';

/** Focuses the first of the elements that exists and is enabled, once the DOM has been updated. */
export async function focusFirst(...ids: string[]): Promise<void> {
  await tick();
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el && !(el as HTMLButtonElement).disabled) {
      el.focus();
      return;
    }
  }
}

/** Moves to a field (from an error summary link): focus it and bring it into view. */
export function goToField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}
