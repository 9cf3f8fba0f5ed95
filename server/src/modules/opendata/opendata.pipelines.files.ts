/**
 * A release's files, written while the de-identified rows stream out of the read-only snapshot:
 * CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese; RFC 4180 quoting),
 * JSON (an array of objects) and, for pipelines with coarsened coordinates, GeoJSON points.
 * They go to a temporary directory first, because the snapshot's transaction must end before
 * the catalogue's own transaction writes the release (PGlite has one connection); the catalogue
 * then streams them into the blob store, and they are deleted.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Row, Value } from './opendata.deid.ts';
import type { ColumnSpec, ReleaseFile } from './opendata.types.ts';

const csvCell = (v: Value): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function end(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

export interface WrittenFiles {
  files: (key: string, names: { title: string; titleEn: string }) => ReleaseFile[];
  rows: number;
  dispose: () => Promise<void>;
}

/** Write the rows to the files, one batch at a time; answers the files to hand to the catalogue. */
export async function writeReleaseFiles(
  rows: AsyncIterable<Row[]>,
  columns: ColumnSpec[],
  geo: { lat: string; lng: string } | undefined,
): Promise<WrittenFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'yiwang-release-'));
  const paths = { csv: join(dir, 'data.csv'), json: join(dir, 'data.json'), geojson: join(dir, 'data.geojson') };
  const csv = createWriteStream(paths.csv);
  const json = createWriteStream(paths.json);
  const geojson = geo ? createWriteStream(paths.geojson) : null;
  let count = 0;
  let points = 0;
  try {
    await write(csv, '\ufeff' + columns.map((c) => csvCell(c.name)).join(',') + '\r\n');
    await write(json, '[');
    if (geojson) await write(geojson, '{"type":"FeatureCollection","features":[');
    for await (const batch of rows) {
      let c = '';
      let j = '';
      let g = '';
      for (const row of batch) {
        c += columns.map((col) => csvCell(row[col.name] ?? null)).join(',') + '\r\n';
        const obj: Record<string, Value> = {};
        for (const col of columns) obj[col.name] = row[col.name] ?? null;
        j += (count === 0 ? '\n' : ',\n') + JSON.stringify(obj);
        count++;
        if (geo) {
          const lat = Number(row[geo.lat]);
          const lng = Number(row[geo.lng]);
          if (row[geo.lat] === null || row[geo.lng] === null || !Number.isFinite(lat) || !Number.isFinite(lng))
            continue;
          const properties: Record<string, Value> = { ...obj };
          delete properties[geo.lat];
          delete properties[geo.lng];
          g +=
            (points === 0 ? '\n' : ',\n') +
            JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties });
          points++;
        }
      }
      await write(csv, c);
      await write(json, j);
      if (geojson && g) await write(geojson, g);
    }
    await write(json, '\n]\n');
    if (geojson) await write(geojson, '\n]}\n');
  } finally {
    await Promise.all([end(csv), end(json), ...(geojson ? [end(geojson)] : [])]);
  }
  return {
    rows: count,
    files: (key, names) => [
      {
        name: `${names.title}.csv`,
        nameEn: `${names.titleEn}.csv`,
        description: `${key}: CSV`,
        format: 'CSV',
        content: createReadStream(paths.csv),
        columns,
        rowCount: count,
      },
      {
        name: `${names.title}.json`,
        nameEn: `${names.titleEn}.json`,
        description: `${key}: JSON`,
        format: 'JSON',
        content: createReadStream(paths.json),
        columns,
        rowCount: count,
      },
      ...(geo
        ? [
            {
              name: `${names.title}.geojson`,
              nameEn: `${names.titleEn}.geojson`,
              description: `${key}: GeoJSON`,
              format: 'GeoJSON' as const,
              content: createReadStream(paths.geojson),
              columns,
              rowCount: points,
            },
          ]
        : []),
    ],
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
