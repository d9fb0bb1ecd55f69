import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';

/**
 * What EspoCRM's answers must look like where MAX reads a record or a list: anything else (a
 * proxy's HTML page with a 200, a body that is not JSON, a 2xx without the record) is an answer
 * outside the protocol. It is not an outage: retrying will not make that answer right, so the
 * message it belongs to fails fast (poison), it is not retried for ten minutes like a CRM that is down.
 */
const record = z.looseObject({ id: z.string().min(1) });
const list = z.looseObject({ list: z.array(record), total: z.number() });

export type AnswerShape = 'record' | 'list';

export const answerShapes: Record<AnswerShape, z.ZodType> = { record, list };

/** An answer outside EspoCRM's protocol; a write's effect is then unknown (it may have been applied). */
export function badAnswer(
  what: 'not_json' | AnswerShape,
  where: { method: string; path: string; status: number },
): AppError {
  return new AppError(
    'upstream',
    what === 'not_json'
      ? 'EspoCRM answered with a body that is not JSON'
      : `EspoCRM answered without the ${what}`,
    {
      retryable: false,
      details: {
        kind: 'bad_answer',
        service: 'crm',
        ...where,
        ...(where.method === 'GET' ? {} : { delivery: 'unknown' }),
      },
    },
  );
}
