import { estimateTokens, type OpenAiStandIn, type ScriptStep, startOpenAiStandIn } from '@max/sandbox';
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'create_lead',
      description: 'Create a lead',
      parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
  },
];
const user = (content: string): OpenAI.Chat.Completions.ChatCompletionMessageParam => ({
  role: 'user',
  content,
});

let s: OpenAiStandIn | null = null;
afterEach(async () => {
  await s?.stop();
  s = null;
});

async function start(opts: Parameters<typeof startOpenAiStandIn>[0]) {
  s = await startOpenAiStandIn(opts);
  return s;
}
const sdk = (baseURL: string, o: { apiKey?: string; maxRetries?: number } = {}) =>
  new OpenAI({ apiKey: o.apiKey ?? 'sk-test', baseURL, maxRetries: o.maxRetries ?? 0, timeout: 5000 });

describe('OpenAI stand-in with the official SDK', () => {
  it('answers a tool-call step in the chat.completion shape', async () => {
    const st = await start({
      script: [{ toolCalls: [{ name: 'create_lead', arguments: { name: 'Test E2E' } }] }],
    });
    const res = await sdk(st.baseURL).chat.completions.create({
      model: 'gpt-test',
      messages: [user('crée un lead Test E2E')],
      tools,
    });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-test');
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('create_lead');
    expect(JSON.parse(call.function.arguments)).toEqual({ name: 'Test E2E' });
    expect(call.id).toMatch(/^call_/);
    expect(res.choices[0]?.message.content).toBeNull();
    const prompt = estimateTokens({
      messages: [user('crée un lead Test E2E')] as never,
      tools: tools as never,
    });
    expect(res.usage?.prompt_tokens).toBe(prompt);
    expect(res.usage?.total_tokens).toBe(prompt + (res.usage?.completion_tokens ?? 0));
  });

  it('answers a content step with finish_reason stop, and serves paths without /v1', async () => {
    const st = await start({ script: [{ content: 'Bonjour !' }] });
    const res = await sdk(st.url).chat.completions.create({ model: 'm', messages: [user('salut')] });
    expect(res.choices[0]?.message.content).toBe('Bonjour !');
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('a 429 step is retried by the SDK (maxRetries) and the next step answers', async () => {
    const st = await start({ script: [{ status: 429, retryAfterMs: 10 }, { content: 'after retry' }] });
    const res = await sdk(st.baseURL, { maxRetries: 2 }).chat.completions.create({
      model: 'm',
      messages: [user('x')],
    });
    expect(res.choices[0]?.message.content).toBe('after retry');
    expect(st.stats().calls).toBe(2);
  });

  it('a failure step surfaces as an APIError when retries are off', async () => {
    const st = await start({ script: [{ status: 503 }] });
    const err = await sdk(st.baseURL)
      .chat.completions.create({ model: 'm', messages: [user('x')] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
  });

  it('delays a step', async () => {
    // biome-ignore lint/suspicious/noThenProperty: `then` is the documented shape of a delayed step
    const delayed: ScriptStep = { delayMs: 120, then: { content: 'slow' } };
    const st = await start({ script: [delayed] });
    const t0 = Date.now();
    const res = await sdk(st.baseURL).chat.completions.create({ model: 'm', messages: [user('x')] });
    expect(res.choices[0]?.message.content).toBe('slow');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it('a function script sees the request and its index; a tool round trip is accepted', async () => {
    const seen: Array<{ index: number; last: string | undefined; tools: number }> = [];
    const st = await start({
      script: (req, index): ScriptStep => {
        seen.push({ index, last: req.messages.at(-1)?.role, tools: req.tools?.length ?? 0 });
        return index === 0
          ? { toolCalls: [{ name: 'create_lead', arguments: { name: 'Ada' } }] }
          : { content: `done after ${req.messages.length} messages` };
      },
    });
    const client = sdk(st.baseURL);
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [user('crée Ada')];
    const first = await client.chat.completions.create({ model: 'm', messages, tools });
    const msg = first.choices[0]!.message;
    messages.push(msg, { role: 'tool', tool_call_id: msg.tool_calls![0]!.id, content: '{"id":"L1"}' });
    const second = await client.chat.completions.create({ model: 'm', messages, tools });
    expect(second.choices[0]?.message.content).toBe('done after 3 messages');
    expect(seen).toEqual([
      { index: 0, last: 'user', tools: 1 },
      { index: 1, last: 'tool', tools: 1 },
    ]);
  });

  it('counts calls and prompt tokens deterministically, and reset zeroes them', async () => {
    const st = await start({ script: [{ content: 'a' }, { content: 'b' }, { content: 'c' }] });
    const client = sdk(st.baseURL);
    await client.chat.completions.create({ model: 'm', messages: [user('one')] });
    await client.chat.completions.create({ model: 'm', messages: [user('two, longer')], tools });
    const stats = st.stats();
    expect(stats.calls).toBe(2);
    const expected =
      estimateTokens({ messages: [user('one')] as never }) +
      estimateTokens({ messages: [user('two, longer')] as never, tools: tools as never });
    expect(stats.promptTokens).toBe(expected);
    expect(stats.lastRequest?.messages[0]).toMatchObject({ role: 'user', content: 'two, longer' });
    expect(stats.requests).toHaveLength(2);
    st.reset();
    expect(st.stats()).toMatchObject({ calls: 0, promptTokens: 0, requests: [] });
    // reset also rewinds an array script
    const again = await client.chat.completions.create({ model: 'm', messages: [user('one')] });
    expect(again.choices[0]?.message.content).toBe('a');
  });

  it('an exhausted script fails loudly', async () => {
    const st = await start({ script: [] });
    const err = await sdk(st.baseURL)
      .chat.completions.create({ model: 'm', messages: [user('x')] })
      .catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(/script exhausted/);
  });

  it('401 when the key differs, counted, and the script is not consumed', async () => {
    const st = await start({ apiKey: 'sk-right', script: [{ content: 'ok' }] });
    const err = await sdk(st.baseURL, { apiKey: 'sk-wrong' })
      .chat.completions.create({ model: 'm', messages: [user('x')] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(st.stats()).toMatchObject({ calls: 0, unauthorized: 1 });
    const ok = await sdk(st.baseURL, { apiKey: 'sk-right' }).chat.completions.create({
      model: 'm',
      messages: [user('x')],
    });
    expect(ok.choices[0]?.message.content).toBe('ok');
  });

  it('400 on requests OpenAI would reject', async () => {
    const st = await start({ script: () => ({ content: 'never' }) });
    const post = (body: unknown) =>
      fetch(`${st.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    for (const body of [
      '{oops',
      { messages: [{ role: 'user', content: 'x' }] },
      { model: 'm', messages: [] },
      { model: 'm', messages: [{ role: 'wizard', content: 'x' }] },
      { model: 'm', messages: [user('x'), { role: 'tool', tool_call_id: 'nope', content: '{}' }] },
      {
        model: 'm',
        messages: [
          user('x'),
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          user('y'),
        ],
      },
    ]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    }
    expect(st.stats().calls).toBe(0);
  });

  it('streams the same answer when asked', async () => {
    const st = await start({
      script: [{ content: 'Voilà', toolCalls: [{ name: 'create_lead', arguments: { name: 'S' } }] }],
    });
    const stream = await sdk(st.baseURL).chat.completions.create({
      model: 'm',
      messages: [user('x')],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let args = '';
    let finish: string | null = null;
    let usage: number | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage?.prompt_tokens ?? usage;
    }
    expect(content).toBe('Voilà');
    expect(JSON.parse(args)).toEqual({ name: 'S' });
    expect(finish).toBe('tool_calls');
    expect(usage).toBe(st.stats().promptTokens);
  });
});

describe('OpenAI stand-in: transcriptions', () => {
  it('parses the multipart upload and answers { text } from the transcribe option', async () => {
    const bytes = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 1, 2, 3]);
    const got: Array<{ size: number; filename: string; mimeType: string }> = [];
    const st = await start({
      apiKey: 'sk-test',
      script: [],
      transcribe: (f) => {
        got.push({ size: f.bytes.length, filename: f.filename, mimeType: f.mimeType });
        expect(f.bytes).toEqual(bytes);
        return 'crée un lead pour Ada';
      },
    });
    const res = await sdk(st.baseURL).audio.transcriptions.create({
      file: await toFile(bytes, 'voice.ogg', { type: 'audio/ogg' }),
      model: 'whisper-1',
      language: 'fr',
    });
    expect(res.text).toBe('crée un lead pour Ada');
    expect(got).toEqual([{ size: 8, filename: 'voice.ogg', mimeType: 'audio/ogg' }]);
    expect(st.stats().transcriptions).toBe(1);
    expect(st.stats().transcriptionRequests[0]).toMatchObject({
      model: 'whisper-1',
      language: 'fr',
      size: 8,
    });
    expect(st.stats().calls).toBe(0);
  });

  it('by default reads the audio bytes as text, and honours response_format text', async () => {
    const st = await start({ script: [] });
    const file = await toFile(new TextEncoder().encode(' note vocale '), 'voice.ogg');
    const json = await sdk(st.baseURL).audio.transcriptions.create({ file, model: 'whisper-1' });
    expect(json.text).toBe('note vocale');
    const plain = await sdk(st.baseURL).audio.transcriptions.create({
      file: await toFile(new TextEncoder().encode('brut'), 'v.ogg'),
      model: 'whisper-1',
      response_format: 'text',
    });
    expect(plain).toBe('brut');
  });

  it('400 without file or model, 401 with a wrong key', async () => {
    const st = await start({ apiKey: 'sk-test', script: [] });
    const form = new FormData();
    form.set('model', 'whisper-1');
    const r = await fetch(`${st.baseURL}/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test' },
      body: form,
    });
    expect(r.status).toBe(400);
    const form2 = new FormData();
    form2.set('file', new Blob([new Uint8Array([1])]), 'a.ogg');
    const r2 = await fetch(`${st.baseURL}/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test' },
      body: form2,
    });
    expect(r2.status).toBe(400);
    const err = await sdk(st.baseURL, { apiKey: 'nope' })
      .audio.transcriptions.create({ file: await toFile(new Uint8Array([1]), 'v.ogg'), model: 'whisper-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(st.stats().transcriptions).toBe(0);
  });
});
