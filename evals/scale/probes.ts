// Hand-picked probes of the scale eval: offices absent from the library whose names collide with its offices',
// and two questions on the seed 西于庄街道 that hold the near-names 和西街道 and 于庄乡 inside them.
import type { ScaleCase } from './cases.ts';

/** Offices absent from the library whose names are a library office's, or inside one, or around one. */
export const ABSENT: [string, string][] = [
  ['和平里街道', 'full'],
  ['东城区和平里街道', 'district'],
  ['新华乡', 'full'],
  ['建设镇', 'full'],
  ['金桥乡', 'full'],
  ['城关街道', 'full'],
  ['房县城关镇', 'district'],
  ['郧西县城关镇', 'district'],
  ['卢氏县城关镇', 'district'],
  ['郧西城关镇', 'bare-district'],
  ['瑶海区和平路街道', 'district'],
  ['巩义市新华路街道', 'district'],
  ['霞山区建设街道', 'district'],
  ['驿城区金桥街道', 'district'],
  ['市北区大港街道', 'district'],
  ['洪山区和平街道', 'district'],
  ['花都区新华街道', 'district'],
  ['密山和平乡', 'bare-district'],
];

/** Hand-written, on the seed report 西于庄街道-2024.txt (the test checks each fact occurs there once). */
export const SEED_TRAPS: Omit<ScaleCase, 'id'>[] = [
  {
    type: 'near-name',
    question: '2024年和西于庄街道有关的行政处罚一共多少起？',
    answerable: true,
    facts: ['191起'],
    cite: [{ report: '西于庄街道-2024.txt', text: '全年行政处罚191起' }],
    probe: {
      report: '西于庄街道-2024.txt',
      office: '西于庄街道',
      district: null,
      year: 2024,
      topic: '行政处罚案件',
      naming: 'full',
      yearForm: 'YYYY年/before-和',
    },
  },
  {
    type: 'near-name',
    question: '西于庄24年摸排了多少件矛盾纠纷？',
    answerable: true,
    facts: ['351件'],
    cite: [{ report: '西于庄街道-2024.txt', text: '摸排矛盾纠纷351件' }],
    probe: {
      report: '西于庄街道-2024.txt',
      office: '西于庄街道',
      district: null,
      year: 2024,
      topic: '调解纠纷',
      naming: 'bare',
      yearForm: 'YY年/after',
    },
  },
];
