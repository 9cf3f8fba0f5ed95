/**
 * Where the anomaly flags learn about a decided case and about people, through the other
 * modules' interfaces (never their tables): applications' decision facts; identity's ID-number
 * index of the applicant and the enterprise's USCC; the population registry's (exchange roster)
 * registered address, as a keyed hash; inspections' declared relations. app.ts connects these
 * after every module is created (the anomaly part's one late dependency, like a fee gate).
 */
import type { DataProtector } from '../../platform/crypto.ts';
import { PII } from '../../platform/pii.ts';
import type { ApplicationsService, DecisionFacts } from '../applications/index.ts';
import type { RosterService } from '../exchange/exchange.roster.ts';
import type { IdentityService } from '../identity/index.ts';

export type { DecisionFacts } from '../applications/index.ts';

export interface AnomalySources {
  decisionFacts(caseId: string): Promise<DecisionFacts | null>;
  /** The applicant's relation keys: `id:` (ID number), `addr:` (registered address), `uscc:` (the enterprise). */
  applicantKeys(facts: DecisionFacts): Promise<string[]>;
  /** A person's keys from their ID number: `id:` and, when the registry has one, `addr:`. */
  personKeys(regionCode: string, idNumber: string): Promise<{ id: string; address: string | null }>;
  /** Relations declared in random inspections (inspector's account → enterprise USCC). */
  inspectorRelations(): Promise<{ accountId: string; uscc: string }[]>;
}

export const usccKey = (uscc: string) => `uscc:${uscc.toUpperCase()}`;

export function anomalySources(parts: {
  protector: DataProtector;
  applications: Pick<ApplicationsService, 'decisionFacts'>;
  identity: Pick<IdentityService, 'identityFacts' | 'enterprisesOfAccount'>;
  roster: Pick<RosterService, 'addressIndexOf'>;
  inspections: { declaredRelations(): Promise<{ accountId: string; uscc: string }[]> };
}): AnomalySources {
  const { protector, applications, identity, roster, inspections } = parts;
  return {
    decisionFacts: (caseId) => applications.decisionFacts(caseId),
    async applicantKeys(facts) {
      const keys: string[] = [];
      const person = await identity.identityFacts(facts.applicantAccountId);
      if (person) {
        keys.push(`id:${person.idNumberIndex}`);
        const address = await roster.addressIndexOf(facts.regionCode, person.idNumberIndexes);
        if (address) keys.push(`addr:${address}`);
      }
      if (facts.enterpriseId) {
        const mine = await identity.enterprisesOfAccount(facts.applicantAccountId);
        const e = mine.find((x) => x.id === facts.enterpriseId);
        if (e) keys.push(usccKey(e.uscc));
      }
      return keys;
    },
    async personKeys(regionCode, idNumber) {
      const n = idNumber.toUpperCase();
      const address = await roster.addressIndexOf(regionCode, protector.blindIndexes(n, PII.citizenId));
      return { id: `id:${protector.blindIndex(n, PII.citizenId)}`, address: address ? `addr:${address}` : null };
    },
    inspectorRelations: () => inspections.declaredRelations(),
  };
}
