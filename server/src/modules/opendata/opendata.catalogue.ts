/**
 * The catalogue (数据目录): datasets and their metadata, releases (versions with a changelog and
 * the de-identification report) and their files. Publishing parts (the pipelines) call
 * `saveDataset` and `publishRelease` with a `Publisher`; readers call the rest. See /OPENDATA.md.
 */
import type { Readable } from 'node:stream';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { command } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { scoped } from '../../platform/db.ts';
import type { OpendataTables } from './opendata.tables.ts';
import type { OpendataContext } from './opendata.context.ts';
import { policy, type Publisher } from './opendata.policy.ts';
import * as repo from './opendata.repository.ts';
import type { DatasetInput, DatasetView, ReleaseInput, ReleaseView, ResourceView } from './opendata.types.ts';
import { datasetView, releaseView, resourceView, searchText } from './opendata.views.ts';
import { FORMATS, LICENCES, THEMES } from './opendata.vocabulary.ts';
import { actorOf, publishRelease } from './opendata.publish.ts';
import { search } from './opendata.search.ts';
import { reinstateDataset, withdrawDataset } from './opendata.withdraw.ts';

const NAME_RE = /^[a-z0-9_-]{2,100}$/;

export class Catalogue {
  readonly c: OpendataContext;
  constructor(c: OpendataContext) {
    this.c = c;
  }

  /** The department as a CKAN organisation (made on its first dataset). */
  async #organisation(code: string): Promise<repo.OrganisationRow> {
    const known = await repo.organisation(this.c.db, code);
    if (known) return known;
    const dept = (await this.c.deps.departments()).find((d) => d.code === code);
    if (!dept) throw new AppError(422, 'DATASET_DEPARTMENT_UNKNOWN', `No department ${code}`);
    const row: repo.OrganisationRow = {
      code,
      name: code
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, '-')
        .padEnd(2, '-'),
      title: dept.name,
      title_en: dept.nameEn,
      description: `${dept.name}公开的数据`,
      created_at: this.c.p.clock.now(),
    };
    await this.c.db
      .insertInto('opendata.organisations')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
    return (await repo.organisation(this.c.db, code))!;
  }

  /**
   * Create a dataset, or update the metadata of the one with this name (idempotent). A new
   * dataset is a draft until its first release. The department's data officer, or its pipeline.
   */
  async saveDataset(by: Publisher, input: DatasetInput): Promise<DatasetView> {
    policy.publish(by, input.departmentCode);
    if (!NAME_RE.test(input.name))
      throw new AppError(400, 'VALIDATION_FAILED', 'The dataset name must match [a-z0-9_-]{2,100}', {
        details: [{ path: '/name', code: 'PATTERN', message: '^[a-z0-9_-]{2,100}$' }],
      });
    const unknownTheme = input.themes.find((t) => !THEMES.some((x) => x.name === t));
    if (unknownTheme) throw new AppError(422, 'DATASET_THEME_UNKNOWN', `Unknown theme ${unknownTheme}`);
    if (!LICENCES.some((l) => l.id === input.licenceId))
      throw new AppError(422, 'DATASET_LICENCE_UNKNOWN', `Unknown licence ${input.licenceId}`);
    const org = await this.#organisation(input.departmentCode);
    const id = await command(this.c.p, actorOf(by), async (w) => {
      const tx = scoped<OpendataTables>(w.tx);
      const existing = await repo.datasetByName(tx, input.name);
      if (existing && existing.organisation_code !== input.departmentCode)
        throw new AppError(409, 'DATASET_NAME_TAKEN', `The name ${input.name} belongs to another department`);
      const fields = {
        organisation_code: input.departmentCode,
        title: input.title,
        title_en: input.titleEn,
        notes: input.notes,
        notes_en: input.notesEn,
        licence_id: input.licenceId,
        themes: [...new Set(input.themes)],
        tags: [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))],
        update_frequency: input.updateFrequency,
        spatial_region_code: input.spatial.regionCode,
        spatial_bbox: input.spatial.bbox ? JSON.stringify(input.spatial.bbox) : null,
        contact_email: input.contactEmail,
        search_text: searchText({ ...input, organisationTitle: `${org.title} ${org.title_en}` }),
        modified_at: w.now,
      };
      let datasetId: string;
      if (existing) {
        datasetId = existing.id;
        await tx.updateTable('opendata.datasets').set(fields).where('id', '=', existing.id).execute();
      } else {
        datasetId = uuidv7(w.now.getTime());
        await tx
          .insertInto('opendata.datasets')
          .values({
            ...fields,
            id: datasetId,
            name: input.name,
            temporal_start: input.temporal.start,
            temporal_end: input.temporal.end,
            state: 'draft',
            version: null,
            formats: input.liveApi ? ['API'] : [],
            created_at: w.now,
            released_at: null,
          })
          .execute();
      }
      if (input.liveApi) {
        const live = await tx
          .selectFrom('opendata.resources')
          .select('id')
          .where('dataset_id', '=', datasetId)
          .where('format', '=', 'API')
          .executeTakeFirst();
        if (!live)
          await tx
            .insertInto('opendata.resources')
            .values({
              id: uuidv7(w.now.getTime()),
              dataset_id: datasetId,
              version_id: null,
              position: 1000,
              name: `${input.title}（实时接口）`,
              name_en: `${input.titleEn} (live API)`,
              description: '最新版本数据的分页查询接口，需要 API 密钥',
              format: 'API',
              media_type: FORMATS.API.mediaType,
              blob_key: null,
              size: null,
              sha256: null,
              columns: '[]',
              row_count: null,
              created_at: w.now,
            })
            .execute();
      }
      await w.audit({
        action: existing ? 'opendata.dataset.updated' : 'opendata.dataset.created',
        resourceType: 'opendata.dataset',
        resourceId: datasetId,
        regionCode: this.c.deps.regionCode,
        detail: { name: input.name, department: input.departmentCode },
      });
      await w.emit('opendata.dataset.changed', { datasetId, datasetName: input.name });
      return datasetId;
    });
    return this.#view((await repo.datasetById(this.c.db, id))!);
  }

  async #view(row: repo.DatasetRow): Promise<DatasetView> {
    const org = (await repo.organisation(this.c.db, row.organisation_code))!;
    return datasetView(row, org, await repo.currentResources(this.c.db, [row.id]));
  }

  /** A dataset by id or name: active ones for anyone, drafts for the department's data officer. */
  async #visible(p: Principal | null, idOrName: string): Promise<repo.DatasetRow> {
    const row = /^[0-9a-f-]{36}$/.test(idOrName)
      ? await repo.datasetById(this.c.db, idOrName)
      : await repo.datasetByName(this.c.db, idOrName);
    if (!row || (row.state !== 'active' && !policy.seesDrafts(p, row.organisation_code)))
      throw notFound('DATASET_NOT_FOUND', 'No such dataset');
    return row;
  }

  /** The portal's search: CKAN's search with the facets titled in both languages. */
  async portalSearch(
    p: Principal | null,
    q: {
      q?: string;
      organization?: string;
      groups?: string;
      tags?: string;
      res_format?: string;
      sort?: string;
      page?: number;
      pageSize?: number;
    },
  ) {
    const quote = (v: string) => `"${v.replace(/["\\]/g, (x) => `\\${x}`)}"`;
    const fq = (['organization', 'groups', 'tags', 'res_format'] as const)
      .filter((f) => q[f])
      .map((f) => `${f}:${quote(q[f]!)}`)
      .join(' ');
    const pageSize = q.pageSize ?? 20;
    const found = await search(this.c, p, {
      q: q.q ?? '',
      fq,
      rows: pageSize,
      start: ((q.page ?? 1) - 1) * pageSize,
      sort:
        q.sort === 'name'
          ? 'name asc'
          : q.sort === 'modified'
            ? 'metadata_modified desc'
            : 'score desc, metadata_modified desc',
      facetFields: ['organization', 'groups', 'tags', 'res_format'],
      facetLimit: 30,
    });
    const orgs = new Map(found.organisations.map((o) => [o.name, o]));
    const titled = (f: 'organization' | 'groups' | 'tags' | 'res_format') =>
      (found.facets[f] ?? []).map((x) => {
        const theme = THEMES.find((t) => t.name === x.name);
        const org = orgs.get(x.name);
        const [title, titleEn] =
          f === 'organization' && org
            ? [org.title, org.title_en]
            : f === 'groups' && theme
              ? [theme.title, theme.titleEn]
              : [x.name, x.name];
        return { name: x.name, title, titleEn, count: x.count };
      });
    return {
      total: found.count,
      items: found.datasets,
      facets: {
        organization: titled('organization'),
        groups: titled('groups'),
        tags: titled('tags'),
        res_format: titled('res_format'),
      },
    };
  }

  /** Every active dataset (the DCAT export of the whole catalogue), by name. */
  async allActive(): Promise<DatasetView[]> {
    const rows = await this.c.db
      .selectFrom('opendata.datasets')
      .selectAll()
      .where('state', '=', 'active')
      .orderBy('name')
      .execute();
    const orgs = new Map((await repo.organisations(this.c.db)).map((o) => [o.code, o]));
    const resources = await repo.currentResources(
      this.c.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => datasetView(r, orgs.get(r.organisation_code)!, resources));
  }

  /** Publish a release of a dataset (opendata.publish.ts): the department's data officer, or its pipeline. */
  publishRelease(by: Publisher, datasetId: string, input: ReleaseInput): Promise<ReleaseView> {
    return publishRelease(this.c, by, datasetId, input);
  }

  async dataset(p: Principal | null, idOrName: string): Promise<DatasetView> {
    policy.read(p);
    return this.#view(await this.#visible(p, idOrName));
  }

  /** Withdraw a dataset from the public catalogue, with a reason (opendata.withdraw.ts): its department's data officer or admin. */
  async withdraw(p: Principal | null, idOrName: string, reason: string, origin: RequestOrigin): Promise<DatasetView> {
    const id = await withdrawDataset(this.c, p, idOrName, reason, origin);
    return this.#view((await repo.datasetById(this.c.db, id))!);
  }

  /** Put a withdrawn dataset back in the public catalogue, with a reason (opendata.withdraw.ts). */
  async reinstate(p: Principal | null, idOrName: string, reason: string, origin: RequestOrigin): Promise<DatasetView> {
    const id = await reinstateDataset(this.c, p, idOrName, reason, origin);
    return this.#view((await repo.datasetById(this.c.db, id))!);
  }

  /** Every dataset (draft, active, withdrawn) of the departments whose data officer or admin the principal is. */
  async departmentDatasets(p: Principal | null): Promise<DatasetView[]> {
    const departments = policy.officer(p).departments;
    const rows = await this.c.db
      .selectFrom('opendata.datasets')
      .selectAll()
      .where('organisation_code', 'in', departments)
      .orderBy('organisation_code')
      .orderBy('name')
      .execute();
    const orgs = new Map((await repo.organisations(this.c.db)).map((o) => [o.code, o]));
    const resources = await repo.currentResources(
      this.c.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => datasetView(r, orgs.get(r.organisation_code)!, resources));
  }

  /** The releases of a dataset, newest first, with the changelog and reports. */
  async releases(p: Principal | null, idOrName: string): Promise<ReleaseView[]> {
    policy.read(p);
    const row = await this.#visible(p, idOrName);
    const versions = await repo.versionsOf(this.c.db, row.id);
    const resources = await repo.resourcesOfVersions(
      this.c.db,
      versions.map((v) => v.id),
    );
    return versions.map((v) => releaseView(v, resources));
  }

  /** The latest release of a dataset (a pipeline compares its output schema with it), or null. */
  async latestRelease(by: Publisher, datasetId: string): Promise<ReleaseView | null> {
    const row = await repo.datasetById(this.c.db, datasetId);
    if (!row) throw notFound('DATASET_NOT_FOUND', 'No such dataset');
    policy.publish(by, row.organisation_code);
    const v = await repo.latestVersion(this.c.db, datasetId);
    return v ? releaseView(v, await repo.resourcesOfVersions(this.c.db, [v.id])) : null;
  }

  /** A resource of a visible dataset (of any of its releases). */
  async resource(p: Principal | null, id: string): Promise<ResourceView> {
    policy.read(p);
    const r = /^[0-9a-f-]{36}$/.test(id) ? await repo.resourceById(this.c.db, id) : undefined;
    if (!r) throw notFound('DATASET_RESOURCE_NOT_FOUND', 'No such resource');
    try {
      await this.#visible(p, r.dataset_id);
    } catch {
      throw notFound('DATASET_RESOURCE_NOT_FOUND', 'No such resource');
    }
    return resourceView(r);
  }

  /** A file's bytes, streamed from the blob store. */
  async openFile(
    p: Principal | null,
    id: string,
  ): Promise<{ stream: Readable; mediaType: string; size: number; fileName: string }> {
    const r = await this.resource(p, id);
    const row = (await repo.resourceById(this.c.db, id))!;
    if (!row.blob_key) throw notFound('DATASET_RESOURCE_NOT_FOUND', 'The resource is a live endpoint, not a file');
    const dataset = (await repo.datasetById(this.c.db, r.datasetId))!;
    const version = row.version_id
      ? (await repo.versionsOf(this.c.db, r.datasetId)).find((v) => v.id === row.version_id)
      : undefined;
    const ext = FORMATS[r.format].extension;
    return {
      stream: await this.c.deps.blobs.get(row.blob_key),
      mediaType: r.format === 'CSV' ? 'text/csv; charset=utf-8' : r.mediaType,
      size: r.size ?? 0,
      fileName: `${dataset.name}-${version?.version ?? 'latest'}-${row.position}.${ext}`.replace(/[^\w.-]/g, '_'),
    };
  }
}
