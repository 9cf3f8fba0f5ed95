/** rights' error codes: none of its own (it answers with the platform's and its dependencies'). */
import { defineErrors } from '../../platform/errors.ts';

export const rightsErrors = defineErrors('rights', {});
