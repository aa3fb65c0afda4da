/**
 * A minimal emscripten file system that maps the core's `/host/...` paths onto the real disk with
 * synchronous node:fs calls. The ffmpeg core is built for browsers (no NODEFS), so without this every
 * input would have to be copied whole into MEMFS (a JS array per file) and every output read back out:
 * for a 1 GB upload that is 1 GB+ of heap. With it, ffmpeg streams straight from and to disk.
 * Only the operations ffmpeg uses are implemented (stat, open/create, read, write, seek, truncate,
 * unlink, rename, readdir); symlinks are refused.
 */
import fs from "node:fs";
import path from "node:path";
import type { EmscriptenFs, EmscriptenFsNode, EmscriptenFsStream } from "./emscriptenTypes.ts";

/** Where the host's root directory appears inside the core's file system. */
export const HOST_MOUNT_POINT = "/host";

/** The path under which the core sees a host file. */
export function toCorePath(hostPath: string): string {
  return HOST_MOUNT_POINT + path.resolve(hostPath);
}

interface HostNode extends EmscriptenFsNode {
  hostPath: string;
}
interface HostStream extends EmscriptenFsStream {
  node: HostNode;
  hostFd?: number;
}

// errno values of emscripten's musl build (not Linux's): the core reports these to ffmpeg.
const EMSCRIPTEN_ERRNO: Record<string, number> = {
  ENOENT: 44, EEXIST: 20, EACCES: 2, EPERM: 63, ENOTDIR: 54, EISDIR: 31, ENOTEMPTY: 55, EINVAL: 28, ENOSPC: 51,
};
const EMSCRIPTEN_EIO = 29;
const O_ACCMODE = 3;
const O_APPEND = 1024;
const SEEK_CUR = 1;
const SEEK_END = 2;

/**
 * Mounts the host root at HOST_MOUNT_POINT. Emscripten caches looked-up nodes and never revalidates
 * them, so a file deleted or created on disk between two ffmpeg runs would be seen stale: call the
 * returned `remount` before each run to drop that cache (cheap: nodes are recreated lazily).
 */
export function mountHostFs(FS: EmscriptenFs): { remount(): void } {
  const wrap = <T>(operation: () => T): T => {
    try {
      return operation();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      throw new FS.ErrnoError(EMSCRIPTEN_ERRNO[code] ?? EMSCRIPTEN_EIO);
    }
  };
  const createNode = (parent: HostNode | null, name: string, hostPath: string, mode: number): HostNode => {
    const node = FS.createNode(parent, name, mode, 0) as HostNode;
    node.hostPath = hostPath;
    node.node_ops = nodeOps;
    node.stream_ops = streamOps;
    return node;
  };
  const nodeOps = {
    getattr(node: HostNode) {
      const stat = wrap(() => fs.statSync(node.hostPath));
      return {
        dev: 1, ino: node.id, mode: stat.mode, nlink: 1, uid: 0, gid: 0, rdev: 0, size: stat.size,
        atime: stat.atime, mtime: stat.mtime, ctime: stat.ctime, blksize: 4096, blocks: Math.ceil(stat.size / 4096),
      };
    },
    setattr(node: HostNode, attr: { size?: number }) {
      if (attr.size !== undefined) wrap(() => fs.truncateSync(node.hostPath, attr.size));
    },
    lookup(parent: HostNode, name: string) {
      const hostPath = path.join(parent.hostPath, name);
      const stat = wrap(() => fs.statSync(hostPath));
      return createNode(parent, name, hostPath, stat.mode);
    },
    mknod(parent: HostNode, name: string, mode: number) {
      const hostPath = path.join(parent.hostPath, name);
      if (FS.isDir(mode)) wrap(() => fs.mkdirSync(hostPath));
      else wrap(() => fs.closeSync(fs.openSync(hostPath, "w")));
      return createNode(parent, name, hostPath, wrap(() => fs.statSync(hostPath)).mode);
    },
    rename(oldNode: HostNode, newDir: HostNode, newName: string) {
      const newPath = path.join(newDir.hostPath, newName);
      wrap(() => fs.renameSync(oldNode.hostPath, newPath));
      oldNode.hostPath = newPath;
    },
    unlink(parent: HostNode, name: string) {
      wrap(() => fs.unlinkSync(path.join(parent.hostPath, name)));
    },
    rmdir(parent: HostNode, name: string) {
      wrap(() => fs.rmdirSync(path.join(parent.hostPath, name)));
    },
    readdir(node: HostNode) {
      return [".", "..", ...wrap(() => fs.readdirSync(node.hostPath))];
    },
    symlink() {
      throw new FS.ErrnoError(EMSCRIPTEN_ERRNO.EPERM);
    },
  };
  const streamOps = {
    open(stream: HostStream) {
      if (FS.isDir(stream.node.mode)) return;
      const access = stream.flags & O_ACCMODE;
      const flags = access === 0 ? "r" : access === 1 && stream.flags & O_APPEND ? "a" : "r+";
      stream.hostFd = wrap(() => fs.openSync(stream.node.hostPath, flags));
    },
    close(stream: HostStream) {
      if (stream.hostFd !== undefined) wrap(() => fs.closeSync(stream.hostFd as number));
    },
    read(stream: HostStream, buffer: Int8Array, offset: number, length: number, position: number) {
      if (length === 0) return 0;
      return wrap(() => fs.readSync(stream.hostFd as number, buffer, offset, length, position));
    },
    write(stream: HostStream, buffer: Int8Array, offset: number, length: number, position: number) {
      if (length === 0) return 0;
      return wrap(() => fs.writeSync(stream.hostFd as number, buffer, offset, length, position));
    },
    llseek(stream: HostStream, offset: number, whence: number) {
      let position = offset;
      if (whence === SEEK_CUR) position += stream.position;
      else if (whence === SEEK_END && FS.isFile(stream.node.mode)) {
        position += wrap(() => fs.fstatSync(stream.hostFd as number)).size;
      }
      if (position < 0) throw new FS.ErrnoError(EMSCRIPTEN_ERRNO.EINVAL);
      return position;
    },
  };
  const hostFsType = {
    mount: () => createNode(null, "/", "/", wrap(() => fs.statSync("/")).mode),
  };
  FS.mkdir(HOST_MOUNT_POINT);
  FS.mount(hostFsType, {}, HOST_MOUNT_POINT);
  return {
    remount() {
      FS.unmount(HOST_MOUNT_POINT);
      FS.mount(hostFsType, {}, HOST_MOUNT_POINT);
    },
  };
}
