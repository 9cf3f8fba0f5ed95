/**
 * Issuance (发证): when a case is completed for an item whose result is a certificate, the
 * issuing department signs it as a W3C Verifiable Credential 2.0 secured as a JWT
 * (VC-JOSE-COSE: header `typ: vc+jwt`, the claims set is the credential, no `vc` claim), with
 * a BitstringStatusListEntry for revocation and one for suspension; registers it in the
 * exchange's `documents` registry (shared evidence for later applications); audited, and
 * announced for the transparency log. Driven by `applications.case.changed` (at least once):
 * one certificate per case and item.
 */
import { createHash } from 'node:crypto';
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { makeUscc } from '../../platform/id-numbers.ts';
import type { DomainEvent } from '../../platform/outbox.ts';
import { PII } from '../../platform/pii.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import { registryOf } from '../exchange/index.ts';
import { certificateNumber, certificateTypeCode } from './certificate-number.ts';
import { certificateTypeOf, type CertificateType } from './certificate-types.ts';
import { didOf, inTx, statusListUrl, STATUS_PURPOSES, type Context } from './credentials.context.ts';
import { CERTIFICATE_ISSUED } from './credentials.events.ts';
import { applicantHolder, newbornHolder, type Holder } from './credentials.holders.ts';
import type { IssuerKeys } from './credentials.keys.ts';
import * as repo from './credentials.repository.ts';
import { compactJws } from './signer.ts';
import { positionOf } from './status-list.ts';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** ISO 8601 to the second (what validFrom / validUntil carry). */
export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class Issuance {
  private readonly c: Context;
  private readonly keys: IssuerKeys;

  constructor(context: Context, keys: IssuerKeys) {
    this.c = context;
    this.keys = keys;
  }

  async onCaseChanged(e: DomainEvent<CaseChangedPayload>): Promise<void> {
    const ev = e.payload;
    if (ev.action !== 'complete' || ev.status !== 'completed' || ev.branch || !ev.items) return;
    for (const ref of ev.items) {
      const item = await this.c.deps.catalog.resolveItem(ref.code, ref.version);
      if (!item || item.data.result.type !== 'certificate') continue;
      if (await repo.certificateOfCase(this.c.db, ev.caseId, ref.code)) continue;
      const type = certificateTypeOf(item.data.result.name.zh);
      const holder =
        type.recordType === 'birth_certificate' ? await newbornHolder(this.c, ev) : await applicantHolder(this.c, ev);
      if (!holder) {
        this.c.p.log.warn({ caseId: ev.caseId }, 'no holder facts for the certificate; not issued');
        continue;
      }
      await this.issue(ev, { code: ref.code, data: item.data }, type, holder);
    }
  }

  private async issue(
    ev: CaseChangedPayload,
    item: { code: string; data: { departmentCode: string; result: { name: { zh: string; en: string } } } },
    type: CertificateType,
    holder: Holder,
  ): Promise<void> {
    const dept = item.data.departmentCode;
    const facts = await this.c.deps.org.departmentFacts(dept);
    const issuerUscc = facts?.uscc ?? fallbackUscc(ev.regionCode, dept);
    // The demo city defines its own certificate types: their codes are under the issuer's USCC.
    const typeCode = type.code ?? certificateTypeCode(issuerUscc, type.no);
    const signer = await this.keys.signerOf(dept);
    const did = didOf(this.c.base, dept);
    await command(this.c.p, systemActor(), async (w) => {
      const db = inTx(w);
      if (await repo.certificateOfCase(db, ev.caseId, item.code)) return;
      const seq = await repo.nextStatusSeq(db, dept);
      const index = positionOf(seq);
      const id = uuidv7(w.now.getTime());
      const number = certificateNumber(typeCode, issuerUscc, seq + 1);
      const validUntil = type.validYears ? addYears(w.now, type.validYears) : null;
      const credential = {
        '@context': [VC_CONTEXT],
        id: `urn:uuid:${id}`,
        type: ['VerifiableCredential', 'ElectronicCertificate'],
        issuer: { id: did, name: facts?.zh ?? dept },
        name: item.data.result.name.zh,
        validFrom: isoSeconds(w.now),
        ...(validUntil ? { validUntil: isoSeconds(validUntil) } : {}),
        credentialSubject: {
          ...holder.claims,
          certificate: {
            number,
            typeCode,
            title: item.data.result.name.zh,
            titleEn: item.data.result.name.en,
            issuerUscc,
            caseNumber: ev.caseNumber,
          },
        },
        credentialStatus: STATUS_PURPOSES.map((purpose) => {
          const url = statusListUrl(this.c.base, dept, purpose);
          return {
            id: `${url}#${index}`,
            type: 'BitstringStatusListEntry',
            statusPurpose: purpose,
            statusListIndex: String(index),
            statusListCredential: url,
          };
        }),
      };
      const jwt = compactJws(signer, { typ: 'vc+jwt' }, credential);
      const subjectValue = 'idNumber' in holder.subject ? holder.subject.idNumber : holder.subject.uscc;
      const pr = this.c.p.protector;
      await repo.insertCertificate(db, {
        id,
        number,
        department_code: dept,
        type_code: typeCode,
        record_type: type.recordType,
        name_zh: item.data.result.name.zh,
        name_en: item.data.result.name.en,
        case_id: ev.caseId,
        case_number: ev.caseNumber,
        item_code: item.code,
        region_code: ev.regionCode,
        holder_kind: holder.kind,
        holder_account_id: ev.applicantAccountId,
        enterprise_id: ev.enterpriseId ?? null,
        holder_enc: pr.seal(subjectValue, PII.citizenId),
        holder_index: pr.blindIndex(subjectValue, PII.citizenId),
        holder_masked: holder.masked,
        kid: signer.kid,
        status_index: index,
        jwt,
        issued_at: w.now,
        valid_until: validUntil,
        revoked_at: null,
        suspended_at: null,
      });
      if (holder.coHolders.length > 0)
        await repo.insertHolders(
          db,
          holder.coHolders.map((h) => ({
            certificate_id: id,
            role: h.role,
            holder_enc: pr.seal(h.idNumber, PII.citizenId),
            holder_index: pr.blindIndex(h.idNumber, PII.citizenId),
          })),
        );
      for (const subject of holder.registeredUnder)
        await this.c.deps.registerDocument(
          w.tx,
          {
            registry: 'documents',
            recordType: type.recordType,
            subject,
            version: registryOf('documents')?.version ?? 1,
            values: {
              documentType: type.recordType,
              number,
              holderName: holder.name,
              issuedBy: facts?.zh ?? dept,
              issuedOn: isoSeconds(w.now).slice(0, 10),
              validUntil: validUntil ? isoSeconds(validUntil).slice(0, 10) : null,
            },
            issuedAt: w.now,
          },
          w.now,
        );
      // The issuing department's own registry keeps the authentic record too, so evidence is
      // read from the source (a later 出生登记 takes it from 出生医学证明信息库).
      const authentic = holder.authentic;
      if (authentic)
        for (const subject of holder.registeredUnder)
          await this.c.deps.registerDocument(
            w.tx,
            {
              registry: authentic.registry,
              recordType: authentic.recordType,
              subject,
              version: registryOf(authentic.registry)?.version ?? 1,
              values: { ...authentic.values, certificateNumber: number },
              issuedAt: w.now,
            },
            w.now,
          );
      const digest = createHash('sha256').update(jwt).digest('hex');
      await w.audit({
        action: 'credentials.certificate.issued',
        resourceType: 'certificate',
        resourceId: id,
        regionCode: ev.regionCode,
        change: { jwt },
        detail: { number, departmentCode: dept, caseNumber: ev.caseNumber, kid: signer.kid, digest },
      });
      await w.emit(
        CERTIFICATE_ISSUED,
        { certificateId: id, number, departmentCode: dept, caseId: ev.caseId, digest, action: 'issue' },
        ev.regionCode,
      );
    });
  }
}

function addYears(d: Date, years: number): Date {
  const out = new Date(d);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** A department without a recorded USCC: a stable government-body code from its region and department code. */
function fallbackUscc(regionCode: string, dept: string): string {
  const body = dept.padEnd(8, '0').slice(0, 8);
  return makeUscc('1', '1', regionCode.slice(0, 6).padEnd(6, '0'), body);
}
