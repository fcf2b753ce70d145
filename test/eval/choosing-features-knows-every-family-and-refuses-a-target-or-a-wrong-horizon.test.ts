import { describe, expect, it } from 'vitest';
import { familyOf, FEATURE_FAMILIES, selectFeatures } from '../../eval/columns.ts';
import { evalTargets } from '../../eval/evaluate.ts';

const COLUMNS = ['Close', 'returns_1d', 'rsi_14', 'a158_KMID', 'sec_ret_1d_eq_loo', 'target_1d', 'target_5d', 'target_rank_5d'];

describe('choosing what gq eval scores', () => {
  it('the opt-in families (a158, sector, ...) are families of their columns and can be named with --families', () => {
    expect(familyOf('a158_KMID')).toBe('a158');
    expect(FEATURE_FAMILIES).toContain('a158');
    expect(FEATURE_FAMILIES).not.toContain('targets');
    expect(FEATURE_FAMILIES).not.toContain('target_rank');
    expect(selectFeatures(COLUMNS, { families: ['a158'] })).toEqual(['a158_KMID']);
    expect(familyOf('sec_ret_1d_eq_loo')).toBe('sector');
  });

  it('a family the dataset lacks names the families it has', () => {
    expect(() => selectFeatures(['returns_1d', 'target_5d'], { families: ['a158'] }))
      .toThrow('--families a158: the dataset has no column of this family (it has returns)');
  });

  it('a target named in --features is refused: it holds the future', () => {
    expect(() => selectFeatures(COLUMNS, { features: ['rsi_14', 'target_1d'] })).toThrow(/^--features: "target_1d" is a target/);
    expect(() => selectFeatures(COLUMNS, { features: ['target_rank_5d'] })).toThrow(/"target_rank_5d" is a target/);
  });

  it('by default no target, price or flag is scored', () => {
    expect(selectFeatures(COLUMNS, {})).toEqual(['returns_1d', 'rsi_14', 'a158_KMID', 'sec_ret_1d_eq_loo']);
  });

  it('--features and --families together are refused rather than one silently ignored', () => {
    expect(() => selectFeatures(COLUMNS, { features: ['rsi_14'], families: ['returns'] })).toThrow(/give one of them/);
  });

  it('a --horizon other than the one the target name says is refused (it would shorten gq train\'s gap)', () => {
    expect(() => evalTargets(COLUMNS, 'target_5d', 3)).toThrow('--horizon 3 disagrees with the target target_5d, whose name says it looks 5 rows ahead');
    expect(evalTargets(COLUMNS, 'target_5d', 5).horizon).toBe(5);
    expect(evalTargets([...COLUMNS, 'my_label'], 'my_label', 7).horizon).toBe(7);
  });
});
