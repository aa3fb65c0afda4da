/**
 * `--format dir`: the pipeline always makes the zip (one code path for the API and the CLI); the
 * CLI then unpacks it into a folder. Streamed with fflate (a 4-hour recording's zip never sits in
 * memory whole); each entry is written synchronously as its bytes arrive.
 */
import fs from "node:fs";
import path from "node:path";
import { Unzip, UnzipInflate, type UnzipFile } from "fflate";

const READ_CHUNK_BYTES = 1 << 20;

function entryPath(targetDir: string, name: string): string {
  const target = path.resolve(targetDir, name);
  if (!target.startsWith(path.resolve(targetDir) + path.sep)) throw new Error(`zip entry '${name}' points outside ${targetDir}`);
  return target;
}

function writeEntry(targetDir: string, file: UnzipFile): void {
  if (file.name.endsWith("/")) return;
  const target = entryPath(targetDir, file.name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const fd = fs.openSync(target, "w");
  file.ondata = (error, chunk, final) => {
    if (error) throw error;
    fs.writeSync(fd, chunk);
    if (final) fs.closeSync(fd);
  };
  file.start();
}

export function unzipToDirectory(zipPath: string, targetDir: string): void {
  fs.mkdirSync(targetDir, { recursive: true });
  const unzip = new Unzip((file) => writeEntry(targetDir, file));
  unzip.register(UnzipInflate);
  const fd = fs.openSync(zipPath, "r");
  try {
    for (;;) {
      // A fresh buffer per read: fflate may keep a reference to the tail of a pushed chunk.
      const buffer = Buffer.alloc(READ_CHUNK_BYTES);
      const read = fs.readSync(fd, buffer, 0, READ_CHUNK_BYTES, null);
      if (read === 0) break;
      unzip.push(buffer.subarray(0, read));
    }
    unzip.push(new Uint8Array(0), true);
  } finally {
    fs.closeSync(fd);
  }
}
