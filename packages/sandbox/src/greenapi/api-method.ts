import type { IncomingMessage } from 'node:http';
import type { GreenApiState } from './stand-in-state.ts';

/** One authorised call of a Green-API method (`/waInstance{id}/{method}/{token}`). */
export interface ApiCall {
  state: GreenApiState;
  req: IncomingMessage;
  url: URL;
  /** The instance id from the path. */
  id: string;
  /** Answers and records the request (method, instance, status). */
  answer(status: number, body: unknown): void;
  /** Answers `status` with Green-API's error body. */
  fail(status: number, message: string): void;
}

/** A Green-API method: the HTTP verb it takes (405 otherwise) and what it does. */
export interface ApiMethod {
  verb: 'GET' | 'POST';
  run(call: ApiCall): void | Promise<void>;
}
