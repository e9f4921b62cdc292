import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file could not be read, as {@link readRegularFile} reports it. */
export class UnreadableFile extends Error {
  constructor(
    readonly reason: string,
    readonly tooLarge: boolean,
    cause?: unknown,
  ) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'UnreadableFile';
  }
}

/**
 * The bytes of a regular file, at most `maxBytes` of them. Only regular files are read: a FIFO
 * would wait forever for a writer and a device such as /dev/zero never ends, so both are refused
 * (opened without blocking, then checked), and the cap counts the bytes actually read, not the
 * size the file system reports (0 for /proc files and devices).
 *
 * @throws UnreadableFile with the reason in words (not found, a directory, a FIFO, permission
 *   denied, over the cap), for the caller to wrap in its own error.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'ENXIO'
            ? 'is a socket or device with no reader, not a file'
            : (cause as Error).message;
    throw new UnreadableFile(why, false, cause);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      const kind = stats.isDirectory()
        ? 'a directory'
        : stats.isFIFO()
          ? 'a FIFO (named pipe)'
          : stats.isCharacterDevice()
            ? 'a character device'
            : stats.isBlockDevice()
              ? 'a block device'
              : stats.isSocket()
                ? 'a socket'
                : 'not a regular file';
      throw new UnreadableFile(`is ${kind}, not a regular file`, false);
    }
    if (stats.size > maxBytes) throw new UnreadableFile(`${formatMiB(stats.size)} is more than the ${formatMiB(maxBytes)} frontline reads`, true);
    // Read until the end, whatever the size said (files can grow, and some report 0).
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size + 1, 64 * 1024), maxBytes + 1));
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw new UnreadableFile((cause as Error).message, false, cause);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new UnreadableFile(`more than the ${formatMiB(maxBytes)} frontline reads`, true);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      if (n === chunk.length) chunk = Buffer.allocUnsafe(Math.min(chunk.length * 2, maxBytes + 1 - total));
      else chunk = chunk.subarray(n);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
