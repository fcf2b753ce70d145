/** A worker that renders Vega-Lite specs to SVG (vega is loaded once per thread). */
import { renderSvg } from './render-svg.ts';

/** The SVG of each spec, in order. */
export default async function run(specs: Record<string, unknown>[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of specs) out.push(await renderSvg(s));
  return out;
}
