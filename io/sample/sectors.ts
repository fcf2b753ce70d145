/** A few TSE 17/33-industry sectors and market segments, for the sample market's listed master. */
export const SECTORS: ReadonlyArray<{ s17: string; s17Nm: string; s33: string; s33Nm: string }> = [
  { s17: '1', s17Nm: '食品', s33: '3050', s33Nm: '食料品' },
  { s17: '2', s17Nm: 'エネルギー資源', s33: '1050', s33Nm: '鉱業' },
  { s17: '3', s17Nm: '建設・資材', s33: '2050', s33Nm: '建設業' },
  { s17: '4', s17Nm: '素材・化学', s33: '3200', s33Nm: '化学' },
  { s17: '5', s17Nm: '医薬品', s33: '3250', s33Nm: '医薬品' },
  { s17: '6', s17Nm: '自動車・輸送機', s33: '3700', s33Nm: '輸送用機器' },
  { s17: '9', s17Nm: '電機・精密', s33: '3650', s33Nm: '電気機器' },
  { s17: '10', s17Nm: '情報通信・サービスその他', s33: '5250', s33Nm: '情報・通信業' },
  { s17: '14', s17Nm: '小売', s33: '6100', s33Nm: '小売業' },
  { s17: '15', s17Nm: '銀行', s33: '7050', s33Nm: '銀行業' },
];

/** Market segments of the master (Mkt / MktNm). */
export const MARKETS: ReadonlyArray<{ mkt: string; mktNm: string }> = [
  { mkt: '0111', mktNm: 'プライム' },
  { mkt: '0112', mktNm: 'スタンダード' },
  { mkt: '0113', mktNm: 'グロース' },
];
