import { type AdminHandlers, onboardingHandlers } from './handlers.ts';
import { serviceHandlers } from './handlers-service.ts';

/** Every command's handler, by action. */
export const adminHandlers: AdminHandlers = {
  ...onboardingHandlers,
  ...serviceHandlers,
};
