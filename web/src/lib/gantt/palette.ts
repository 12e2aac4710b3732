/**
 * Issue colours: a small fixed palette, print-friendly (light fills, darker outlines and progress), with
 * enough contrast for dark text on the fill. Issue k (in order of first appearance) gets PALETTE[k % n];
 * rows without an issue are NEUTRAL grey.
 */
import type { ProgressStatus } from '../../../../schemas/types.js';

export interface Swatch {
  /** bar fill */
  fill: string;
  /** bar outline, legend chip, label-column chip */
  stroke: string;
  /** progress fill inside the bar */
  progress: string;
}

export const PALETTE: readonly Swatch[] = [
  { fill: '#d8e5f6', stroke: '#3f6fae', progress: '#94b6e2' }, // blue
  { fill: '#dbefdd', stroke: '#3b8650', progress: '#93c99f' }, // green
  { fill: '#fbe4cb', stroke: '#b36d22', progress: '#ecb57e' }, // orange
  { fill: '#e7def3', stroke: '#7553a8', progress: '#bba3dc' }, // purple
  { fill: '#d4ecec', stroke: '#2b7f80', progress: '#8bc6c6' }, // teal
  { fill: '#f6dbe3', stroke: '#a9476b', progress: '#df9db4' }, // rose
];

export const NEUTRAL: Swatch = { fill: '#e6e8eb', stroke: '#737a84', progress: '#b9bec6' };

export function swatchFor(paletteIndex: number): Swatch {
  if (paletteIndex < 0) return NEUTRAL;
  return PALETTE[paletteIndex % PALETTE.length] ?? NEUTRAL;
}

/** Marker colours per recorded status (symbols carry the meaning too, so it reads in black and white). */
export const STATUS_COLOURS: Readonly<Record<ProgressStatus, string>> = {
  done: '#23753a',
  partial: '#9a6200',
  postponed: '#35609c',
  notDone: '#b42323',
  cancelled: '#5f6670',
};

/**
 * Marker symbols, drawn as SVG paths (no font glyphs: ✓ △ × are missing from some Japanese system fonts)
 * in a 16×16 box centred on 0,0: ✓ done, △ partial, → postponed, × not done, − cancelled.
 */
export const STATUS_PATHS: Readonly<Record<ProgressStatus, string>> = {
  done: 'M-3.6 0.2 L-1.1 2.8 L3.7 -2.7',
  partial: 'M0 -3.7 L3.6 2.7 L-3.6 2.7 Z',
  postponed: 'M-3.6 0 H3.2 M0.6 -2.7 L3.3 0 L0.6 2.7',
  notDone: 'M-2.9 -2.9 L2.9 2.9 M2.9 -2.9 L-2.9 2.9',
  cancelled: 'M-3.4 0 H3.4',
};

/** Overdue months (planned, ended, nothing recorded): a red hatch and a “!” in a circle. */
export const OVERDUE_COLOUR = '#b42323';
export const OVERDUE_PATH = 'M0 -3.9 V1.2 M0 3.6 V3.7';
