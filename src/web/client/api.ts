// Calls to the app's JSON and SSE endpoints, with the errors turned into readable Chinese messages.
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  base?: string;
  token?: string;
}

function headers(opts: ApiOptions, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
}

async function failure(res: Response): Promise<ApiError> {
  let code = 'http_error';
  let message = `请求失败（HTTP ${res.status}）`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = body.error.code;
  } catch {
    /* not JSON */
  }
  if (res.status === 401) message = '登录已失效，请刷新页面重新登录';
  return new ApiError(code, message, res.status);
}

export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
  opts: ApiOptions = {},
): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch((opts.base ?? '') + path, {
    credentials: 'same-origin',
    ...rest,
    headers: headers(opts, json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function download(path: string, fallbackName: string, opts: ApiOptions = {}): Promise<void> {
  const res = await fetch((opts.base ?? '') + path, { credentials: 'same-origin', headers: headers(opts) });
  if (!res.ok) throw await failure(res);
  const cd = res.headers.get('content-disposition') ?? '';
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)?.[1] ?? fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** POSTs JSON and reads the text/event-stream reply, calling onEvent for each event as it arrives. */
export async function postStream(
  path: string,
  body: unknown,
  onEvent: (event: string, data: unknown) => void,
  opts: ApiOptions & { signal?: AbortSignal } = {},
): Promise<void> {
  const res = await fetch((opts.base ?? '') + path, {
    method: 'POST',
    signal: opts.signal,
    credentials: 'same-origin',
    headers: headers(opts, { 'content-type': 'application/json', accept: 'text/event-stream' }),
    body: JSON.stringify(body),
  });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    // One pass over what arrived, the remainder kept once: slicing the buffer per event is quadratic when a
    // read brings thousands of events at once (a long answer).
    let at = 0;
    for (let cut: number; (cut = buf.indexOf('\n\n', at)) >= 0; at = cut + 2) {
      const block = buf.slice(at, cut);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!data.length) continue;
      let parsed: unknown = data.join('\n');
      try {
        parsed = JSON.parse(parsed as string);
      } catch {
        /* plain text */
      }
      if (event === 'error') {
        const e = (parsed as { error?: { code?: string; message?: string } }).error;
        throw new ApiError(e?.code ?? 'error', e?.message ?? '服务出错', 500);
      }
      onEvent(event, parsed);
    }
    buf = buf.slice(at);
  }
}
