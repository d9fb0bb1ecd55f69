/** Green-API's instance methods: its state and its settings. */
import type { ApiMethod } from './api-method.ts';
import { postJson } from './json-body.ts';
import { settingsBodySchema } from './records.ts';

export const instanceMethods: Record<string, ApiMethod> = {
  getStateInstance: {
    verb: 'GET',
    run: ({ state, id, answer }) => answer(200, { stateInstance: state.states.get(id) ?? 'authorized' }),
  },
  setSettings: postJson(settingsBodySchema, ({ state, id, answer }, body) => {
    state.settings.set(id, { ...(state.settings.get(id) ?? {}), ...body });
    answer(200, { saveSettings: true });
  }),
  getSettings: {
    verb: 'GET',
    run: ({ state, id, answer }) => answer(200, { wid: `${id}@c.us`, ...(state.settings.get(id) ?? {}) }),
  },
};
