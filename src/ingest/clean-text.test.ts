import { describe, expect, it } from 'vitest';
import { SEED, seedText } from '../../test/helpers.ts';
import { cleanLine, toLogicalLines, wrapWidth } from './clean-text.ts';

describe('toLogicalLines on the seed reports', () => {
  it('joins a paragraph broken mid-word by a page break (西于庄「持续全面推」/「进政务公开」)', () => {
    const lines = toLogicalLines(seedText(SEED.xiyuzhuang));
    const joined = lines.find((l) => l.includes('持续全面推进政务公开信息工作'));
    expect(joined).toBeDefined();
    expect(joined!.startsWith('一是强化党建引领')).toBe(true);
    expect(lines.some((l) => l.endsWith('持续全面推'))).toBe(false);
  });

  it('joins the breaks of the unnamed 2021 report (「深入到社」/「会各个层面」, 「绝大多数都」/「得到了」)', () => {
    const lines = toLogicalLines(seedText(SEED.unnamed));
    expect(lines.some((l) => l.includes('深入到社会各个层面'))).toBe(true);
    expect(lines.some((l) => l.includes('绝大多数都得到了有效落实'))).toBe(true);
    // …but does not glue the unterminated paragraph onto the next numbered point
    const six = lines.find((l) => l.startsWith('6.'))!;
    expect(six.endsWith('进一步提高了干部职工的法治意识')).toBe(true);
  });

  it('joins a title split across two lines (大港街)', () => {
    expect(toLogicalLines(seedText(SEED.dagang))[0]).toBe('天津市滨海新区大港街2023年度法治政府建设情况报告');
  });

  it('removes export artifacts such as [bookmark: _GoBack]', () => {
    const lines = toLogicalLines(seedText(SEED.dagang));
    expect(lines.join('\n')).not.toContain('bookmark');
    expect(lines).toContain('（五）完善矛盾纠纷排查化解机制');
  });

  it('removes spaces inside figures and units (「81 人」→「81人」, 「2021 年」→「2021年」)', () => {
    const text = toLogicalLines(seedText(SEED.unnamed)).join('\n');
    expect(text).toContain('全办共四级网格员81人');
    expect(text).toContain('2021年度法治政府建设工作情况的报告');
    expect(text).toContain('街道所辖13个社区');
    expect(text).not.toMatch(/\d [\u4e00-\u9fff]/);
  });

  it('never joins a heading with the paragraph after it', () => {
    for (const name of Object.values(SEED)) {
      for (const l of toLogicalLines(seedText(name))) {
        expect(l).not.toMatch(/^[一二三四五]、[^。]{2,30}(一是|[（(][一二三四五][）)])/);
      }
    }
  });
});

describe('cleanLine', () => {
  it('maps PDF Kangxi radicals and full-width digits to ordinary characters', () => {
    expect(cleanLine('⼀是完成率１００％，⺠法典')).toBe('一是完成率100%，民法典');
  });
  it('strips control characters, bidi marks and surrounding full-width spaces', () => {
    expect(cleanLine('\u3000\u202e立案\u0000 81 起\u200b\u3000')).toBe('立案81起');
  });
});

describe('PDF-style wrapped lines', () => {
  it('re-joins lines wrapped at a fixed width, even where a wrapped line starts like a numbered point', () => {
    const filler =
      '持续完善本街道执法相关制度，坚持以制度管人管事，确保我街行政执法人员依法行使职权，对辖区内违法占路经营、违法建设开展常态化检查，';
    const lead = ('二是' + filler + filler).slice(0, 60); // two full lines, so 「1、2号楼」 starts the third
    const para =
      lead +
      '1、2号楼为市级社会治安重点地区，通过安装监控设备、完善安全管理体系、加强安全巡逻和检查，' +
      filler +
      filler +
      '有效提高安全性。';
    const width = 30;
    const lines: string[] = [];
    for (let i = 0; i < para.length; i += width) lines.push(para.slice(i, i + width));
    expect(lines[2].startsWith('1、2号楼')).toBe(true);
    expect(wrapWidth(lines)).toBeGreaterThanOrEqual(width);
    const out = toLogicalLines([...lines, '三、存在的不足和原因'].join('\n'));
    expect(out).toEqual([para, '三、存在的不足和原因']);
  });
});
