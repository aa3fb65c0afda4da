/**
 * Streams a zip to disk with fflate (`Zip`): file entries are read and written in chunks, so memory
 * stays flat whatever the total size. mp3 does not compress, so audio is stored (`ZipPassThrough`);
 * text such as metadata.json is deflated (`ZipDeflate`).
 *
 * Crash safety: the zip is written to `<destination>.<random>.partial` and renamed over the
 * destination only when complete; on any error the partial file is removed, so a half-written zip
 * never sits at the destination path.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from "fflate";

export type ZipEntry =
  | { name: string; filePath: string; compress?: boolean }
  | { name: string; data: Uint8Array | string; compress?: boolean };

export interface ZipWriteResult {
  sizeBytes: number;
  entryCount: number;
}

const READ_CHUNK_BYTES = 1 << 20;

export async function writeZip(destinationPath: string, entries: readonly ZipEntry[], modifiedAt = new Date()): Promise<ZipWriteResult> {
  validateNames(entries);
  const partialPath = `${destinationPath}.${crypto.randomBytes(6).toString("hex")}.partial`;
  const fd = fs.openSync(partialPath, "wx");
  let fdOpen = true;
  try {
    let sizeBytes = 0;
    let zipError: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) zipError = error;
      else sizeBytes += writeAll(fd, chunk);
    });
    for (const entry of entries) {
      addEntry(zip, entry, modifiedAt);
      if (zipError) throw zipError;
    }
    zip.end();
    if (zipError) throw zipError;
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fdOpen = false;
    fs.renameSync(partialPath, destinationPath);
    return { sizeBytes, entryCount: entries.length };
  } catch (error) {
    if (fdOpen) fs.closeSync(fd);
    fs.rmSync(partialPath, { force: true });
    throw error;
  }
}

function addEntry(zip: Zip, entry: ZipEntry, modifiedAt: Date): void {
  const isFile = "filePath" in entry;
  const compress = entry.compress ?? !isFile; // files here are mp3 (incompressible); inline data is text
  const file: ZipInputFile & { push(chunk: Uint8Array, final?: boolean): void } = compress
    ? new ZipDeflate(entry.name, { level: 6 })
    : new ZipPassThrough(entry.name);
  file.mtime = modifiedAt;
  if (!isFile) {
    zip.add(file);
    file.push(typeof entry.data === "string" ? new TextEncoder().encode(entry.data) : entry.data, true);
    return;
  }
  const input = fs.openSync(entry.filePath, "r"); // fails before anything of this entry is written
  try {
    zip.add(file);
    const buffer = new Uint8Array(READ_CHUNK_BYTES);
    for (;;) {
      const read = fs.readSync(input, buffer, 0, buffer.length, null);
      // fflate may keep a reference to pushed chunks of stored entries: hand it a copy.
      file.push(buffer.slice(0, read), read === 0);
      if (read === 0) break;
    }
  } finally {
    fs.closeSync(input);
  }
}

function writeAll(fd: number, chunk: Uint8Array): number {
  for (let offset = 0; offset < chunk.length; ) offset += fs.writeSync(fd, chunk, offset, chunk.length - offset);
  return chunk.length;
}

function validateNames(entries: readonly ZipEntry[]): void {
  const seen = new Set<string>();
  for (const { name } of entries) {
    if (name === "" || name.startsWith("/") || name.split("/").includes("..") || name.includes("\\")) {
      throw new Error(`unsafe zip entry name: ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new Error(`duplicate zip entry name: ${name}`);
    seen.add(name);
  }
}
