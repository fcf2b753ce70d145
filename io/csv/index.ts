/** CSV writers: the fast columnar one for the feature table, fast-csv for small record lists. */

export { openCsvSink, writeCsv } from './write-csv.ts';
export type { CsvSink } from './write-csv.ts';
export type { WriteCsvOptions, WriteCsvResult } from './write-csv.ts';
export { writeRecordsCsv } from './write-records-csv.ts';
export type { OutColumn } from '../columns.ts';
