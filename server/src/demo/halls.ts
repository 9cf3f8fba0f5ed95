/**
 * The demo city's service halls (synthetic): the city's 政务服务中心 with a 综合窗口 and
 * department windows, and two community 便民服务中心. Loaded through halls' public interface.
 */
import type { HallSeed } from '../modules/halls/index.ts';
import { DEMO_CITY_CODE } from './city.ts';
import { DEMO_ITEMS } from './items.ts';

const itemsOf = (dept: string, limit = 6): string[] =>
  DEMO_ITEMS.filter((i) => i.departmentCode === dept && i.level === 'main')
    .slice(0, limit)
    .map((i) => i.handlingItemCode);

const WEEKDAYS: [string, string][] = [
  ['09:00', '12:00'],
  ['13:30', '17:00'],
];
/** Sunday first. */
const weekdayHours = (): [string, string][][] => [[], WEEKDAYS, WEEKDAYS, WEEKDAYS, WEEKDAYS, WEEKDAYS, []];

const comprehensive = (number: number) => ({
  number,
  name: { zh: `${number}号综合窗口`, en: `Window ${number} (all services)` },
  departmentCode: 'ASB',
  comprehensive: true,
  // It handles every item; these are the ones it lists (and that can be booked for it).
  itemCodes: [...itemsOf('ASB'), ...itemsOf('PSB'), ...itemsOf('HRSS', 3), ...itemsOf('HSA', 3)],
});

export const DEMO_HALLS: readonly HallSeed[] = [
  {
    code: 'city-centre',
    regionCode: DEMO_CITY_CODE,
    name: { zh: '龙港市政务服务中心', en: 'Longgang Government Service Centre' },
    address: { zh: '龙港市世纪大道 888 号', en: '888 Shiji Avenue, Longgang' },
    lat: 27.5783,
    lng: 120.5532,
    hours: weekdayHours(),
    slotMinutes: 30,
    perWindowCapacity: 4,
    callToleranceMinutes: 15,
    noShowAfterRecalls: 2,
    windows: [
      comprehensive(1),
      comprehensive(2),
      {
        number: 3,
        name: { zh: '3号公安窗口', en: 'Window 3 (public security)' },
        departmentCode: 'PSB',
        comprehensive: false,
        itemCodes: itemsOf('PSB'),
      },
      {
        number: 4,
        name: { zh: '4号人社窗口', en: 'Window 4 (human resources and social security)' },
        departmentCode: 'HRSS',
        comprehensive: false,
        itemCodes: itemsOf('HRSS'),
      },
      {
        number: 5,
        name: { zh: '5号医保窗口', en: 'Window 5 (medical insurance)' },
        departmentCode: 'HSA',
        comprehensive: false,
        itemCodes: itemsOf('HSA'),
      },
    ],
  },
  {
    code: 'longjiang',
    regionCode: DEMO_CITY_CODE,
    name: { zh: '龙江社区便民服务中心', en: 'Longjiang Community Service Centre' },
    address: { zh: '龙港市龙江路 16 号', en: '16 Longjiang Road, Longgang' },
    lat: 27.5861,
    lng: 120.5624,
    hours: weekdayHours(),
    slotMinutes: 30,
    perWindowCapacity: 3,
    callToleranceMinutes: 15,
    noShowAfterRecalls: 2,
    windows: [
      comprehensive(1),
      {
        number: 2,
        name: { zh: '2号社保医保窗口', en: 'Window 2 (social security and medical insurance)' },
        departmentCode: 'HRSS',
        comprehensive: false,
        itemCodes: [...itemsOf('HRSS', 3), ...itemsOf('HSA', 3)],
      },
    ],
  },
  {
    code: 'xiangyang',
    regionCode: DEMO_CITY_CODE,
    name: { zh: '湘阳社区便民服务中心', en: 'Xiangyang Community Service Centre' },
    address: { zh: '龙港市湘阳路 201 号', en: '201 Xiangyang Road, Longgang' },
    lat: 27.5702,
    lng: 120.5438,
    hours: weekdayHours(),
    slotMinutes: 30,
    perWindowCapacity: 2,
    callToleranceMinutes: 15,
    noShowAfterRecalls: 2,
    windows: [comprehensive(1)],
  },
  {
    // A 24-hour self-service area (24小时自助服务区) with a staffed desk: open every day, holidays too.
    code: 'self-service',
    regionCode: DEMO_CITY_CODE,
    name: { zh: '24小时政务自助服务区', en: '24-hour self-service area' },
    address: { zh: '龙港市世纪大道 888 号一楼东侧', en: '888 Shiji Avenue, ground floor east, Longgang' },
    lat: 27.5785,
    lng: 120.5536,
    hours: Array.from({ length: 7 }, (): [string, string][] => [['00:00', '23:59']]),
    slotMinutes: 30,
    perWindowCapacity: 4,
    callToleranceMinutes: 30,
    noShowAfterRecalls: 2,
    openOnHolidays: true,
    windows: [comprehensive(1), comprehensive(2)],
  },
];
