/** rights' error codes (data-subject rights: the export, corrections): none of its own yet; it answers with the platform's. */
import { defineErrors } from '../../platform/errors.ts';

export const rightsErrors = defineErrors('rights', {});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    rights: typeof rightsErrors;
  }
}
