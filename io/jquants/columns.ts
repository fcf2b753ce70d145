/** Fetched records to columns: the engine's conversion, under the client's names. */
export { rawBarsFromRecords as barsToColumns, topixFromRecords as topixToSeries } from '../../engine/raw-from-records.ts';
