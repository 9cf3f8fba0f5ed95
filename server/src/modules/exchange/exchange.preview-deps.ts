/** What the preview before applying needs of other modules: the catalogue's items and bundles. */
import type { CatalogService } from '../catalog/index.ts';

export interface PreviewDeps {
  catalog: Pick<CatalogService, 'resolveItem' | 'resolveBundle'>;
}
