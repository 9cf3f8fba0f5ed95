/** What the data-subject rights use cases need from the other modules. */
import type { Principal } from '../../platform/auth.ts';
import type { ApplicationsService } from '../applications/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { TrackerEntryT } from '../exchange/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotifyService } from '../notify/index.ts';
import type { OrgService } from '../org/index.ts';
import type { OwnConsentT, OwnRecordT } from './rights.schemas.ts';

export interface RightsDeps {
  identity: Pick<IdentityService, 'identityFacts' | 'valuesOf' | 'myEnterprises'>;
  applications: Pick<ApplicationsService, 'list' | 'get'>;
  notify: Pick<NotifyService, 'list'>;
  catalog: Pick<CatalogService, 'search' | 'resolveItem'>;
  org: Pick<OrgService, 'departmentNames'>;
  exchange: {
    /** Every registry record about the person (their own data: no grant, no log). */
    ownRecords(principal: Principal): Promise<OwnRecordT[]>;
    /** The person's consents, withdrawn ones too. */
    consentsOf(principal: Principal): Promise<OwnConsentT[]>;
    /** Every read of the person's data by others that they may see now, newest first. */
    accessLogOf(principal: Principal): Promise<TrackerEntryT[]>;
  };
}
