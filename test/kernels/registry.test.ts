import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURES, computePlan, familyCounts } from '../../kernels/registry.ts';

// A pinned copy of ../shared/spec/features.md, so the clean-clone CI run can read the contract.
const spec = readFileSync(new URL('../../fixtures/spec/features.md', import.meta.url), 'utf8');

/** Feature names and first-valid rows as the spec's tables list them (`a, b, c` and `x_1d, _5d` shorthands expanded). */
function specFeatures(): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  for (const line of spec.split('\n')) {
    if (line.startsWith('## ')) section = line;
    if (!line.startsWith('| ') || line.startsWith('| column') || line.startsWith('|---')) continue;
    if (section.includes('Identity') || section.includes('Later')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const names = cells[1]!.split(',').map((s) => s.trim());
    let stem = '';
    for (const n of names) {
      let name = n;
      if (n.startsWith('_')) name = stem + n; // "log_returns_1d, _5d" -> "log_returns_5d"
      else stem = n.replace(/_\d+d(_topix)?$/, '');
      if (n.startsWith('_') && names[0]!.endsWith('_topix')) name = `${stem}${n}_topix`;
      out.set(name, cells[3] ?? '');
    }
  }
  return out;
}

describe('the feature registry', () => {
  it('lists exactly the features of the spec, in the spec order', () => {
    const names = [...specFeatures().keys()];
    expect(FEATURES.map((f) => f.name)).toEqual(names);
  });

  it('states the first valid row the spec gives for each feature', () => {
    for (const [name, first] of specFeatures()) {
      const f = FEATURES.find((d) => d.name === name)!;
      if (/^\d+$/.test(first)) expect(f.firstValid, name).toBe(Number(first));
      else if (first === 'n') expect(f.firstValid, name).toBe(Number(/_(\d+)d/.exec(name)![1]));
      else if (first === 'n-1') expect(f.firstValid, name).toBe(Number(/_(\d+)$/.exec(name)![1]) - 1);
    }
  });

  it('counts features per family as the spec headings do', () => {
    const heading = (fam: string): number => Number(new RegExp(`## ${fam}[^\\n]*\\((\\d+)\\)`).exec(spec)![1]);
    const c = familyCounts();
    expect(c.returns).toBe(heading('Returns'));
    expect(c.volatility).toBe(heading('Volatility'));
    expect(c.technical).toBe(heading('Technical'));
    expect(c.volume).toBe(heading('Volume'));
    expect(c.topix).toBe(heading('TOPIX-relative'));
    expect(c.microstructure).toBe(heading('Microstructure'));
    expect(c.targets).toBe(heading('Targets'));
  });

  it('plans a family together with the features it depends on', () => {
    const plan = computePlan({ families: ['topix'] }).map((f) => f.name);
    expect(plan).toContain('returns_20d');
    expect(plan).toContain('beta_60d');
    expect(plan).not.toContain('sma_5');
    expect(() => computePlan({ families: ['sentiment'] })).toThrow(/unknown feature family "sentiment"/);
  });

  it('keeps targets under their own prefix, shared by no feature', () => {
    for (const f of FEATURES) expect(f.name.startsWith('target')).toBe(f.family === 'targets');
  });
});
