/**
 * The timing table of gapless Quran players (quran_android, quran-ios): `timings(sura, ayah,
 * time)` with the start of each ayah in ms from the start of the surah's file, and a row with
 * ayah 999 holding the end of the surah's last ayah. Written as SQL, so
 * `sqlite3 timings.db < x.everyayah-timings.sql` gives the database those players read.
 * The basmala is no row (those players number ayahs from 1); ayah 1 starts where its own words do.
 */
import type { RecordingMetadata } from "../pipeline/taskTypes.ts";
import { firstReadingOfEachVerse, secondsToMs, type ExportFormat } from "./exportTypes.ts";

export interface AyahStartRow {
  sura: number;
  ayah: number;
  /** ms from the start of the recording. */
  time: number;
}

export const SURAH_END_AYAH = 999;

export function everyayahTimingRows(metadata: RecordingMetadata): AyahStartRow[] {
  const rows: AyahStartRow[] = [];
  const ayahs = firstReadingOfEachVerse(metadata);
  ayahs.forEach((ayah, k) => {
    rows.push({ sura: ayah.surah_number, ayah: ayah.ayah_number, time: secondsToMs(ayah.start_time) });
    const next = ayahs[k + 1];
    if (!next || next.surah_number !== ayah.surah_number) {
      rows.push({ sura: ayah.surah_number, ayah: SURAH_END_AYAH, time: secondsToMs(ayah.end_time) });
    }
  });
  return rows;
}

export function everyayahTimingsSql(metadata: RecordingMetadata): string {
  const values = everyayahTimingRows(metadata).map((row) => `INSERT INTO timings VALUES (${row.sura}, ${row.ayah}, ${row.time});`);
  return ["CREATE TABLE IF NOT EXISTS timings (sura INTEGER, ayah INTEGER, time INTEGER);", ...values, ""].join("\n");
}

export const everyayahTimingsFormat: ExportFormat = {
  name: "everyayah-timings",
  fileSuffix: ".everyayah-timings.sql",
  contentType: "application/sql; charset=utf-8",
  render: (metadata) => everyayahTimingsSql(metadata),
};
