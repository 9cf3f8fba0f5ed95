/** What the data-subject rights use cases need from the other modules. */
import type { ApplicationsService } from '../applications/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotifyService } from '../notify/index.ts';
import type { OrgService } from '../org/index.ts';
import type { SupervisionService } from '../supervision/index.ts';

export interface RightsDeps {
  identity: Pick<IdentityService, 'identityFacts' | 'valuesOf' | 'myEnterprises'>;
  applications: Pick<ApplicationsService, 'list' | 'get'>;
  notify: Pick<NotifyService, 'list'>;
  catalog: Pick<CatalogService, 'search' | 'resolveItem'>;
  org: Pick<OrgService, 'departmentNames'>;
  /** The service ratings (好差评) the person gave. */
  supervision: Pick<SupervisionService, 'mine'>;
  exchange: {
    service: Pick<ExchangeApi['service'], 'consentsOf'>;
    /** Every registry record about the person, and every read of their data they may see. */
    subjectData: Pick<ExchangeApi['subjectData'], 'allOwnRecords' | 'accessLogOf'>;
  };
}
