/**
 * Arrow-key movement in the schedule grid's month cells (WAI-ARIA grid pattern, roving tabindex):
 * ← → one month, ↑ ↓ one row, Home / End the row's first / last month, Ctrl+Home / Ctrl+End the first /
 * last cell of the grid, PageUp / PageDown five rows. Null: not a movement key (Space and Enter belong to
 * the cell's button).
 */
export interface GridPosition {
  row: number;
  column: number;
}

export function moveInGrid(rows: number, columns: number, at: GridPosition, key: string, ctrl: boolean): GridPosition | null {
  if (rows <= 0 || columns <= 0) return null;
  const row = Math.max(0, Math.min(rows - 1, at.row));
  const column = Math.max(0, Math.min(columns - 1, at.column));
  switch (key) {
    case 'ArrowRight':
      return { row, column: Math.min(columns - 1, column + 1) };
    case 'ArrowLeft':
      return { row, column: Math.max(0, column - 1) };
    case 'ArrowDown':
      return { row: Math.min(rows - 1, row + 1), column };
    case 'ArrowUp':
      return { row: Math.max(0, row - 1), column };
    case 'PageDown':
      return { row: Math.min(rows - 1, row + 5), column };
    case 'PageUp':
      return { row: Math.max(0, row - 5), column };
    case 'Home':
      return { row: ctrl ? 0 : row, column: 0 };
    case 'End':
      return { row: ctrl ? rows - 1 : row, column: columns - 1 };
    default:
      return null;
  }
}

/** Ctrl+Z (⌘Z) outside a text field, where the browser's own text undo applies. */
export function isUndoKey(event: KeyboardEvent): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'z') return false;
  const target = event.target;
  if (target instanceof HTMLTextAreaElement) return false;
  if (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return false;
  return true;
}
