/** Vega-Lite to SVG without a browser: compile to Vega, run a headless view (renderer 'none'), ask it for SVG. */
import { View, parse } from 'vega';
import { compile } from 'vega-lite';

/** Vega-Lite's compile-time warnings are about chart styling, not the data: keep the terminal quiet. */
const QUIET = { level: () => QUIET, error: () => QUIET, warn: () => QUIET, info: () => QUIET, debug: () => QUIET };

/** The SVG markup of a Vega-Lite spec. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vg = compile({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { font: 'sans-serif', view: { stroke: null } }, ...spec } as never, { logger: QUIET as never }).spec;
  // The loader is disabled: every chart's data is inline, and a report must never reach the network.
  const view = new View(parse(vg), { logLevel: 0, renderer: 'none', loader: { load: () => Promise.reject(new Error('no loading')), sanitize: () => Promise.reject(new Error('no loading')) } as never });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
