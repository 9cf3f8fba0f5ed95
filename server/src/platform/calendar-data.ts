/**
 * China's public-holiday arrangements (全国年节及纪念日放假办法, as arranged each year by the
 * General Office of the State Council). Plain data: a city may add years, or local
 * arrangements, by passing its own `CalendarYear` objects to `WorkingCalendar`.
 *
 * `holidays` are rest days (including the weekend days inside a holiday span);
 * `workdays` are the make-up working Saturdays and Sundays (调休上班). Dates are
 * Asia/Shanghai calendar dates.
 */

export interface CalendarYear {
  year: number;
  /** `YYYY-MM-DD` rest days (法定节假日 and the days moved into them). */
  holidays: string[];
  /** `YYYY-MM-DD` make-up working days falling on a Saturday or Sunday (调休上班). */
  workdays: string[];
}

/**
 * 国务院办公厅关于2025年部分节假日安排的通知 (dated 2024-11-12; Xinhua text as reprinted at
 * https://m.gmw.cn/2024-11/12/content_1303894933.htm).
 */
export const CHINA_2025: CalendarYear = {
  year: 2025,
  holidays: [
    // 元旦: 1月1日（周三）放假, 共1天
    '2025-01-01',
    // 春节: 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休, 共8天
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    // 清明节: 4月4日（周五）至6日（周日）放假, 共3天
    '2025-04-04',
    '2025-04-05',
    '2025-04-06',
    // 劳动节: 5月1日（周四）至5日（周一）放假调休, 共5天
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    // 端午节: 5月31日（周六）至6月2日（周一）放假, 共3天
    '2025-05-31',
    '2025-06-01',
    '2025-06-02',
    // 国庆节、中秋节: 10月1日（周三）至8日（周三）放假调休, 共8天
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  workdays: [
    '2025-01-26', // 春节: 1月26日（周日）上班
    '2025-02-08', // 春节: 2月8日（周六）上班
    '2025-04-27', // 劳动节: 4月27日（周日）上班
    '2025-09-28', // 国庆节、中秋节: 9月28日（周日）上班
    '2025-10-11', // 国庆节、中秋节: 10月11日（周六）上班
  ],
};

/**
 * 国务院办公厅关于2026年部分节假日安排的通知 (dated 2025-11-04; Xinhua text as reprinted at
 * https://politics.gmw.cn/2025-11/04/content_38391083.htm and in 中山日报 of 2025-11-05).
 */
export const CHINA_2026: CalendarYear = {
  year: 2026,
  holidays: [
    // 元旦: 1月1日（周四）至3日（周六）放假调休, 共3天
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    // 春节: 2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休, 共9天
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    // 清明节: 4月4日（周六）至6日（周一）放假, 共3天
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    // 劳动节: 5月1日（周五）至5日（周二）放假调休, 共5天
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    // 端午节: 6月19日（周五）至21日（周日）放假, 共3天
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    // 中秋节: 9月25日（周五）至27日（周日）放假, 共3天
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    // 国庆节: 10月1日（周四）至7日（周三）放假调休, 共7天
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: [
    '2026-01-04', // 元旦: 1月4日（周日）上班
    '2026-02-14', // 春节: 2月14日（周六）上班
    '2026-02-28', // 春节: 2月28日（周六）上班
    '2026-05-09', // 劳动节: 5月9日（周六）上班
    '2026-09-20', // 国庆节: 9月20日（周日）上班
    '2026-10-10', // 国庆节: 10月10日（周六）上班
  ],
};

/** Every year shipped. Years not listed fall back to "Saturday and Sunday are rest days". */
export const CHINA_CALENDAR: readonly CalendarYear[] = [CHINA_2025, CHINA_2026];
