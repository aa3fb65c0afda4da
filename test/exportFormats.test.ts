import { test } from "uvu";
import * as assert from "uvu/assert";
import { audacityLabels } from "../src/export/audacityLabels.ts";
import { csvTable } from "../src/export/csvTable.ts";
import { cueSheet, cueTime } from "../src/export/cueSheet.ts";
import { everyayahTimingRows, everyayahTimingsSql } from "../src/export/everyayahTimings.ts";
import { EXPORT_FORMATS, exportStem, parseExportList, renderExport, UnknownExportFormatError } from "../src/export/exportFormats.ts";
import { quranFoundationTimings } from "../src/export/quranFoundation.ts";
import { srtSubtitles } from "../src/export/srtSubtitles.ts";
import { webvttSubtitles } from "../src/export/webvttSubtitles.ts";
import { wordPositions } from "../src/export/verseWords.ts";
import { BASMALA, example112, TEXT_112 } from "./support/exportExample.ts";

const context = { originalFilename: "ikhlas.mp3" };

test("quran-foundation: verse timestamps in ms, no basmala entry, 1-based word segments", () => {
  assert.equal(quranFoundationTimings(example112(), context), {
    audio_file: {
      chapter_id: 112,
      format: "mp3",
      timestamps: [
        { verse_key: "112:1", timestamp_from: 4250, timestamp_to: 7000, duration: 2750, segments: [[1, 4250, 4600], [2, 4600, 5000], [3, 5000, 5800], [4, 5800, 7000]] },
        { verse_key: "112:2", timestamp_from: 7000, timestamp_to: 9500, duration: 2500, segments: [[1, 7000, 8100], [2, 8100, 9500]] },
        { verse_key: "112:3", timestamp_from: 9500, timestamp_to: 12000, duration: 2500, segments: [] },
        { verse_key: "112:4", timestamp_from: 12000, timestamp_to: 15250, duration: 3250, segments: [[1, 12000, 12700], [2, 12700, 13400], [3, 13400, 15250]] },
      ],
    },
  });
});

test("quran-foundation: a repeated ayah keeps its first reading; format from the file name", () => {
  const metadata = example112();
  metadata.ayahs.push({ ...metadata.ayahs[2], start_time: 15.3, end_time: 17 });
  const result = quranFoundationTimings(metadata, { originalFilename: "x.WAV" });
  assert.equal(result.audio_file.timestamps.map((t) => t.verse_key), ["112:1", "112:2", "112:3", "112:4"]);
  assert.is(result.audio_file.timestamps[1].timestamp_from, 7000);
  assert.is(result.audio_file.format, "wav");
});

test("word positions: a cut-off head is placed by the run of heard words, else in order", () => {
  assert.equal(wordPositions(TEXT_112[0], ["ٱللَّهُ", "أَحَدٌ"]), [3, 4]);
  assert.equal(wordPositions(TEXT_112[2], ["وَلَمۡ", "يُولَدۡ"]), [3, 4]);
  assert.equal(wordPositions(TEXT_112[1], ["ٱلصَّمَدُ", "غير"]), [2, null]);
});

test("everyayah-timings: one start per ayah in ms and the 999 end row", () => {
  assert.equal(everyayahTimingRows(example112()), [
    { sura: 112, ayah: 1, time: 4250 },
    { sura: 112, ayah: 2, time: 7000 },
    { sura: 112, ayah: 3, time: 9500 },
    { sura: 112, ayah: 4, time: 12000 },
    { sura: 112, ayah: 999, time: 15250 },
  ]);
  const sql = everyayahTimingsSql(example112());
  assert.ok(sql.startsWith("CREATE TABLE IF NOT EXISTS timings (sura INTEGER, ayah INTEGER, time INTEGER);\n"));
  assert.ok(sql.includes("INSERT INTO timings VALUES (112, 999, 15250);\n"));
});

test("everyayah-timings: two surahs each get their end row", () => {
  const metadata = example112();
  metadata.ayahs.push({ ...metadata.ayahs[1], surah_number: 113, ayah_number: 1, start_time: 16, end_time: 18.5 });
  const rows = everyayahTimingRows(metadata).filter((row) => row.ayah === 999);
  assert.equal(rows, [{ sura: 112, ayah: 999, time: 15250 }, { sura: 113, ayah: 999, time: 18500 }]);
});

test("audacity: start and end with 6 decimals, label S:A, words optional", () => {
  const lines = audacityLabels(example112(), { words: false }).split("\n");
  assert.equal(lines.slice(0, 3), ["0.500000\t4.250000\t112:0", "4.250000\t7.000000\t112:1", "7.000000\t9.500000\t112:2"]);
  assert.is(lines.length, 6); // 5 regions + the empty string after the final newline
  const withWords = audacityLabels(example112(), { words: true }).split("\n");
  assert.is(withWords[2], `4.250000\t4.600000\t112:1:1 ${TEXT_112[0].split(" ")[0]}`);
  assert.is(withWords.length, 5 + 9 + 1);
});

test("cue: INDEX 01 at 75 frames per second, one track per ayah, the original file", () => {
  assert.is(cueTime(0.5), "00:00:38"); // 37.5 frames rounds to 38
  assert.is(cueTime(4.25), "00:04:19"); // 318.75 → 319 = 4 s + 19 frames
  assert.is(cueTime(3725.4), "62:05:30");
  const cue = cueSheet(example112(), context);
  assert.ok(cue.includes('FILE "ikhlas.mp3" MP3\r\n'));
  assert.ok(cue.includes('  TRACK 01 AUDIO\r\n    TITLE "112:0 Basmala"\r\n    INDEX 01 00:00:38\r\n'));
  assert.ok(cue.includes('  TRACK 05 AUDIO\r\n    TITLE "112:4"\r\n    INDEX 01 00:12:00\r\n'));
  assert.is(cue.match(/TRACK/g)?.length, 5);
  assert.ok(cueSheet(example112(), { originalFilename: 'a "b".flac' }).includes(`FILE "a 'b'.flac" WAVE`));
});

test("srt: numbered cues with comma milliseconds and the Uthmani text", () => {
  const srt = srtSubtitles(example112());
  assert.ok(srt.startsWith(`1\n00:00:00,500 --> 00:00:04,250\n${BASMALA}\n\n2\n00:00:04,250 --> 00:00:07,000\n${TEXT_112[0]}\n\n`));
  assert.ok(srt.endsWith(`5\n00:00:12,000 --> 00:00:15,250\n${TEXT_112[3]}\n\n`));
});

test("webvtt: header, verse-key ids, dot milliseconds", () => {
  const vtt = webvttSubtitles(example112());
  assert.ok(vtt.startsWith(`WEBVTT\n\n112:0\n00:00:00.500 --> 00:00:04.250\n${BASMALA}\n\n112:1\n`));
  assert.is(vtt.match(/-->/g)?.length, 5);
});

test("csv: header and one row per ayah file", () => {
  const rows = csvTable(example112()).split("\r\n");
  assert.is(rows[0], "surah,ayah,start,end,duration,confidence,filename");
  assert.is(rows[1], "112,0,0.500,4.250,3.750,0.950,surah_112_ayah_000_basmala.mp3");
  assert.is(rows[3], "112,2,7.000,9.500,2.500,0.200,surah_112_ayah_002.mp3");
  assert.is(rows.length, 7);
  const quoted = example112();
  quoted.ayahs[0].filename = 'a,"b".mp3';
  assert.is(csvTable(quoted).split("\r\n")[1].split(",0.950,")[1], '"a,""b"".mp3"');
});

test("export list: trimmed, deduplicated, unknown names rejected with the list", () => {
  assert.equal(parseExportList(" srt, CSV,srt,,"), ["srt", "csv"]);
  try {
    parseExportList("srt,mp4");
    assert.unreachable();
  } catch (error) {
    assert.instance(error, UnknownExportFormatError);
    assert.match((error as Error).message, /Unknown export format 'mp4'\. Formats: quran-foundation, everyayah-timings, audacity/);
  }
});

test("every format renders the example to a named, non-empty file", () => {
  assert.is(exportStem("dir/سورة الإخلاص.mp3"), "سورة الإخلاص");
  assert.is(exportStem('a:b?.wav'), "a_b_");
  for (const format of EXPORT_FORMATS) {
    const rendered = renderExport(format, example112(), context);
    assert.ok(rendered.fileName.startsWith("ikhlas."), rendered.fileName);
    assert.ok(rendered.text.length > 20, format.name);
  }
});

test.run();
