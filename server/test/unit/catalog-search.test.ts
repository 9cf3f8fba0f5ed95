import { describe, expect, it } from 'vitest';
import { CatalogSearchIndex, pinyinTokens, tokenize, type SearchDoc } from '../../src/modules/catalog/search-index.ts';

const doc = (id: string, zh: string, en: string, over: Partial<SearchDoc> = {}): SearchDoc => ({
  id,
  code: `330383-${id}`,
  name: { zh, en },
  keywords: [],
  department: 'PSB',
  targetUsers: ['person'],
  themes: [],
  lifeEvents: [],
  popularity: 0,
  ...over,
});

const index = () => {
  const ix = new CatalogSearchIndex({
    synonyms: [
      ['身份证', '居民身份证', 'ID card'],
      ['社保', '社会保险', 'social insurance'],
    ],
  });
  ix.upsert(
    doc('id-renew', '居民身份证换领', 'Renewal of the resident ID card', { popularity: 900, themes: ['identity'] }),
  );
  ix.upsert(
    doc('id-lost', '居民身份证挂失补领', 'Replacement of a lost resident ID card', {
      popularity: 300,
      themes: ['identity'],
    }),
  );
  ix.upsert(
    doc('hpf', '住房公积金提取', 'Withdrawal of housing provident fund', { department: 'HPF', popularity: 500 }),
  );
  ix.upsert(
    doc('si-card', '社会保障卡申领', 'Social security card application', {
      department: 'HRSS',
      keywords: ['社保卡'],
      lifeEvents: ['birth'],
    }),
  );
  ix.upsert(
    doc('si-pay', '灵活就业人员社会保险参保登记', 'Social insurance registration for flexible workers', {
      department: 'HRSS',
      popularity: 50,
    }),
  );
  ix.upsert(
    doc('biz', '企业设立登记', 'Company registration', {
      department: 'AMR',
      targetUsers: ['enterprise'],
      lifeEvents: ['open-business'],
      popularity: 800,
    }),
  );
  return ix;
};

describe('tokenize', () => {
  it('yields words and CJK bigrams, and stems English plurals', () => {
    const t = tokenize('住房公积金提取 Cards');
    expect(t).toEqual(expect.arrayContaining(['住房', '公积', '积金', '提取', 'card']));
  });
});

describe('catalogue search', () => {
  it('finds Chinese text the dictionary splits differently (公积金)', () => {
    expect(
      index()
        .search('公积金')
        .items.map((h) => h.id),
    ).toEqual(['hpf']);
  });

  it('folds synonyms: 身份证 finds 居民身份证 items, popular first', () => {
    expect(
      index()
        .search('身份证')
        .items.map((h) => h.id),
    ).toEqual(['id-renew', 'id-lost']);
    expect(
      index()
        .search('社保')
        .items.map((h) => h.id),
    ).toContain('si-pay');
  });

  it('searches English, with plurals and an unfinished last word', () => {
    expect(index().search('id cards').items[0]!.id).toBe('id-renew');
    expect(
      index()
        .search('provid')
        .items.map((h) => h.id),
    ).toEqual(['hpf']);
  });

  it('filters by target user, department and life event', () => {
    const ix = index();
    expect(ix.search('', { targetUser: 'enterprise' }).items.map((h) => h.id)).toEqual(['biz']);
    expect(ix.search('', { department: 'HRSS' }).total).toBe(2);
    expect(ix.search('', { lifeEvent: 'birth' }).items.map((h) => h.id)).toEqual(['si-card']);
    expect(ix.search('登记', { targetUser: 'person' }).items.map((h) => h.id)).toEqual(['si-pay']);
  });

  it('ranks the most-used items first for an empty query, and follows popularity updates', () => {
    const ix = index();
    expect(ix.search('').items[0]!.id).toBe('id-renew');
    ix.addPopularity('hpf', 10_000);
    expect(ix.search('').items[0]!.id).toBe('hpf');
  });

  it('forgets removed and replaced items', () => {
    const ix = index();
    ix.remove('hpf');
    expect(ix.search('公积金').total).toBe(0);
    ix.upsert(doc('id-renew', '出入境证件', 'Exit-entry permit'));
    expect(ix.search('身份证').items.map((h) => h.id)).toEqual(['id-lost']);
    expect(ix.size).toBe(5);
  });

  it('answers nothing for text that matches nothing', () => {
    expect(index().search('量子计算').total).toBe(0);
  });
});

describe('pinyin, everyday words, English precision and bundles', () => {
  const wide = () => {
    const ix = index();
    ix.upsert(
      doc('permit', '居住证申领', 'Residence permit application', { keywords: ['居住证', 'residence permit'] }),
    );
    ix.upsert(doc('building', '建筑工程施工许可', 'Construction work permit', { department: 'HUD' }));
    ix.upsert(doc('discharge', '排污许可', 'Pollutant discharge permit', { department: 'EEB' }));
    ix.upsert(
      doc('birth-reg', '出生登记（户口申报）', 'Birth registration', { keywords: ['上户口'], lifeEvents: ['birth'] }),
    );
    ix.upsert(doc('marriage', '内地居民结婚登记', 'Marriage registration', { keywords: ['婚姻登记'] }));
    ix.upsert(
      doc('bundle:birth', '出生一件事', 'Birth of a child', {
        kind: 'bundle',
        keywords: ['新生儿'],
        lifeEvents: ['birth'],
      }),
    );
    return ix;
  };

  it('reads Chinese words as pinyin and initials', () => {
    expect(pinyinTokens('社保')).toEqual({ full: ['shebao'], initials: ['sb'] });
    expect(pinyinTokens('住房公积金').full).toEqual(expect.arrayContaining(['gongjijin', 'zhufanggongjijin']));
    expect(pinyinTokens('住房公积金').initials).toContain('gjj');
  });

  it('finds items typed in pinyin, whole or as initials, also unfinished', () => {
    const ix = wide();
    expect(ix.search('gongjijin').items.map((h) => h.id)).toEqual(['hpf']);
    expect(ix.search('gjj').items.map((h) => h.id)).toEqual(['hpf']);
    expect(ix.search('gongji').items.map((h) => h.id)).toEqual(['hpf']);
    expect(ix.search('shebao').items.map((h) => h.id)).toEqual(expect.arrayContaining(['si-card', 'si-pay']));
    expect(ix.search('sb').items.map((h) => h.id)).toContain('si-card');
  });

  it('an English query matches every word: residence permit is not any permit', () => {
    const ix = wide();
    expect(ix.search('residence permit').items.map((h) => h.id)).toEqual(['permit']);
    expect(ix.search('permit').total).toBe(3);
    // A synonym phrase counts as its words: "provident fund" finds 住房公积金 whatever its English says.
    expect(ix.search('the provident fund').items.map((h) => h.id)).toEqual(['hpf']);
  });

  it("folds everyday words into the catalogue's: 生孩子 finds birth, 结婚 finds the marriage registration", () => {
    const ix = new CatalogSearchIndex({
      synonyms: [
        ['出生', '生孩子', '生娃'],
        ['婚姻登记', '结婚'],
      ],
    });
    ix.upsert(doc('birth-reg', '出生登记', 'Birth registration'));
    ix.upsert(doc('marriage', '内地居民婚姻登记', 'Marriage registration'));
    ix.upsert(doc('other', '居住证申领', 'Residence permit'));
    expect(ix.search('生孩子').items.map((h) => h.id)).toEqual(['birth-reg']);
    expect(ix.search('结婚').items.map((h) => h.id)).toEqual(['marriage']);
  });

  it('keeps bundles apart from items: a search asks for one kind', () => {
    const ix = wide();
    expect(ix.search('出生').items.map((h) => h.id)).toEqual(['birth-reg']);
    const both = ix.search('出生', {}, { offset: 0, limit: 5 }, 3);
    expect(both.items.map((h) => h.id)).toEqual(['birth-reg']);
    expect(both.bundles.map((h) => h.id)).toEqual(['bundle:birth']);
    expect(both.bundles[0]!.match).toBeGreaterThan(both.best * 0.5);
    expect(ix.search('出生').bundles).toEqual([]);
    expect(ix.search('', {}, { offset: 0, limit: 50 }).items.map((h) => h.id)).not.toContain('bundle:birth');
  });
});
