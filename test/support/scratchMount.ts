/**
 * Small tmpfs mounts for the disk tests (a full disk, a read-only folder). Mounting needs root
 * with CAP_SYS_ADMIN; where that is missing `mountTmpfs` answers null and the caller prints a
 * note and falls back (the ENOSPC tests also run by injection, which needs nothing).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface ScratchMount {
  dir: string;
  unmount(): void;
}

export function mountTmpfs(options: { sizeBytes: number; readOnly?: boolean }): ScratchMount | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qs-mount-"));
  const mountOptions = `size=${options.sizeBytes}${options.readOnly ? ",ro" : ""}`;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", mountOptions, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      execFileSync("umount", [dir], { stdio: "ignore" });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
