// End to end through /api/ask in LLM mode (issue 16, item 4): an msw stand-in for an OpenAI-compatible model
// that answers correctly, citing the right source, in the styles chat models really write (「…。[1]」, numbered
// lists, bullets with bold, synonyms, Chinese numerals, 24名 for 24人, 万元 for 元, intros and outros). No answer
// may collapse to 「未找到能够核实的答案」, every correct sentence is kept, and list structure (line breaks)
// survives in the JSON answer (and the SSE deltas). Three answers carry a wrong office, an invented clause and
// a disguised office name: those sentences are cut, with the reason in verification.cuts.
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { llmAnswerer } from '../../src/answer/llm-answerer.ts';
import { OpenAIChatModel } from '../../src/llm/openai-chat-model.ts';
import { loadPrompt } from '../../src/llm/prompts.ts';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../../test/helpers.ts';
import { chatHandler, sourceNumber, type SeenChatRequest } from '../../test/msw/openai-handlers.ts';

const server = setupServer();
let lib: Library;
let traces: SqliteTraceStore;
let drafts: SqliteDraftStore;
let app: ReturnType<typeof createNodeApp>;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  const dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
  drafts = new SqliteDraftStore(':memory:');
  // The client is made after server.listen(), so it uses msw's fetch.
  const model = new OpenAIChatModel({
    baseURL: 'http://llm.test/v1',
    apiKey: 'sk-test',
    model: 'qwen-stand-in',
    maxRetries: 0,
    timeoutMs: 5000,
  });
  app = createNodeApp({
    lib,
    traces,
    drafts,
    answerer: llmAnswerer({ model, prompt: loadPrompt('answer'), fallback: 'none' }),
  });
}, 120_000);
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await drafts.close();
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

const user = (r: SeenChatRequest) => r.messages.find((m) => m.role === 'user')!.content;

/**
 * A model reply written with {{needle}} where a marker goes: each becomes [n], the number of the source (as the
 * model was shown them) whose text holds the needle. Needles not among the sources are collected in `missing`.
 */
function cite(template: string, missing: string[]) {
  return (r: SeenChatRequest) =>
    template.replace(/\{\{(.+?)\}\}/g, (_, needle: string) => {
      const n = sourceNumber(user(r), needle);
      if (n === null) missing.push(needle);
      return `[${n ?? 99}]`;
    });
}

/** The text as the reader sees it, markers aside (the server renumbers them). */
const strip = (s: string) => s.replace(/\[\d+\]/g, '').trim();

interface AskBody {
  answer: string;
  answerable: boolean;
  citations: { n: number; org: string | null; text: string }[];
  verification: {
    ok: boolean;
    cuts?: { sentence: string; reason: string; detail: string }[];
    [k: string]: unknown;
  };
  mode: string;
}

async function askJson(question: string): Promise<AskBody> {
  const res = await app.request('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as AskBody;
}

const COLLAPSED = /未找到能够核实的答案/;

/** Correct answers, as a good model writes them (templates: {{needle}} marks a citation of the source holding it). */
const CORRECT: { style: string; question: string; reply: string }[] = [
  {
    style: 'after_stop + paraphrase (累计对外公布)',
    question: '大港街2023年公开了多少条行政处罚？',
    reply: '大港街2023年累计对外公布行政处罚信息55条。{{公开行政处罚55条}}',
  },
  {
    style: 'intro + bullets with bold, synonym (罚款金额合计)',
    question: '西于庄街道2024年行政处罚多少起，罚款金额多少？',
    reply:
      '根据西于庄街道2024年度报告：\n- **行政处罚**：全年191起{{全年行政处罚191起}}\n- **罚款金额合计**：5460元{{处罚金额5460元}}',
  },
  {
    style: 'numbered list answering 哪些',
    question: '西于庄街道2024年存在哪些不足？',
    reply:
      '西于庄街道2024年度报告列出的不足主要有以下几点：\n1. 学用转化还有不足{{学用转化还有不足}}；\n2. 法治专业人员欠缺，专业人员较少且多为兼职{{法治专业人员欠缺}}；\n3. 普法形式较为单一{{普法形式较为单一}}。',
  },
  {
    style: 'numbered list + outro',
    question: '金桥街2022年下一步有哪些工作措施？',
    reply:
      '金桥街2022年度报告提出的下一步工作措施如下：\n1. 强化法治学习，提高理论水平{{强化法治学习，提高理论水平}}；\n2. 强化制度落实，提升工作效果{{强化制度落实，提升工作效果}}；\n3. 强化队伍建设，夯实工作基础{{强化队伍建设，夯实工作基础}}。\n\n如需了解各项措施的具体内容，可查阅报告原文。',
  },
  {
    style: 'Chinese numerals (一百三十五条)',
    question: '城西街道2022年主动公开了多少条政务信息？',
    reply: '城西街道2022年全年主动公开政务信息一百三十五条{{全年主动公开政务信息135条}}。',
  },
  {
    style: '24名 for 24人, office only in metadata',
    question: '城西街道2022年培养了多少名法律明白人？',
    reply: '城西街道2022年全年培养法律明白人24名{{全年培养法律明白人24人}}。',
  },
  {
    style: 'prompt form + outro',
    question: '金桥街2022年全年立案多少起？',
    reply: '根据金桥街2022年度报告，全年共立案81起{{全年共立案81起}}。\n\n以上信息均来自该街道的年度报告。',
  },
  {
    style: 'intro + bullets, markers after each item',
    question: '大港街2023年调解了多少起案件？',
    reply:
      '大港街2023年调解情况如下：\n- **调委会调解**：辖区35个调委会共调解案件770起{{共调解案件770起}}\n- **社区调解**：695起{{其中社区调解695起}}\n- **“合立方”调解专家团**：调解75起{{调解专家团调解75起}}',
  },
  {
    style: 'numbered list of shortcomings, office only in metadata',
    question: '大港街2023年存在哪些不足？',
    reply:
      '大港街2023年存在的不足主要有：\n1. 对示范创建指标的理解把握不够准确清晰{{对示范创建指标的理解把握不够准确清晰}}；\n2. 普法针对性全面性欠缺，公民法律素养有待提高{{普法针对性全面性欠缺}}；\n3. 部分党员干部主动学法的意识不够{{部分党员干部主动学法的意识不够}}。',
  },
  {
    style: 'plain, office only in metadata',
    question: '西于庄街道2024年摸排了多少矛盾纠纷？',
    reply: '西于庄街道2024年全年摸排矛盾纠纷351件，均已化解{{摸排矛盾纠纷351件}}。',
  },
  {
    style: '万元 for 元',
    question: '大港街2023年行政处罚罚款多少钱？',
    reply: '大港街2023年行政处罚案件共37起，罚款0.661万元{{罚款6610元}}。',
  },
  {
    style: 'intro + numbered list of figures, summary outro',
    question: '城西街道2022年开展了哪些法治宣传？',
    reply:
      '城西街道2022年的法治宣传包括：\n1. 开展集中宣传28次{{开展集中宣传28次}}；\n2. 发放宣传资料32000余份{{发放宣传资料32000余份}}；\n3. 通过微信推送信息358余条{{通过微信推送信息358余条}}。\n\n总体来看，该街道在这些方面都开展了相应工作。',
  },
];

describe('/api/ask in LLM mode: correct answers in the styles chat models write are kept whole', () => {
  it.each(CORRECT)('$style: $question', async ({ question, reply }) => {
    const missing: string[] = [];
    const seen: SeenChatRequest[] = [];
    let written = '';
    server.use(chatHandler((r) => (written = cite(reply, missing)(r)), seen));
    const body = await askJson(question);
    expect(seen, 'the model was asked').toHaveLength(1);
    expect(missing, 'needles not among the sources sent to the model').toEqual([]);
    expect(body.mode).toBe('llm');
    expect(body.answer).not.toMatch(COLLAPSED);
    expect(body.answerable).toBe(true);
    // Every sentence the model wrote is kept, in its form: list numbering, bold, line breaks.
    for (const line of strip(written)
      .split('\n')
      .filter((l) => l.trim()))
      expect(strip(body.answer), 'a sentence was cut').toContain(line.trim());
    expect(strip(body.answer), 'line breaks lost').toContain(strip(written));
    expect(body.verification.cuts ?? []).toEqual([]);
    expect(body.verification.ok).toBe(true);
    expect(body.citations.length).toBeGreaterThan(0);
  });

  it('list structure survives the SSE deltas too', async () => {
    const missing: string[] = [];
    const { question, reply } = CORRECT[2];
    server.use(chatHandler(cite(reply, missing)));
    const res = await app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question }),
    });
    const text = await res.text();
    const deltas = [...text.matchAll(/event: delta\ndata: (.+)\n/g)]
      .map((m) => (JSON.parse(m[1]) as { text: string }).text)
      .join('');
    expect(missing).toEqual([]);
    expect(deltas).not.toMatch(COLLAPSED);
    expect(deltas).toMatch(/\n1\. 学用转化还有不足\[\d+\]；\n2\. /);
    expect(deltas).toMatch(/\n3\. 普法形式较为单一\[\d+\]。/);
  });
});

/** Answers with a wrong claim: the wrong sentence is cut, with its reason; the true ones stay. */
const WRONG: {
  kind: string;
  question: string;
  reply: string;
  wrong: string;
  reasons: string[];
  kept: string[];
}[] = [
  {
    kind: 'wrong office with the right figure and source',
    question: '各街道全年行政处罚多少起？',
    reply:
      '西于庄街道2024年全年行政处罚191起{{全年行政处罚191起}}。\n大港街2023年全年行政处罚191起，处罚金额5460元{{全年行政处罚191起}}。',
    wrong: '大港街2023年全年行政处罚191起',
    reasons: ['wrong_office'],
    kept: ['西于庄街道2024年全年行政处罚191起'],
  },
  {
    kind: 'invented clause appended to a truly cited sentence',
    question: '大港街2023年公开了多少条行政处罚？',
    reply:
      '根据大港街2023年度报告，公开行政处罚55条，并全部在一周内整改完毕{{公开行政处罚55条}}。同期更新街镇动态33条{{更新街镇动态33条}}。',
    wrong: '整改完毕',
    reasons: ['unsupported_content'],
    kept: ['更新街镇动态33条'],
  },
  {
    kind: 'another office named through a zero-width joiner',
    question: '城西街道2022年主动公开了多少条政务信息？',
    reply:
      '城西街道2022年全年主动公开政务信息135条{{全年主动公开政务信息135条}}。\n金\u200d桥街2022年也主动公开政务信息135条{{全年主动公开政务信息135条}}。',
    wrong: '桥街2022年也主动公开',
    reasons: ['foreign_office', 'wrong_office'],
    kept: ['城西街道2022年全年主动公开政务信息135条'],
  },
];

describe('/api/ask in LLM mode: a wrong claim is cut and the reason is shown', () => {
  it.each(WRONG)('$kind', async ({ question, reply, wrong, reasons, kept }) => {
    const missing: string[] = [];
    server.use(chatHandler(cite(reply, missing)));
    const body = await askJson(question);
    expect(missing, 'needles not among the sources sent to the model').toEqual([]);
    expect(body.answer).not.toContain(wrong);
    for (const k of kept) expect(body.answer).toContain(k);
    expect(body.answer).not.toMatch(COLLAPSED);
    expect(body.verification.ok).toBe(false);
    const cuts = body.verification.cuts ?? [];
    const cut = cuts.find((c) =>
      c.sentence
        .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
        .includes(wrong.replace(/[\u200b-\u200f\u2060\ufeff]/g, '')),
    );
    expect(cut, `a cut naming the sentence with 「${wrong}」 in ${JSON.stringify(cuts)}`).toBeDefined();
    expect(reasons).toContain(cut!.reason);
    expect(cut!.detail).toBeTruthy();
  });
});
