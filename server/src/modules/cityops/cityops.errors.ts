/** cityops' error codes (一网统管). Other parts add `cityops.<part>.errors.ts`, merged in index.ts with one line. */
import { defineErrors } from '../../platform/errors.ts';
import { sensorsErrors } from './cityops.sensors.errors.ts';

export const cityopsErrors = defineErrors('cityops', {
  CITYOPS_EVENT_NOT_FOUND: { status: 404, zh: '没有该事件', en: 'No such event' },
  CITYOPS_CATEGORY_NOT_FOUND: { status: 422, zh: '没有该事件分类', en: 'No such event category' },
  CITYOPS_ANONYMOUS_NOT_ALLOWED: {
    status: 422,
    zh: '该类事件不能匿名上报',
    en: 'This category cannot be reported anonymously',
  },
  CITYOPS_PHOTO_INVALID: {
    status: 422,
    zh: '照片不是本人上传的图片',
    en: 'A photo is not an image you uploaded',
  },
  CITYOPS_LOCATION_REQUIRED: {
    status: 422,
    zh: '请在地图上选点或填写地址',
    en: 'Give a point on the map or an address',
  },
  CITYOPS_LOCATION_OUTSIDE: { status: 422, zh: '该位置不在本市范围内', en: 'The point is outside the city' },
  CITYOPS_PLACE_NOT_FOUND: { status: 422, zh: '没有该网格或部门', en: 'No such grid or department' },
  CITYOPS_STATUS_CONFLICT: {
    status: 409,
    zh: '事件当前状态不允许该操作',
    en: 'The event is not in a state that allows this',
  },
  CITYOPS_ALREADY_RATED: { status: 409, zh: '已经评价过', en: 'Already rated' },
  CITYOPS_REOPEN_EXPIRED: { status: 409, zh: '已超过7天重启期限', en: 'The 7 days to reopen have passed' },
  CITYOPS_MERGE_INVALID: {
    status: 422,
    zh: '只能合并到同类、未办结的另一事件',
    en: 'An event can be merged only into another open event of the same category',
  },
  ...sensorsErrors.codes, // sensors
});

declare module '../../platform/errors.ts' {
  interface ErrorCatalogues {
    cityops: typeof cityopsErrors;
  }
}
