/** org's error codes (the platform's are in platform/platform.errors.ts). */
import { defineErrors } from '../../platform/errors.ts';

export const orgErrors = defineErrors('org', {
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '部门不存在', en: 'No such department' },
  COMMUNITY_NOT_FOUND: { status: 404, zh: '社区不存在', en: 'No such community' },
  POST_NOT_FOUND: { status: 404, zh: '岗位不存在', en: 'No such post' },
  GRID_NEEDS_COMMUNITY: { status: 400, zh: '请同时选择网格所在的社区', en: 'Give the community of the grid' },
  GRID_NOT_IN_COMMUNITY: { status: 400, zh: '该网格不在所选社区内', en: 'The grid is not in that community' },
  POST_NEEDS_PLACE: {
    status: 400,
    zh: '岗位须属于一个部门或社区',
    en: 'A post belongs to a department or a community',
  },
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    org: typeof orgErrors;
  }
}
