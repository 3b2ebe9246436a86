// The address of a deployment given on the command line (npm run cf:push, npm run eval:pull): checked before use,
// and a connection failure said in words.
export function deploymentUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`地址无效：「${url}」，应形如 https://fazhi-report-assistant.<子域>.workers.dev`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new Error(`地址必须以 https:// 或 http:// 开头：「${url}」`);
  return url.replace(/\/+$/, '');
}

/** fetch, with a failure to connect reported as which address could not be reached. */
export async function reach(f: typeof globalThis.fetch, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await f(url, init);
  } catch (e) {
    const cause = (e as Error & { cause?: Error }).cause?.message ?? (e as Error).message;
    throw new Error(`无法连接 ${new URL(url).origin}（${cause}）`);
  }
}
