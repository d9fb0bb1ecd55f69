/** Green-API's instance methods: its state and its settings. */
import type { ApiMethod } from './api-method.ts';
import { jsonBody } from './json-body.ts';
import { settingsBodySchema } from './records.ts';

export const instanceMethods: Record<string, ApiMethod> = {
  getStateInstance: {
    verb: 'GET',
    run: ({ state, id, answer }) => answer(200, { stateInstance: state.states.get(id) ?? 'authorized' }),
  },
  setSettings: {
    verb: 'POST',
    async run({ state, req, id, answer, fail }) {
      const body = await jsonBody(req, settingsBodySchema);
      if (!body.ok) return fail(400, body.message);
      state.settings.set(id, { ...(state.settings.get(id) ?? {}), ...body.data });
      return answer(200, { saveSettings: true });
    },
  },
  getSettings: {
    verb: 'GET',
    run: ({ state, id, answer }) => answer(200, { wid: `${id}@c.us`, ...(state.settings.get(id) ?? {}) }),
  },
};
