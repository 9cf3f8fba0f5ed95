/**
 * 下载我的数据: everything the platform holds about a person, as one machine-readable JSON
 * archive with a readable summary (GDPR art. 15/20, PIPL art. 45): the account, the
 * enterprises they act for, the registry records about them, their cases (with the forms
 * as filed), their consents, the reads of their data by others, their messages and the
 * service ratings (好差评) they gave.
 * The download itself is audited (who took a copy of a person's data, and when).
 */
import { command } from '../../platform/context.ts';
import type { Platform } from '../../platform/context.ts';
import { principalActor, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { RightsDeps } from './rights.context.ts';
import { policy } from './rights.policy.ts';
import type { PersonalDataExportT } from './rights.schemas.ts';

/** More than any person files; the archive says when it stopped short. */
const MAX_CASES = 1000;
const MAX_MESSAGES = 2000;
const PAGE = 200;

export class PersonalExport {
  private readonly p: Platform<EventMap>;
  private readonly deps: RightsDeps;

  constructor(p: Platform<EventMap>, deps: RightsDeps) {
    this.p = p;
    this.deps = deps;
  }

  async export(p: Principal | null, origin: RequestOrigin): Promise<PersonalDataExportT> {
    // The person's own archive, whoever they act for in this session.
    const principal: Principal = { ...policy.self(p), actingAs: null };
    const d = this.deps;
    const [facts, values, enterprises, records, consents, accessLog, ratings] = await Promise.all([
      d.identity.identityFacts(principal.accountId),
      d.identity.valuesOf(principal),
      d.identity.myEnterprises(principal),
      d.exchange.subjectData.allOwnRecords(principal),
      d.exchange.service.consentsOf(principal),
      d.exchange.subjectData.accessLogOf(principal),
      d.supervision.mine(principal),
    ]);
    const cases = await this.cases(principal, origin);
    const messages = await this.messages(principal);
    const generatedAt = this.p.clock.now();
    await command(this.p, principalActor(principal, origin), async (w) => {
      await w.audit({
        action: 'rights.export.downloaded',
        resourceType: 'account',
        resourceId: principal.accountId,
        detail: { records: records.length, cases: cases.length },
      });
    });
    const archive: Omit<PersonalDataExportT, 'summary'> = {
      format: 'yiwang.personal-data-export',
      formatVersion: 1,
      generatedAt: generatedAt.toISOString(),
      account: {
        accountId: principal.accountId,
        name: values['person.name'] ?? principal.displayName,
        idNumber: values['person.idNumber'] ?? null,
        phone: values['person.phone'] ?? null,
        birthDate: values['person.birthDate'] ?? null,
        gender: values['person.gender'] ?? null,
        regionCode: facts?.regionCode ?? null,
        assuranceLevel: facts?.assuranceLevel ?? principal.assuranceLevel,
      },
      enterprises: enterprises.map((e) => ({
        enterpriseId: e.enterpriseId,
        name: e.name,
        uscc: e.uscc,
        relation: e.relation,
      })),
      registryRecords: records,
      cases,
      consents: consents.items.map((c) => ({
        id: c.id,
        itemCode: c.itemCode,
        purpose: c.purpose,
        fields: c.fields,
        version: c.version,
        givenAt: c.givenAt,
        withdrawnAt: c.withdrawnAt,
      })),
      accessLog,
      messages,
      ratings,
    };
    return { ...archive, summary: summaryOf(archive) };
  }

  private async cases(principal: Principal, origin: RequestOrigin) {
    const out: PersonalDataExportT['cases'] = [];
    for (let page = 1; out.length < MAX_CASES; page++) {
      const list = await this.deps.applications.list(principal, { page, pageSize: PAGE });
      for (const c of list.items) {
        const v = await this.deps.applications.get(principal, c.id, origin);
        out.push({
          id: v.id,
          caseNumber: v.caseNumber,
          title: v.title,
          department: v.departmentName,
          status: v.status,
          submittedAt: v.submittedAt,
          closedAt: v.closedAt,
          form: v.form,
          materials: v.materials.map((m) => ({ code: m.code, name: m.name, fileName: m.fileName, sha256: m.sha256 })),
          history: v.history.map((h) => ({ at: h.at, action: h.actionName, by: h.actorName, comment: h.comment })),
        });
      }
      if (list.items.length < PAGE || page * PAGE >= list.total) break;
    }
    return out;
  }

  private async messages(principal: Principal) {
    const out: PersonalDataExportT['messages'] = [];
    for (let page = 1; out.length < MAX_MESSAGES; page++) {
      const list = await this.deps.notify.list(principal, { page, pageSize: PAGE });
      out.push(...list.items);
      if (list.items.length < PAGE || page * PAGE >= list.total) break;
    }
    return out;
  }
}

/** The archive in words: one line per part, in both languages. */
export function summaryOf(a: Omit<PersonalDataExportT, 'summary'>): PersonalDataExportT['summary'] {
  const registries = [...new Set(a.registryRecords.map((r) => r.registryName.zh))];
  const registriesEn = [...new Set(a.registryRecords.map((r) => r.registryName.en))];
  const reads = a.accessLog.filter((e) => e.outcome === 'read').length;
  const activeConsents = a.consents.filter((c) => c.withdrawnAt === null).length;
  return {
    zh: [
      `这是一网平台于 ${a.generatedAt} 为 ${a.account.name} 生成的个人数据副本（JSON 格式，可用任何文本编辑器或程序读取）。`,
      `账户：姓名、公民身份号码、手机号码、实名认证等级（account）。`,
      `企业：您可以代表的企业 ${a.enterprises.length} 家（enterprises）。`,
      `部门登记的数据：${a.registryRecords.length} 条记录${registries.length ? `，来自${registries.join('、')}` : ''}（registryRecords）。如有错误，可在“申请更正”中提出。`,
      `办件：${a.cases.length} 件，含填报内容、材料摘要和办理过程（cases）。`,
      `授权：${a.consents.length} 项，其中有效 ${activeConsents} 项（consents）。`,
      `谁查了我的数据：${a.accessLog.length} 条记录，其中读取 ${reads} 次、被拒绝 ${a.accessLog.length - reads} 次（accessLog）。`,
      `消息：${a.messages.length} 条（messages）。`,
      `服务评价：您作出的评价和整改回访评价 ${a.ratings.length} 条（ratings）。`,
    ],
    en: [
      `A copy of the personal data Yiwang holds about ${a.account.name}, made at ${a.generatedAt} (JSON: any text editor or program reads it).`,
      `Account: name, citizen ID number, mobile phone, real-name assurance level (account).`,
      `Enterprises: ${a.enterprises.length} you may act for (enterprises).`,
      `Data departments keep: ${a.registryRecords.length} records${registriesEn.length ? ` from ${registriesEn.join(', ')}` : ''} (registryRecords). Ask for a correction of anything wrong under 申请更正.`,
      `Cases: ${a.cases.length}, with the forms as filed, the materials' digests and every step (cases).`,
      `Consents: ${a.consents.length}, ${activeConsents} in force (consents).`,
      `Who read my data: ${a.accessLog.length} entries, ${reads} reads and ${a.accessLog.length - reads} refused (accessLog).`,
      `Messages: ${a.messages.length} (messages).`,
      `Service ratings: ${a.ratings.length} you gave, with call-back ratings of fixes (ratings).`,
    ],
  };
}
