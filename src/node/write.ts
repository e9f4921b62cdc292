import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { FrontlineError } from '../errors.js';

/**
 * Every file frontline writes goes through here, so that every command keeps the same rules:
 *
 * - `-` and `/dev/stdout` are standard output; a destination that is a character device or a
 *   FIFO (`/dev/null`, a named pipe) is written into directly, as a shell redirection would;
 * - anything else is written to a temporary file created exclusively (`O_EXCL`, a random name)
 *   in the destination's folder, flushed to disk, then renamed over the destination: a reader
 *   sees the old file or the whole new one, never part of one, and a failed or killed run leaves
 *   the destination as it was;
 * - a symbolic link at the destination is not written through (it could point anywhere): unless
 *   it leads to a device or FIFO, the write is refused and says why;
 * - missing folders on the way to the destination are created;
 * - every failure (no space, no permission, a folder in the way) is `FILE_UNWRITABLE`, naming
 *   the file and the reason. Writing to standard output after its reader has gone (`| head`)
 *   throws {@link OutputClosed}, which the CLI ends on quietly.
 */

/** Standard output was closed by its reader (EPIPE): not an error of the input, nothing more to say. */
export class OutputClosed extends Error {
  constructor() {
    super('standard output was closed');
    this.name = 'OutputClosed';
  }
}

/** What a write did, for the one line a command prints about it. */
export interface Written {
  /** The destination as given. */
  file: string;
  bytes: number;
  /** Standard output, a device or a FIFO: written in place, not through a temporary file. */
  inPlace: boolean;
  /** Temporary files of killed runs (of frontline, to this destination) removed on the way. */
  staleRemoved: number;
}

/** An output being written piece by piece (a stream of features, say). */
export interface OutputFile {
  readonly file: string;
  write(chunk: string | Uint8Array): void;
  /** Finishes the file: flushed and renamed into place. */
  commit(): Written;
  /** Gives up: the temporary file is removed and the destination left as it was. */
  abandon(): void;
}

const STDOUT_NAMES = new Set(['-', '/dev/stdout']);

/** Writes a whole output at once (see the module comment for the rules). */
export function writeOutput(file: string, content: string | Uint8Array): Written {
  const out = openOutput(file);
  try {
    out.write(content);
  } catch (error) {
    out.abandon();
    throw error;
  }
  return out.commit();
}

/** Opens an output to write piece by piece; call `commit` at the end, or `abandon` on failure. */
export function openOutput(file: string): OutputFile {
  if (STDOUT_NAMES.has(file)) return inPlace(file, 1, false);
  const target = path.resolve(file);
  const existing = lstatOrNull(target, file);
  if (existing?.isSymbolicLink()) {
    const resolved = statOrNull(target);
    if (resolved && (resolved.isCharacterDevice() || resolved.isFIFO())) return inPlace(file, openForWriting(target, file), true);
    throw unwritable(file, 'it is a symbolic link, and frontline does not write through links (remove it, or give the path it points to)');
  }
  if (existing?.isCharacterDevice() || existing?.isFIFO()) return inPlace(file, openForWriting(target, file), true);
  if (existing?.isDirectory()) throw unwritable(file, 'it is a directory');
  if (existing && !existing.isFile()) throw unwritable(file, 'it is not a regular file');
  const dir = path.dirname(target);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw unwritable(file, `cannot create the folder ${dir}: ${reason(cause)}`, cause);
  }
  const staleRemoved = removeStaleTemporaries(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', existing ? existing.mode & 0o777 : 0o666);
  } catch (cause) {
    throw unwritable(file, reason(cause), cause);
  }
  let bytes = 0;
  let open = true;
  const abandon = (): void => {
    if (open) {
      open = false;
      try {
        closeSync(fd);
      } catch {}
    }
    rmSync(tmp, { force: true });
  };
  return {
    file,
    write(chunk) {
      try {
        bytes += writeAll(fd, chunk);
      } catch (cause) {
        abandon();
        throw unwritable(file, reason(cause), cause);
      }
    },
    commit() {
      try {
        fsyncSync(fd);
        closeSync(fd);
        open = false;
        renameSync(tmp, target);
      } catch (cause) {
        abandon();
        throw unwritable(file, reason(cause), cause);
      }
      return { file, bytes, inPlace: false, staleRemoved };
    },
    abandon,
  };
}

/** Standard output, or a device or FIFO opened for writing: written as it comes. */
function inPlace(file: string, fd: number, close: boolean): OutputFile {
  let bytes = 0;
  const done = (): void => {
    if (close) {
      try {
        closeSync(fd);
      } catch {}
    }
  };
  return {
    file,
    write(chunk) {
      try {
        bytes += writeAll(fd, chunk);
      } catch (cause) {
        done();
        if ((cause as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputClosed();
        throw unwritable(file, reason(cause), cause);
      }
    },
    commit() {
      done();
      return { file, bytes, inPlace: true, staleRemoved: 0 };
    },
    abandon: done,
  };
}

/** Writes all of a chunk, waiting out a non-blocking descriptor that is momentarily full. */
function writeAll(fd: number, chunk: string | Uint8Array): number {
  const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  return data.length;
}

/** Temporary files this module left beside `base` in runs that were killed (their process is gone). */
function removeStaleTemporaries(dir: string, base: string): number {
  const prefix = `.${base}.`;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (!match || alive(Number(match[1]))) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
      removed++;
    } catch {}
  }
  return removed;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function openForWriting(target: string, file: string): number {
  try {
    const fd = openSync(target, 'w');
    fstatSync(fd);
    return fd;
  } catch (cause) {
    throw unwritable(file, reason(cause), cause);
  }
}

function lstatOrNull(target: string, file: string): Stats | null {
  try {
    return lstatSync(target);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw unwritable(file, 'a file is in the way of the folder it should go in', cause);
    throw unwritable(file, reason(cause), cause);
  }
}

function statOrNull(target: string): Stats | null {
  try {
    return statSync(target);
  } catch {
    return null;
  }
}

function unwritable(file: string, why: string, cause?: unknown): FrontlineError {
  return new FrontlineError('FILE_UNWRITABLE', `${file}: cannot write: ${why}`, { where: file, cause });
}

function reason(cause: unknown): string {
  const error = cause as NodeJS.ErrnoException;
  switch (error?.code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a file is in the way of the folder it should go in';
    case 'EISDIR':
      return 'it is a directory';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return error?.message ?? String(cause);
  }
}

/** Whether a destination names standard output (`-` or `/dev/stdout`). */
export function isStandardOutput(file: string): boolean {
  return STDOUT_NAMES.has(file);
}
