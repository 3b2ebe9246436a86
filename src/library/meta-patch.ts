// Corrections people make to a report's metadata (office, level, district, city, year): one zod schema for
// PATCH /api/documents/:id, the upload overrides (multipart fields, import JSON, CLI flags), and how one applies.
import { z } from 'zod';
import { OFFICE_LEVELS, type ReportMeta } from '../domain.ts';
import { AppError } from '../errors.ts';

const YEAR = '年度须为 1949–2100 之间的整数';

/** A district or city: trimmed; empty or null clears it. */
const place = (what: string) =>
  z
    .string({ error: `${what}须为文字（或 null 表示清空）` })
    .trim()
    .max(40, `${what}过长（最多 40 字）`)
    .transform((s) => s || null)
    .nullable();

export const MetaPatchSchema = z
  .object({
    org: z
      .string({ error: (iss) => (iss.input == null ? '单位名称不能为空' : '单位名称须为文字') })
      .trim()
      .min(1, '单位名称不能为空')
      .max(60, '单位名称过长（最多 60 字）')
      .optional(),
    level: z.enum(OFFICE_LEVELS, { error: `层级只能是：${OFFICE_LEVELS.join('、')}` }).optional(),
    district: place('区县').optional(),
    city: place('城市').optional(),
    year: z.number({ error: YEAR }).int(YEAR).min(1949, YEAR).max(2100, YEAR).optional(),
  })
  .strict();

export type MetaPatch = z.infer<typeof MetaPatchSchema>;
export const META_FIELDS = ['org', 'level', 'district', 'city', 'year'] as const;

/** The metadata after a patch; a changed office is marked as filled in by hand. */
export function applyMetaPatch(meta: ReportMeta, patch: MetaPatch): ReportMeta {
  const next = { ...meta };
  if (patch.org !== undefined && patch.org !== meta.org) {
    next.org = patch.org;
    next.orgSource = 'manual';
  }
  if (patch.level !== undefined) next.level = patch.level;
  if (patch.district !== undefined) next.district = patch.district;
  if (patch.city !== undefined) next.city = patch.city;
  if (patch.year !== undefined) next.year = patch.year;
  return next;
}

export const sameMeta = (a: ReportMeta, b: ReportMeta) =>
  a.title === b.title &&
  a.orgSource === b.orgSource &&
  a.signoff === b.signoff &&
  META_FIELDS.every((k) => a[k] === b[k]);

/** What a person should fill in: shown with every ingested report and flagged in the library's list. */
export function metaWarnings(meta: Pick<ReportMeta, 'org' | 'year'>): string[] {
  const out: string[] = [];
  if (!meta.org) out.push('未识别单位，请填写');
  if (meta.year === null) out.push('未识别年度，请填写');
  return out;
}

/**
 * A patch from text fields (multipart form, command-line flags): an empty field means "not given", the year
 * is read as a number. Throws `bad_input` with a Chinese message naming the field.
 */
export function metaPatchFromFields(fields: Record<string, unknown>): MetaPatch {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' && !v.trim()) continue;
    raw[k] = k === 'year' && typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  }
  return parseMetaPatch(raw);
}

/** Validates a patch given as a value (JSON); the error's message names the field in Chinese, its subject in English. */
export function parseMetaPatch(raw: unknown): MetaPatch {
  const parsed = MetaPatchSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys')
    throw new AppError(
      'bad_input',
      `不认识的字段：${issue.keys.join('、')}（可填 ${META_FIELDS.join('、')}）`,
    );
  if (!issue.path.length) throw new AppError('bad_input', '单位信息须为 JSON 对象，如 { "org": "前进街道" }');
  throw new AppError('bad_input', issue.message, { subject: String(issue.path[0]) });
}
