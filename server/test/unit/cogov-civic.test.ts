/** The civic parts' pure rules: route length, minutes served, points by rule, the ranking, the response report. */
import { describe, expect, it } from 'vitest';
import {
  commentWindow,
  pointsFor,
  ranking,
  reportProblems,
  routeLength,
  ruleFor,
  servedMinutes,
  type PointRule,
} from '../../src/modules/cogov/cogov.civic.logic.ts';

describe('patrol routes', () => {
  it('measures a route along its points (about 111 m per 0.001° of latitude)', () => {
    expect(routeLength([[27.5, 120.5]])).toBe(0);
    const m = routeLength([
      [27.5, 120.5],
      [27.501, 120.5],
      [27.502, 120.5],
    ]);
    expect(m).toBeGreaterThan(220);
    expect(m).toBeLessThan(224);
  });
});

describe('volunteer minutes', () => {
  const task = { startsAt: new Date('2026-12-05T01:00:00Z'), endsAt: new Date('2026-12-05T03:00:00Z') };
  it('counts from check-in to check-out within the task', () => {
    expect(servedMinutes(task, new Date('2026-12-05T01:10:00Z'), new Date('2026-12-05T02:40:30Z'))).toBe(90);
  });
  it('does not count before the start or after the end', () => {
    expect(servedMinutes(task, new Date('2026-12-05T00:00:00Z'), new Date('2026-12-05T05:00:00Z'))).toBe(120);
  });
  it('is never negative', () => {
    expect(servedMinutes(task, new Date('2026-12-05T04:00:00Z'), new Date('2026-12-05T05:00:00Z'))).toBe(0);
  });
});

describe('points by rule', () => {
  const rules: PointRule[] = [
    { communityId: null, kind: 'volunteer_hour', points: 10 },
    { communityId: null, kind: 'vote_cast', points: 2 },
    { communityId: 'c1', kind: 'vote_cast', points: 5 },
  ];
  it("takes the community's own rule over the city's", () => {
    expect(ruleFor(rules, 'vote_cast', 'c1')?.points).toBe(5);
    expect(ruleFor(rules, 'vote_cast', 'c2')?.points).toBe(2);
    expect(ruleFor(rules, 'vote_cast', null)?.points).toBe(2);
    expect(ruleFor(rules, 'proposal_adopted', 'c1')).toBeNull();
  });
  it('gives volunteer hours per whole hour served', () => {
    expect(pointsFor(ruleFor(rules, 'volunteer_hour', 'c1'), 179)).toBe(20);
    expect(pointsFor(ruleFor(rules, 'volunteer_hour', 'c1'), 59)).toBe(0);
    expect(pointsFor(null, 600)).toBe(0);
  });
});

describe('the community ranking', () => {
  const rows = [
    { accountId: 'a', name: '甲*', points: 30 },
    { accountId: 'b', name: '乙*', points: 50 },
    { accountId: 'c', name: '丙*', points: 30 },
    { accountId: 'd', name: '丁*', points: 10 },
    { accountId: 'e', name: '戊*', points: 0 },
  ];
  it('ranks by points, ties sharing a rank', () => {
    expect(ranking(rows, new Set(), null, 10).map((r) => [r.rank, r.points])).toEqual([
      [1, 50],
      [2, 30],
      [2, 30],
      [4, 10],
    ]);
  });
  it('leaves out those who opted out entirely: their places close up', () => {
    const r = ranking(rows, new Set(['b']), null, 10);
    expect(r.map((x) => x.name)).not.toContain('乙*');
    expect(r[0]).toMatchObject({ rank: 1, points: 30 });
  });
  it("shows the caller's own line past the top", () => {
    const r = ranking(rows, new Set(), 'd', 2);
    expect(r).toHaveLength(3);
    expect(r[2]).toMatchObject({ rank: 4, me: true });
  });
});

describe('the response report', () => {
  it('needs a decision on every comment and a reason when not adopted', () => {
    expect(
      reportProblems(
        ['x', 'y', 'z'],
        [
          { commentId: 'x', decision: 'adopted' },
          { commentId: 'y', decision: 'not_adopted', reason: ' ' },
          { commentId: 'w', decision: 'adopted' },
        ],
      ),
    ).toEqual([
      { commentId: 'y', problem: 'REASON_REQUIRED' },
      { commentId: 'w', problem: 'UNKNOWN_COMMENT' },
      { commentId: 'z', problem: 'NO_DECISION' },
    ]);
    expect(reportProblems(['x'], [{ commentId: 'x', decision: 'partly_adopted', reason: '部分采纳' }])).toEqual([]);
  });
  it('knows when a draft is open', () => {
    const d = { status: 'open', opensAt: new Date('2026-12-01'), closesAt: new Date('2026-12-10') };
    expect(commentWindow(d, new Date('2026-11-30'))).toBe('not_open');
    expect(commentWindow(d, new Date('2026-12-05'))).toBe('open');
    expect(commentWindow(d, new Date('2026-12-10'))).toBe('closed');
    expect(commentWindow({ ...d, status: 'responded' }, new Date('2026-12-05'))).toBe('responded');
  });
});
