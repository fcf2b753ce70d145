import { describe, expect, it } from 'vitest';
import { decodePieceRecords, encodePieceRecords } from '../../../io/jquants/cache/piece-records.ts';

// Strings that a lazy reading of the dictionary must give back as JSON.parse does: escapes, quotes, backslashes,
// non-ASCII, an empty string, and texts that look like the dictionary's own member name.
const TEXT = String.raw`[{"strings":",\"strings\":[","Code":"72030","Name":"サンプル \"A\" \\ B","Tab":"a\tb\n","U":"\u00e9\u0000x","E":"","S":"],\"x\":[\"y\"]}"},`
  + String.raw`{"Code":"13010","strings":["\"]","a"],"Name":"é","Obj":{"k":"v\"w"}}]`;

describe('the records sidecar\'s string dictionary', () => {
  it('gives back every string as JSON.parse does, escapes and non-ASCII included', () => {
    const records = JSON.parse(TEXT) as Record<string, unknown>[];
    const bytes = encodePieceRecords(records, 3)!;
    expect(decodePieceRecords(bytes, 3)).toEqual(JSON.parse(TEXT));
    expect(decodePieceRecords(bytes, 3, ['Name', 'strings'])).toEqual([
      { strings: ',"strings":[', Name: 'サンプル "A" \\ B' }, { strings: ['"]', 'a'], Name: 'é' },
    ]);
  });

  it('is no sidecar when the dictionary is cut short or an index runs past it', () => {
    const bytes = encodePieceRecords(JSON.parse(TEXT) as Record<string, unknown>[], 3)!;
    const headLen = new DataView(bytes.buffer).getUint32(0, true);
    const cut = Uint8Array.from(bytes);
    cut[4 + headLen - 2] = 0x20; // the dictionary's closing bracket gone
    expect(decodePieceRecords(cut, 3)).toBeNull();
    const one = encodePieceRecords([{ A: 'x' }], 3)!;
    const bad = Uint8Array.from(one);
    const start = (4 + new DataView(bad.buffer).getUint32(0, true) + 7) & ~7;
    new DataView(bad.buffer).setFloat64(start, 5, true); // string index 5 of a dictionary of 1
    expect(() => decodePieceRecords(bad, 3)).toThrow(/beyond its dictionary/);
  });
});
