/**
 * A throwaway PostgreSQL cluster with PostGIS for tests that need GEOS's and PostGIS's own
 * verdicts: created with `initdb` in a temporary folder, listening on a Unix socket in that
 * folder only (no TCP port, `trust` authentication behind a folder only its owner can enter),
 * stopped and removed by `stop()`, and by a process exit hook should a run end without it.
 *
 * PostgreSQL refuses to run as root: run as root (a CI container), the server runs as the
 * `postgres` user the Debian package creates, and the clients (psql, ogr2ogr) as root.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PostGis {
  /** Runs SQL (several statements allowed) and returns the rows of the last one, columns split. */
  query(sql: string): string[][];
  /** `ogr2ogr` loads `file` into `table` (replacing it). */
  ogr2ogr(file: string, table: string): void;
  /** Versions, for the record: PostgreSQL, PostGIS, GEOS, GDAL. */
  versions: string;
  stop(): void;
}

const SUPERUSER = 'frontline';

/** The PostgreSQL server binaries and the GDAL tools, or why they cannot be used. */
export function findPostGis(): { bin: string } | { missing: string } {
  const override = process.env.FRONTLINE_PG_BIN;
  const candidates = override ? [override] : versionedBins();
  const bin = candidates.find((d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')) && existsSync(path.join(d, 'psql')));
  if (!bin)
    return {
      missing: `no PostgreSQL server binaries (looked for initdb in ${override ?? '/usr/lib/postgresql/*/bin'}; Debian: apt-get install postgresql-15-postgis-3)`,
    };
  const version = path.basename(path.dirname(bin));
  const control = override ? null : `/usr/share/postgresql/${version}/extension/postgis.control`;
  if (control && !existsSync(control))
    return { missing: `PostgreSQL ${version} has no PostGIS (${control} is missing; Debian: apt-get install postgresql-${version}-postgis-3)` };
  for (const tool of ['ogr2ogr', 'ogrinfo']) {
    if (spawnSync(tool, ['--version']).status !== 0) return { missing: `no ${tool} (GDAL's command-line tools; Debian: apt-get install gdal-bin)` };
  }
  if (process.getuid?.() === 0 && !userIds('postgres')) return { missing: 'running as root with no "postgres" user to run the server as' };
  return { bin };
}

function versionedBins(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

function userIds(name: string): { uid: number; gid: number } | null {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' }),
    gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.status !== 0)
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${r.error?.message ?? `status ${r.status}`}):\n${String(r.stderr).slice(0, 4000)}`);
  return String(r.stdout);
}

/**
 * Starts a cluster and creates the PostGIS extension. The folder goes in
 * `FRONTLINE_PG_TMPDIR` (which `.ci/run` sets, and clears whatever happens) or the system's
 * temporary folder. On any failure on the way, what was started is stopped and removed.
 */
export function startPostGis(bin: string): PostGis {
  const parent = process.env.FRONTLINE_PG_TMPDIR ?? os.tmpdir();
  const dir = mkdtempSync(path.join(parent, 'frontline-pg-'));
  const data = path.join(dir, 'data');
  const owner = process.getuid?.() === 0 ? userIds('postgres') : null;
  const asServer: SpawnSyncOptions = owner ? { uid: owner.uid, gid: owner.gid, cwd: dir, env: { ...process.env, HOME: dir } } : { cwd: dir };
  if (owner) chownSync(dir, owner.uid, owner.gid);
  let started = false;
  const stop = (): void => {
    process.removeListener('exit', stop);
    if (started) {
      started = false;
      const r = spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...asServer, encoding: 'utf8' });
      if (r.status !== 0) {
        // pg_ctl could not do it: the postmaster's pid is the first line of postmaster.pid.
        try {
          process.kill(Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGQUIT');
        } catch {}
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], asServer);
    // -k: the socket goes in the folder; listen_addresses='': no TCP at all. Durability is of no
    // use to a cluster thrown away after the run.
    const settings = `-k '${dir}' -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    started = true;
    run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', '-o', settings, 'start'], asServer);
    const psql = (sql: string): string =>
      run(path.join(bin, 'psql'), ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-U', SUPERUSER, '-d', 'postgres', '-f', '-'], {
        input: sql,
      });
    psql('CREATE EXTENSION postgis;');
    const connection = `PG:host=${dir} dbname=postgres user=${SUPERUSER}`;
    const query = (sql: string): string[][] =>
      psql(sql)
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    const versions = `${query('SELECT version()')[0]![0]!.split(',')[0]}; PostGIS ${query('SELECT postgis_full_version()')[0]![0]!
      .match(/POSTGIS="([^"]+)".*GEOS="([^"]+)"/)!
      .slice(1)
      .join(', GEOS ')}; ${run('ogr2ogr', ['--version']).trim()}`;
    return {
      query,
      ogr2ogr: (file, table) =>
        run('ogr2ogr', [
          '-f',
          'PostgreSQL',
          connection,
          file,
          '-nln',
          table,
          '-overwrite',
          '-lco',
          'GEOMETRY_NAME=geom',
          '-lco',
          'SPATIAL_INDEX=NONE',
          '-lco',
          'LAUNDER=NO',
        ]),
      versions,
      stop,
    } as PostGis;
  } catch (error) {
    const log = path.join(dir, 'server.log');
    const tail = existsSync(log) ? `\nserver log:\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`${(error as Error).message}${tail}`);
  }
}
