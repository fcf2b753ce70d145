/** Per-column cell text for the CSV writer: each column kind becomes a function from row to text. */

import { formatDay } from '../../engine/dates.ts';
import type { OutColumn } from '../columns.ts';
import { quoteCell } from './quote.ts';

/** Cell text of row i; '' is a null. */
export type CellText = (i: number) => string;

const I8_TEXT = Array.from({ length: 256 }, (_, k) => String(k - 128));

/**
 * The formatter of one column: floats as JS shortest round-trip text (`String(x)`, NaN -> empty) with `.0` after a
 * whole number, so that every reader infers a float column (`153.0`, never `153`); f32 as the shortest decimal that
 * reads back to the same float32, likewise; dates ISO `YYYY-MM-DD`, dictionary strings quoted when needed, i8 as
 * -1/0/1..., bool as true/false (read as booleans by pandas, polars and DuckDB).
 */
export function cellText(column: OutColumn): CellText {
  switch (column.kind) {
    case 'f64': {
      const v = column.values;
      return (i) => {
        const x = v[i];
        return x === x ? floatText(x) : '';
      };
    }
    case 'f32': {
      const v = column.values;
      return (i) => {
        const x = v[i];
        return x === x ? float32Text(x) : '';
      };
    }
    case 'date':
      return dateText(column.values);
    case 'dict': {
      const texts = column.dictionary.map(quoteCell);
      const { indices } = column;
      return (i) => {
        const text = texts[indices[i]];
        if (text === undefined) throw new Error(`column '${column.name}': row ${i} has dictionary index ${indices[i]}, outside 0..${texts.length - 1}`);
        return text;
      };
    }
    case 'i8': {
      const v = column.values;
      return (i) => I8_TEXT[v[i] + 128];
    }
    case 'bool': {
      const v = column.values;
      return (i) => (v[i] === 0 ? 'false' : 'true');
    }
  }
}

/** A double's shortest round-trip text, always with a decimal point or an exponent (`153.0`, `-0.0`, `1e+21`). */
export function floatText(x: number): string {
  // Only whole numbers below 1e21 print without a point or an exponent; -0 prints as "0".
  if (!Number.isInteger(x) || Math.abs(x) >= 1e21) return String(x);
  return x === 0 && 1 / x < 0 ? '-0.0' : `${x}.0`;
}

/** Shortest decimal text that parses back to the same float32 (String(x) would print the float64 expansion), as floatText writes it. */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  for (let p = 1; p < 9; p++) {
    const shorter = Number(x.toPrecision(p));
    if (Math.fround(shorter) === x) return floatText(shorter);
  }
  return floatText(Number(x.toPrecision(9)));
}

// Panels repeat a few thousand distinct days millions of times: format each day once.
function dateText(days: Int32Array): CellText {
  const cache = new Map<number, string>();
  return (i) => {
    const day = days[i];
    let text = cache.get(day);
    if (text === undefined) {
      text = formatDay(day);
      cache.set(day, text);
    }
    return text;
  };
}
