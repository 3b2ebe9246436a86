// Roles and tokens: staff (chat, draft, read documents) < supervisor (+ audit, reviews) < admin (+ upload,
// correct a report's metadata, delete); beside them `widget`, a token for the embedded widget that can only ask.
// Tokens come from AUTH_TOKENS=staff:…,supervisor:…,admin:…,widget:… and are compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';

export const ROLES = ['widget', 'staff', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  widget: '挂件',
  staff: '工作人员',
  supervisor: '审核人员',
  admin: '管理员',
};
const RANK: Record<Role, number> = { widget: 0, staff: 1, supervisor: 2, admin: 3 };
export const atLeast = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

/**
 * What a widget token may do: ask (POST /api/ask, and the CORS preflight before it). The paragraphs its answers
 * cite come with the answer (each citation carries the paragraph's full text), so it needs nothing else.
 */
export const widgetMay = (method: string, path: string) =>
  path === '/api/ask' && (method === 'POST' || method === 'OPTIONS');

export interface TokenBook {
  /** The role a token grants, or null; constant time in the token's content. */
  roleOf(token: string | undefined | null): Role | null;
  readonly size: number;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function parseTokens(spec: string | undefined): TokenBook {
  const entries: { hash: Buffer; role: Role }[] = [];
  for (const part of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = part.indexOf(':');
    const role = part.slice(0, i) as Role;
    const token = part.slice(i + 1);
    if (i < 0 || !ROLES.includes(role))
      throw new AppError(
        'bad_input',
        `AUTH_TOKENS 中的「${part.slice(0, Math.max(0, i)) || '（空）'}」不是角色；格式为 staff:令牌,supervisor:令牌,admin:令牌,widget:令牌`,
      );
    if (token.length < 16)
      throw new AppError('bad_input', `AUTH_TOKENS 中 ${role} 的令牌太短（至少 16 个字符）`);
    entries.push({ hash: digest(token), role });
  }
  return {
    size: entries.length,
    roleOf(token) {
      if (!token) return null;
      const h = digest(token);
      let found: Role | null = null;
      // Compare against every entry, so the time taken does not tell which (or whether one) matched.
      for (const e of entries) if (timingSafeEqual(e.hash, h) && !found) found = e.role;
      return found;
    },
  };
}

/** The least role a request needs; null for public paths. */
export function requiredRole(method: string, path: string): Role | null {
  if (
    path === '/healthz' ||
    path === '/login' ||
    path === '/logout' ||
    path.startsWith('/assets/') ||
    path === '/widget.js' ||
    path === '/favicon.ico'
  )
    return null;
  // Anyone who can ask may rate the answer they got (👍/👎); the trace itself stays for supervisors.
  if (method === 'POST' && /^\/api\/traces\/[^/]+\/feedback$/.test(path)) return 'staff';
  if (path === '/audit' || path.startsWith('/audit/') || path.startsWith('/api/traces')) return 'supervisor';
  if (path.startsWith('/api/documents') && (method === 'POST' || method === 'PATCH' || method === 'DELETE'))
    return 'admin';
  return 'staff';
}

export const isLoopback = (host: string) =>
  host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\./.test(host);
