// Stems and aliases of place names, and which 乡级/县级 rows become which level.
import { describe, expect, it } from 'vitest';
import { areaLevel, streetLevel } from './build-places.ts';
import { aliasesOf, stemOf } from './names.ts';

describe('names', () => {
  it('strips the level suffix, 民族 and 自治 parts', () => {
    const cases: [string, string | null][] = [
      ['大港街道', '大港'],
      ['西于庄街道', '西于庄'],
      ['城关镇', '城关'],
      ['长哨营满族乡', '长哨营'],
      ['清水苗族乡', '清水'],
      ['吉忽伦图苏木', '吉忽伦图'],
      ['延边朝鲜族自治州', '延边'],
      ['海西蒙古族藏族自治州', '海西'],
      ['巴音郭楞蒙古自治州', '巴音郭楞'],
      ['积石山保安族东乡族撒拉族自治县', '积石山'],
      ['广西壮族自治区', '广西'],
      ['浦东新区', '浦东'],
      ['天津市', '天津'],
      ['阿克苏地区', '阿克苏'],
      ['沛县', null],
      ['城区', null],
      ['石家庄高新技术产业开发区', null],
    ];
    for (const [name, stem] of cases) expect([name, stemOf(name)]).toEqual([name, stem]);
  });

  it('gives 街道 their 「××街」 form and drops 办事处 and bracketed notes', () => {
    expect(aliasesOf('大港街道')).toEqual(['大港街']);
    expect(aliasesOf('金融街街道')).toEqual(['金融街']);
    expect(aliasesOf('保康街道办事处')).toEqual(['保康街道', '保康街']);
    expect(aliasesOf('兆麟街道地区')).toEqual(['兆麟街道', '兆麟街']);
    expect(aliasesOf('东湖风景区街道（武昌）')).toEqual(['东湖风景区街道', '东湖风景区街']);
    expect(aliasesOf('城关镇')).toEqual([]);
  });

  it('levels: 街道/镇/乡 by name, 苏木 as 乡, 街道-coded 地区 as 街道, the rest left out', () => {
    expect(streetLevel('大港街道', '120116051')).toBe('街道');
    expect(streetLevel('南磨房地区', '110105021')).toBe('街道');
    expect(streetLevel('吴家山街', '420112001')).toBe('街道');
    expect(streetLevel('吉忽伦图苏木', '150102200')).toBe('乡');
    expect(streetLevel('经济开发区直属乡镇', '220700400')).toBe(null);
    expect(streetLevel('红旗农场', '120000400')).toBe(null);
    expect(streetLevel('街道', '110000001')).toBe(null);
    expect([
      areaLevel('滨海新区'),
      areaLevel('阿鲁科尔沁旗'),
      areaLevel('昆山市'),
      areaLevel('西沙群岛'),
    ]).toEqual(['区', '县', '市', null]);
  });
});
