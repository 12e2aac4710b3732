import { describe, expect, it } from 'vitest';
import { moveInGrid } from '../../web/src/lib/plan/grid-keys.js';

describe('arrow keys in the schedule grid (roving tabindex)', () => {
  it('moves one month or one row and stops at the edges', () => {
    expect(moveInGrid(3, 12, { row: 0, column: 0 }, 'ArrowRight', false)).toEqual({ row: 0, column: 1 });
    expect(moveInGrid(3, 12, { row: 0, column: 11 }, 'ArrowRight', false)).toEqual({ row: 0, column: 11 });
    expect(moveInGrid(3, 12, { row: 0, column: 0 }, 'ArrowLeft', false)).toEqual({ row: 0, column: 0 });
    expect(moveInGrid(3, 12, { row: 0, column: 4 }, 'ArrowDown', false)).toEqual({ row: 1, column: 4 });
    expect(moveInGrid(3, 12, { row: 2, column: 4 }, 'ArrowDown', false)).toEqual({ row: 2, column: 4 });
    expect(moveInGrid(3, 12, { row: 0, column: 4 }, 'ArrowUp', false)).toEqual({ row: 0, column: 4 });
  });

  it('Home/End go to the row’s ends, with Ctrl to the grid’s corners; PageUp/PageDown five rows', () => {
    expect(moveInGrid(8, 12, { row: 3, column: 5 }, 'Home', false)).toEqual({ row: 3, column: 0 });
    expect(moveInGrid(8, 12, { row: 3, column: 5 }, 'End', false)).toEqual({ row: 3, column: 11 });
    expect(moveInGrid(8, 12, { row: 3, column: 5 }, 'Home', true)).toEqual({ row: 0, column: 0 });
    expect(moveInGrid(8, 12, { row: 3, column: 5 }, 'End', true)).toEqual({ row: 7, column: 11 });
    expect(moveInGrid(8, 12, { row: 3, column: 5 }, 'PageDown', false)).toEqual({ row: 7, column: 5 });
    expect(moveInGrid(8, 12, { row: 3, column: 5 }, 'PageUp', false)).toEqual({ row: 0, column: 5 });
  });

  it('leaves Space, Enter and other keys to the cell; a position outside the grid is brought back in', () => {
    expect(moveInGrid(3, 12, { row: 0, column: 0 }, ' ', false)).toBeNull();
    expect(moveInGrid(3, 12, { row: 0, column: 0 }, 'Enter', false)).toBeNull();
    expect(moveInGrid(0, 12, { row: 0, column: 0 }, 'ArrowDown', false)).toBeNull();
    expect(moveInGrid(3, 12, { row: 9, column: 20 }, 'ArrowLeft', false)).toEqual({ row: 2, column: 10 });
  });
});
